package views

import (
	"bytes"
	"slices"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

func userRecord(t *testing.T, h *viewtest.Harness, id int64) []byte {
	t.Helper()
	rec, ok := h.Emu.UserRecord(id)
	if !ok {
		t.Fatalf("no user %d on the pod", id)
	}
	return rec
}

func roomRecord(t *testing.T, h *viewtest.Harness, id string) []byte {
	t.Helper()
	rec, ok := h.Emu.RoomRecord(id)
	if !ok {
		t.Fatalf("no room %s on the pod", id)
	}
	return rec
}

const userUpdateRoute = "POST /pod/v2/admin/user/{uid}/update"

// A user whose every editable field holds a different hostile class: the
// edit form submitted untouched sends nothing and the pod's record stays
// byte for byte; a changed field changes that field only; an emptied one
// is cleared on the pod; a required one cannot be emptied.
func TestUsersFlowEditChangesOnlyWhatWasEdited(t *testing.T) {
	for start := 0; start < len(viewtest.Hostile); start += 8 { // every class in every field, over the runs
		t.Run("classes from "+strconv.Itoa(start), func(t *testing.T) {
			h := viewtest.New(t, viewtest.SmallPod())
			u := viewtest.CreateHostileUser(t, h, "Edit", start)
			id := u.UserSystemInfo.ID
			before := userRecord(t, h, id)

			f := startConsole(t, h, 120, 40)
			f.WaitFor("all users · ")
			f.Command("user " + strconv.FormatInt(id, 10))
			f.WaitFor("roles     ")

			// Untouched: nothing sent, nothing changed.
			f.Send(viewtest.RuneKey("e"))
			f.WaitFor("Edit user")
			f.Send(viewtest.TypeKey(tea.KeyEnter))
			f.WaitFor("nothing changed")
			if n := viewtest.RouteCount(h, userUpdateRoute); n != 0 {
				t.Fatalf("an untouched form sent %d updates", n)
			}
			if after := userRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", viewtest.RecordDiff(t, before, after))
			}

			// The title only.
			f.Send(viewtest.RuneKey("e"))
			f.WaitFor("Edit user")
			for range 5 { // display name, first, last, email, company: then title
				f.Send(viewtest.TypeKey(tea.KeyTab))
			}
			f.Send(viewtest.TypeKey(tea.KeyCtrlC))
			f.TM.Type("Desk Head")
			f.Send(viewtest.TypeKey(tea.KeyEnter))
			f.WaitFor("Save 1 change?")
			f.Send(viewtest.TypeKey(tea.KeyEnter)) // starts on Yes
			f.WaitFor("updated title for")
			after := userRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Title"}) {
				t.Fatalf("changing the title changed %v", d)
			}
			if d, _ := h.Admin.UserDetail(h.Ctx(t), id); d.UserAttributes.Title != "Desk Head" {
				t.Fatalf("title on the pod %q", d.UserAttributes.Title)
			}

			// The department emptied: cleared on the pod.
			before = after
			f.Send(viewtest.RuneKey("e"))
			f.WaitFor("Edit user")
			for range 6 {
				f.Send(viewtest.TypeKey(tea.KeyTab))
			}
			f.Send(viewtest.TypeKey(tea.KeyCtrlC), viewtest.TypeKey(tea.KeyEnter))
			f.WaitFor("(cleared)")
			f.Send(viewtest.RuneKey("y")) // a clearing review starts on No
			f.WaitFor("updated department cleared for")
			after = userRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Department"}) {
				t.Fatalf("clearing the department changed %v", d)
			}
			if d, _ := h.Admin.UserDetail(h.Ctx(t), id); d.UserAttributes.Department != "" {
				t.Fatalf("department on the pod %q", d.UserAttributes.Department)
			}

			// The display name cannot be cleared: said in the form, nothing sent.
			before = after
			sent := viewtest.RouteCount(h, userUpdateRoute)
			f.Send(viewtest.RuneKey("e"))
			f.WaitFor("Edit user")
			f.Send(viewtest.TypeKey(tea.KeyCtrlC), viewtest.TypeKey(tea.KeyEnter))
			f.WaitFor("cannot be cleared")
			f.Send(viewtest.TypeKey(tea.KeyEsc))
			f.Finish()
			if n := viewtest.RouteCount(h, userUpdateRoute); n != sent {
				t.Fatalf("clearing the display name sent %d updates", n-sent)
			}
			if after := userRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", viewtest.RecordDiff(t, before, after))
			}
		})
	}
}

const roomUpdateRoute = "POST /pod/v3/room/{id}/update"

// A room whose name, description and keywords hold hostile classes: its
// edit form submitted untouched sends nothing and the record stays byte
// for byte; toggling Discoverable changes Discoverable only; emptying the
// keywords clears them.
func TestRoomsFlowEditChangesOnlyWhatWasEdited(t *testing.T) {
	for start := 0; start < len(viewtest.Hostile); start += 6 {
		t.Run("classes from "+strconv.Itoa(start), func(t *testing.T) {
			h := viewtest.New(t, viewtest.SmallPod())
			r := viewtest.CreateHostileRoom(t, h, "Zq"+strconv.Itoa(start), start)
			id := r.RoomSystemInfo.ID
			before := roomRecord(t, h, id)

			f := startRoomsFlow(t, h, 120, 40)
			f.waitFor("search: all rooms")
			f.runes("/")
			f.typeText("zq" + strconv.Itoa(start))
			f.key(tea.KeyEnter)
			f.waitFor("1 of ")

			f.runes("e")
			f.waitFor("Edit room")
			f.key(tea.KeyEnter)
			f.waitFor("nothing changed")
			if n := viewtest.RouteCount(h, roomUpdateRoute); n != 0 {
				t.Fatalf("an untouched form sent %d updates", n)
			}
			if after := roomRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", viewtest.RecordDiff(t, before, after))
			}

			// Discoverable only.
			f.runes("e")
			f.waitFor("Edit room")
			for range 3 { // name, description, keywords: then discoverable
				f.key(tea.KeyTab)
			}
			f.key(tea.KeySpace)
			f.key(tea.KeyEnter)
			f.waitFor("on → off")
			f.key(tea.KeyEnter)
			f.waitFor("Updated discoverable off for")
			after := roomRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Discoverable"}) {
				t.Fatalf("toggling discoverable changed %v", d)
			}

			// The keywords emptied: cleared.
			before = after
			f.runes("e")
			f.waitFor("Edit room")
			f.key(tea.KeyTab)
			f.key(tea.KeyTab)
			f.key(tea.KeyCtrlC)
			f.key(tea.KeyEnter)
			f.waitFor("(cleared)")
			f.runes("y")
			f.waitFor("Updated keywords cleared for")
			f.finish()
			after = roomRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Keywords"}) {
				t.Fatalf("clearing the keywords changed %v", d)
			}
			if info := roomInfo(t, h, id); len(info.RoomAttributes.Keywords) != 0 {
				t.Fatalf("keywords on the pod: %v", info.RoomAttributes.Keywords)
			}
		})
	}
}
