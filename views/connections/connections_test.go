package connections

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

func newTestConnections(t *testing.T, h *viewtest.Harness) *Tab {
	t.Helper()
	v := New(h.Common, h.Deps)
	v.SetSize(120, 30)
	viewtest.Drive(t, v, v.Init())
	return v
}

// firstWith returns a listed connection with the given status.
func firstWith(t *testing.T, v *Tab, s pod.ConnectionStatus) pod.Connection {
	t.Helper()
	for _, id := range v.order {
		if c := v.conns[id]; c.Status == s {
			if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
				t.Fatalf("row %d not shown", id)
			}
			return c
		}
	}
	t.Fatalf("no %s connection listed", s)
	return pod.Connection{}
}

// Removing asks first, naming the user: declining keeps the connection,
// confirming removes it and reloads the list.
func TestConnectionsRemoveDeclineThenConfirm(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	c := firstWith(t, v, pod.ConnectionAccepted)
	name := h.Names.Label(c.UserID)
	if strings.HasPrefix(name, "#") {
		t.Fatalf("the name of %d was not resolved", c.UserID)
	}

	out := viewtest.Press(t, v, viewtest.RuneKey("X"))
	if len(out.Modals) != 1 {
		t.Fatal("remove should ask first")
	}
	viewtest.MustContain(t, "the confirm", out.Modals[0].View(), "Remove the connection with")
	viewtest.MustContain(t, "the confirm", out.Modals[0].View(), name)
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.TypeKey(tea.KeyEnter))
	if out.LastStatus() != "nothing changed" {
		t.Fatalf("status %q", out.LastStatus())
	}
	if _, err := h.Admin.Connection(h.Ctx(t), c.UserID); err != nil {
		t.Fatalf("declining removed the connection: %v", err)
	}

	n := len(v.order)
	out = viewtest.ModalKeys(t, v, viewtest.Press(t, v, viewtest.RuneKey("X")).Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "removed the connection with "+name)
	if _, err := h.Admin.Connection(h.Ctx(t), c.UserID); err == nil {
		t.Fatal("the connection is still on the pod")
	}
	if len(v.order) != n-1 {
		t.Fatalf("the list was not reloaded: %d rows, want %d", len(v.order), n-1)
	}
}

// Rejecting an incoming request is confirmed; other statuses cannot be
// rejected or accepted.
func TestConnectionsReject(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	firstWith(t, v, pod.ConnectionPendingOutgoing)
	if out := viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX)); len(out.Modals) != 0 || !strings.Contains(out.LastStatus(), "only an incoming request") {
		t.Fatalf("rejecting an outgoing request: %+v", out)
	}
	if out := viewtest.Press(t, v, viewtest.RuneKey("A")); !strings.Contains(out.LastStatus(), "only an incoming request") {
		t.Fatalf("accepting an outgoing request: %q", out.LastStatus())
	}
	c := firstWith(t, v, pod.ConnectionPendingIncoming)
	out := viewtest.ModalKeys(t, v, viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX)).Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "rejected the connection request")
	got, err := h.Admin.Connection(h.Ctx(t), c.UserID)
	if err != nil || got.Status != pod.ConnectionRejected {
		t.Fatalf("after rejecting: %+v, %v", got, err)
	}
}

// A request goes to a user found by a directory search in the picker.
func TestConnectionsRequestViaPicker(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 1000, Rooms: 10})
	ctx := h.Ctx(t)
	res, err := h.Admin.SearchUsers(ctx, pod.UserSearchQuery{}, false, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var target pod.User
	for _, u := range res.Users {
		if u.Company == "Meridian Capital" || !viewtest.IsPlain(u.EmailAddress) {
			continue // same pod: implicitly connected
		}
		if _, err := h.Admin.Connection(ctx, u.ID); err != nil {
			target = u
			break
		}
	}
	if target.ID == 0 {
		t.Skip("every external user of the seed is connected already")
	}
	v := newTestConnections(t, h)
	out := viewtest.Press(t, v, viewtest.RuneKey("a"))
	if len(out.Modals) != 1 {
		t.Fatal("a should open the picker")
	}
	picker := out.Modals[0]
	var cmd tea.Cmd
	for _, r := range target.EmailAddress {
		picker, cmd = picker.Update(viewtest.RuneKey(string(r)))
	}
	// The picker's debounce, then the query goes to the view, whose answer
	// goes back to the picker.
	for _, msg := range viewtest.RunCmd(cmd) {
		var next tea.Cmd
		picker, next = picker.Update(msg)
		for _, q := range viewtest.RunCmd(next) {
			if qm, ok := q.(ui.PickerQueryMsg); ok {
				_, ans := v.Update(qm)
				picker, _ = picker.Update(ans())
			}
		}
	}
	viewtest.MustContain(t, "the picker", picker.View(), target.DisplayName)
	out = viewtest.ModalKeys(t, v, picker, viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "status", out.LastStatus(), "sent a connection request to")
	got, err := h.Admin.Connection(ctx, target.ID)
	if err != nil || got.Status != pod.ConnectionPendingOutgoing {
		t.Fatalf("after the request: %+v, %v", got, err)
	}
}

// A failed load says so with the retry key; the retry loads.
func TestConnectionsLoadErrorThenRetry(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	// Log in first, so that the list itself is what fails.
	if _, err := h.Admin.SessionInfo(h.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	h.Emu.SetFaults(emulator.Faults{Unreachable: true})
	v := newTestConnections(t, h)
	viewtest.MustContain(t, "the view", v.View(), "loading failed")
	viewtest.MustContain(t, "the view", v.View(), "r retry")
	h.Emu.SetFaults(emulator.Faults{})
	viewtest.Press(t, v, viewtest.RuneKey("r"))
	if v.err != nil || len(v.order) == 0 {
		t.Fatalf("after the retry: err %v, %d rows", v.err, len(v.order))
	}
	viewtest.MustContain(t, "the view", v.View(), "status: ALL ·")
}
