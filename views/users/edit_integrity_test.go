package users

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
