package users

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

// The pod refuses a new user (the username is taken): the form comes back
// with every typed value, the pod's reason under Username, focused; fixed,
// it creates the user.
func TestUsersCreateRefusedKeepsTheFormAndPointsAtTheField(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	taken := plainLocalUser(t, h, 0).UserAttributes.UserName

	out := viewtest.Press(t, v, viewtest.RuneKey("a"))
	form := out.Modals[0]
	viewtest.TypeInto(form, "new.hire@example.com")
	form.Update(viewtest.TypeKey(tea.KeyTab))
	viewtest.TypeInto(form, taken)
	form.Update(viewtest.TypeKey(tea.KeyTab))
	viewtest.TypeInto(form, "New Hire")
	for range 4 {
		form.Update(viewtest.TypeKey(tea.KeyTab))
	}
	viewtest.TypeInto(form, "Analyst")
	out = viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
	if len(out.Modals) != 1 {
		t.Fatalf("the refused form did not come back: status %q", out.LastStatus())
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "cannot create user New Hire")
	again := out.Modals[0]
	again.SetSize(120, 30)
	view := again.View()
	for _, want := range []string{"new.hire@example.com", "> Username     " + taken, "is already taken", "New Hire", "Analyst"} {
		viewtest.MustContain(t, "reopened form", view, want)
	}

	// Fixed: created, with what was typed.
	again.Update(viewtest.TypeKey(tea.KeyCtrlC))
	viewtest.TypeInto(again, "new.hire")
	out = viewtest.ModalKeys(t, v, again, viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "status", out.LastStatus(), "created user New Hire")
	found, err := h.Admin.ListUsers(h.Ctx(t), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range found {
		if u.UserAttributes.UserName == "new.hire" {
			if u.UserAttributes.Title != "Analyst" || u.UserAttributes.EmailAddress != "new.hire@example.com" {
				t.Fatalf("created %+v", u.UserAttributes)
			}
			return
		}
	}
	t.Fatal("the user was not created")
}
