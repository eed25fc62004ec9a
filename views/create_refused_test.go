package views

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// typeInto types s into a modal, rune by rune.
func typeInto(md ui.Modal, s string) {
	for _, r := range s {
		md.Update(runeKey(string(r)))
	}
}

// The pod refuses a new user (the username is taken): the form comes back
// with every typed value, the pod's reason under Username, focused; fixed,
// it creates the user.
func TestUsersCreateRefusedKeepsTheFormAndPointsAtTheField(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	taken := plainLocalUser(t, h, 0).UserAttributes.UserName

	out := press(t, v, runeKey("a"))
	form := out.modals[0]
	typeInto(form, "new.hire@example.com")
	form.Update(typeKey(tea.KeyTab))
	typeInto(form, taken)
	form.Update(typeKey(tea.KeyTab))
	typeInto(form, "New Hire")
	for range 4 {
		form.Update(typeKey(tea.KeyTab))
	}
	typeInto(form, "Analyst")
	out = modalKeys(t, v, form, typeKey(tea.KeyEnter))
	if len(out.modals) != 1 {
		t.Fatalf("the refused form did not come back: status %q", out.lastStatus())
	}
	mustContain(t, "status", out.lastStatus(), "cannot create user New Hire")
	again := out.modals[0]
	again.SetSize(120, 30)
	view := again.View()
	for _, want := range []string{"new.hire@example.com", "> Username     " + taken, "is already taken", "New Hire", "Analyst"} {
		mustContain(t, "reopened form", view, want)
	}

	// Fixed: created, with what was typed.
	again.Update(typeKey(tea.KeyCtrlC))
	typeInto(again, "new.hire")
	out = modalKeys(t, v, again, typeKey(tea.KeyEnter))
	mustContain(t, "status", out.lastStatus(), "created user New Hire")
	found, err := h.Admin.ListUsers(h.ctx(t), 0, 1000)
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

// The pod refuses a new room naming the keywords: the form comes back with
// every value and toggle as typed, the reason under Keywords, focused.
func TestRoomsCreateRefusedKeepsTheFormAndPointsAtTheField(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	h := newHarness(t, smallPod(), withPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if refuse.Load() && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/v3/room/create") {
			podRefusal(w, http.StatusBadRequest, "Every keyword needs a key and a value")
			return true
		}
		return false
	}))
	v := NewRooms(h.Common, h.Deps)
	v.SetSize(120, 30)
	out := press(t, v, runeKey("a"))
	form := out.modals[0]
	typeInto(form, "Zephyr Desk")
	form.Update(typeKey(tea.KeyTab))
	typeInto(form, "Rates desk")
	form.Update(typeKey(tea.KeyTab))
	typeInto(form, "region=EMEA")
	form.Update(typeKey(tea.KeyTab))
	form.Update(runeKey(" ")) // public on
	out = modalKeys(t, v, form, typeKey(tea.KeyEnter))
	if len(out.modals) != 1 {
		t.Fatalf("the refused form did not come back: status %q", out.lastStatus())
	}
	mustContain(t, "status", out.lastStatus(), "cannot create room Zephyr Desk: Every keyword needs a key and a value")
	again := out.modals[0]
	again.SetSize(120, 30)
	view := again.View()
	for _, want := range []string{"Zephyr Desk", "Rates desk", "> Keywords", "region=EMEA", "Every keyword needs a key and a value", "Public         [x]"} {
		mustContain(t, "reopened form", view, want)
	}
	refuse.Store(false)
	out = modalKeys(t, v, again, typeKey(tea.KeyEnter))
	mustContain(t, "status", out.lastStatus(), "Created room Zephyr Desk")
}
