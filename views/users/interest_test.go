package users

import (
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// The Users tab registers presence interest for the external users it
// shows, and for nobody while it shows only the pod's own users.
func TestUsersRegisterPresenceInterestForExternalUsers(t *testing.T) {
	h, tr := viewtest.NewTracked(t)
	ext := viewtest.ExternalUsers(t, h, 1)[0]

	v, _ := newTestUsers(t, h, 120, 40)
	if v.selfID == 0 || len(v.listIDs) == 0 {
		t.Fatalf("caller %d, %d users listed", v.selfID, len(v.listIDs))
	}
	viewtest.SettleTracker(t, tr)
	if n := viewtest.Registrations(h); n != 0 {
		t.Fatalf("the pod's own users led to %d registrations", n)
	}

	viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "user", Arg: ext.EmailAddress} })
	if !v.table.Has(strconv.FormatInt(ext.ID, 10)) {
		t.Fatalf("%d is not shown", ext.ID)
	}
	viewtest.RegisteredWithin(t, h, tr, ext.ID)
	if n := viewtest.Registrations(h); n != 1 {
		t.Errorf("%d registrations; want 1", n)
	}
	for _, id := range v.listIDs[:20] {
		if tr.Registered(id) {
			t.Fatalf("the pod's own user %d was registered", id)
		}
	}
}
