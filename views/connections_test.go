package views

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
)

func newTestConnections(t *testing.T, h *harness) *Connections {
	t.Helper()
	v := NewConnections(h.Common, h.Deps)
	v.SetSize(120, 30)
	drive(t, v, v.Init())
	return v
}

// firstWith returns a listed connection with the given status.
func firstWith(t *testing.T, v *Connections, s pod.ConnectionStatus) pod.Connection {
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
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	c := firstWith(t, v, pod.ConnectionAccepted)
	name := h.Names.Label(c.UserID)
	if strings.HasPrefix(name, "#") {
		t.Fatalf("the name of %d was not resolved", c.UserID)
	}

	out := press(t, v, runeKey("X"))
	if len(out.modals) != 1 {
		t.Fatal("remove should ask first")
	}
	mustContain(t, "the confirm", out.modals[0].View(), "Remove the connection with")
	mustContain(t, "the confirm", out.modals[0].View(), name)
	out = modalKeys(t, v, out.modals[0], typeKey(tea.KeyEnter))
	if out.lastStatus() != "nothing changed" {
		t.Fatalf("status %q", out.lastStatus())
	}
	if _, err := h.Admin.Connection(h.ctx(t), c.UserID); err != nil {
		t.Fatalf("declining removed the connection: %v", err)
	}

	n := len(v.order)
	out = modalKeys(t, v, press(t, v, runeKey("X")).modals[0], runeKey("y"))
	mustContain(t, "status", out.lastStatus(), "removed the connection with "+name)
	if _, err := h.Admin.Connection(h.ctx(t), c.UserID); err == nil {
		t.Fatal("the connection is still on the pod")
	}
	if len(v.order) != n-1 {
		t.Fatalf("the list was not reloaded: %d rows, want %d", len(v.order), n-1)
	}
}

// Rejecting an incoming request is confirmed; other statuses cannot be
// rejected or accepted.
func TestConnectionsReject(t *testing.T) {
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	firstWith(t, v, pod.ConnectionPendingOutgoing)
	if out := press(t, v, typeKey(tea.KeyCtrlX)); len(out.modals) != 0 || !strings.Contains(out.lastStatus(), "only an incoming request") {
		t.Fatalf("rejecting an outgoing request: %+v", out)
	}
	if out := press(t, v, runeKey("A")); !strings.Contains(out.lastStatus(), "only an incoming request") {
		t.Fatalf("accepting an outgoing request: %q", out.lastStatus())
	}
	c := firstWith(t, v, pod.ConnectionPendingIncoming)
	out := modalKeys(t, v, press(t, v, typeKey(tea.KeyCtrlX)).modals[0], runeKey("y"))
	mustContain(t, "status", out.lastStatus(), "rejected the connection request")
	got, err := h.Admin.Connection(h.ctx(t), c.UserID)
	if err != nil || got.Status != pod.ConnectionRejected {
		t.Fatalf("after rejecting: %+v, %v", got, err)
	}
}

// A request goes to a user found by a directory search in the picker.
func TestConnectionsRequestViaPicker(t *testing.T) {
	h := newHarness(t, emulator.Options{Users: 1000, Rooms: 10})
	ctx := h.ctx(t)
	res, err := h.Admin.SearchUsers(ctx, pod.UserSearchQuery{}, false, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var target pod.User
	for _, u := range res.Users {
		if u.Company == "Meridian Capital" || !isPlain(u.EmailAddress) {
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
	out := press(t, v, runeKey("a"))
	if len(out.modals) != 1 {
		t.Fatal("a should open the picker")
	}
	picker := out.modals[0]
	var cmd tea.Cmd
	for _, r := range target.EmailAddress {
		picker, cmd = picker.Update(runeKey(string(r)))
	}
	// The picker's debounce, then the query goes to the view, whose answer
	// goes back to the picker.
	for _, msg := range runCmd(cmd) {
		var next tea.Cmd
		picker, next = picker.Update(msg)
		for _, q := range runCmd(next) {
			if qm, ok := q.(ui.PickerQueryMsg); ok {
				_, ans := v.Update(qm)
				picker, _ = picker.Update(ans())
			}
		}
	}
	mustContain(t, "the picker", picker.View(), target.DisplayName)
	out = modalKeys(t, v, picker, typeKey(tea.KeyEnter))
	mustContain(t, "status", out.lastStatus(), "sent a connection request to")
	got, err := h.Admin.Connection(ctx, target.ID)
	if err != nil || got.Status != pod.ConnectionPendingOutgoing {
		t.Fatalf("after the request: %+v, %v", got, err)
	}
}

// A failed load says so with the retry key; the retry loads.
func TestConnectionsLoadErrorThenRetry(t *testing.T) {
	h := newHarness(t, smallPod())
	// Log in first, so that the list itself is what fails.
	if _, err := h.Admin.SessionInfo(h.ctx(t)); err != nil {
		t.Fatal(err)
	}
	h.Emu.SetFaults(emulator.Faults{Unreachable: true})
	v := newTestConnections(t, h)
	mustContain(t, "the view", v.View(), "loading failed")
	mustContain(t, "the view", v.View(), "r retry")
	h.Emu.SetFaults(emulator.Faults{})
	press(t, v, runeKey("r"))
	if v.err != nil || len(v.order) == 0 {
		t.Fatalf("after the retry: err %v, %d rows", v.err, len(v.order))
	}
	mustContain(t, "the view", v.View(), "status: ALL ·")
}
