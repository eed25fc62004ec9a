package views

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// recordDiff names the top-level fields that differ between two stored
// records (emulator JSON), the modification dates aside (the pod's clock
// is fixed in tests, so they may or may not move).
func recordDiff(t *testing.T, before, after []byte) []string {
	t.Helper()
	var a, b map[string]json.RawMessage
	if err := json.Unmarshal(before, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(after, &b); err != nil {
		t.Fatal(err)
	}
	var diff []string
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			diff = append(diff, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, k)
		}
	}
	slices.Sort(diff)
	return slices.DeleteFunc(diff, func(k string) bool { return k == "LastUpdatedDate" || k == "LastModified" })
}

func userRecord(t *testing.T, h *harness, id int64) []byte {
	t.Helper()
	rec, ok := h.Emu.UserRecord(id)
	if !ok {
		t.Fatalf("no user %d on the pod", id)
	}
	return rec
}

func roomRecord(t *testing.T, h *harness, id string) []byte {
	t.Helper()
	rec, ok := h.Emu.RoomRecord(id)
	if !ok {
		t.Fatalf("no room %s on the pod", id)
	}
	return rec
}

func routeCount(h *harness, route string) int { return h.Emu.Stats().Routes[route].Requests }

const userUpdateRoute = "POST /pod/v2/admin/user/{uid}/update"

// A user whose every editable field holds a different hostile class: the
// edit form submitted untouched sends nothing and the pod's record stays
// byte for byte; a changed field changes that field only; an emptied one
// is cleared on the pod; a required one cannot be emptied.
func TestUsersFlowEditChangesOnlyWhatWasEdited(t *testing.T) {
	for start := 0; start < len(hostile); start += 8 { // every class in every field, over the runs
		t.Run("classes from "+strconv.Itoa(start), func(t *testing.T) {
			h := newHarness(t, smallPod())
			u := createHostileUser(t, h, "Edit", start)
			id := u.UserSystemInfo.ID
			before := userRecord(t, h, id)

			f := startConsole(t, h, 120, 40)
			f.waitFor("all users · ")
			f.command("user " + strconv.FormatInt(id, 10))
			f.waitFor("roles     ")

			// Untouched: nothing sent, nothing changed.
			f.send(runeKey("e"))
			f.waitFor("Edit user")
			f.send(typeKey(tea.KeyEnter))
			f.waitFor("nothing changed")
			if n := routeCount(h, userUpdateRoute); n != 0 {
				t.Fatalf("an untouched form sent %d updates", n)
			}
			if after := userRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", recordDiff(t, before, after))
			}

			// The title only.
			f.send(runeKey("e"))
			f.waitFor("Edit user")
			for range 5 { // display name, first, last, email, company: then title
				f.send(typeKey(tea.KeyTab))
			}
			f.send(typeKey(tea.KeyCtrlC))
			f.tm.Type("Desk Head")
			f.send(typeKey(tea.KeyEnter))
			f.waitFor("Save 1 change?")
			f.send(typeKey(tea.KeyEnter)) // starts on Yes
			f.waitFor("updated title for")
			after := userRecord(t, h, id)
			if d := recordDiff(t, before, after); !slices.Equal(d, []string{"Title"}) {
				t.Fatalf("changing the title changed %v", d)
			}
			if d, _ := h.Admin.UserDetail(h.ctx(t), id); d.UserAttributes.Title != "Desk Head" {
				t.Fatalf("title on the pod %q", d.UserAttributes.Title)
			}

			// The department emptied: cleared on the pod.
			before = after
			f.send(runeKey("e"))
			f.waitFor("Edit user")
			for range 6 {
				f.send(typeKey(tea.KeyTab))
			}
			f.send(typeKey(tea.KeyCtrlC), typeKey(tea.KeyEnter))
			f.waitFor("(cleared)")
			f.send(runeKey("y")) // a clearing review starts on No
			f.waitFor("updated department cleared for")
			after = userRecord(t, h, id)
			if d := recordDiff(t, before, after); !slices.Equal(d, []string{"Department"}) {
				t.Fatalf("clearing the department changed %v", d)
			}
			if d, _ := h.Admin.UserDetail(h.ctx(t), id); d.UserAttributes.Department != "" {
				t.Fatalf("department on the pod %q", d.UserAttributes.Department)
			}

			// The display name cannot be cleared: said in the form, nothing sent.
			before = after
			sent := routeCount(h, userUpdateRoute)
			f.send(runeKey("e"))
			f.waitFor("Edit user")
			f.send(typeKey(tea.KeyCtrlC), typeKey(tea.KeyEnter))
			f.waitFor("cannot be cleared")
			f.send(typeKey(tea.KeyEsc))
			f.finish()
			if n := routeCount(h, userUpdateRoute); n != sent {
				t.Fatalf("clearing the display name sent %d updates", n-sent)
			}
			if after := userRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", recordDiff(t, before, after))
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
	for start := 0; start < len(hostile); start += 6 {
		t.Run("classes from "+strconv.Itoa(start), func(t *testing.T) {
			h := newHarness(t, smallPod())
			r := createHostileRoom(t, h, "Zq"+strconv.Itoa(start), start)
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
			if n := routeCount(h, roomUpdateRoute); n != 0 {
				t.Fatalf("an untouched form sent %d updates", n)
			}
			if after := roomRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", recordDiff(t, before, after))
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
			if d := recordDiff(t, before, after); !slices.Equal(d, []string{"Discoverable"}) {
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
			if d := recordDiff(t, before, after); !slices.Equal(d, []string{"Keywords"}) {
				t.Fatalf("clearing the keywords changed %v", d)
			}
			if info := roomInfo(t, h, id); len(info.RoomAttributes.Keywords) != 0 {
				t.Fatalf("keywords on the pod: %v", info.RoomAttributes.Keywords)
			}
		})
	}
}
