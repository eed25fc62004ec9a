package views

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
)

// showIncoming switches the tab to PENDING_INCOMING with f and returns the
// listed users, at least n of them, in table order, the cursor on the first.
func showIncoming(t *testing.T, v *Connections, n int) []int64 {
	t.Helper()
	press(t, v, runeKey("f"))
	if connFilters[v.filter] != pod.ConnectionPendingIncoming {
		t.Fatalf("f showed %s", connFilters[v.filter])
	}
	press(t, v, runeKey("g"))
	var ids []int64
	for range v.table.Shown() {
		id, _ := strconv.ParseInt(v.table.CursorID(), 10, 64)
		ids = append(ids, id)
		press(t, v, runeKey("j"))
	}
	press(t, v, runeKey("g"))
	if len(ids) < n {
		t.Skipf("the seed has %d incoming requests; the test needs %d", len(ids), n)
	}
	return ids
}

// connStatusOnPod is the caller's connection status with id on the pod
// ("" when there is none).
func connStatusOnPod(t *testing.T, h *harness, id int64) pod.ConnectionStatus {
	t.Helper()
	c, err := h.Admin.Connection(h.ctx(t), id)
	if err != nil {
		return ""
	}
	return c.Status
}

// Accepting with rows marked accepts the marked rows, not the row under the
// cursor, and asks first since it changes several connections at once.
func TestConnectionsAcceptMarked(t *testing.T) {
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 3)
	press(t, v, runeKey(" "))
	press(t, v, runeKey(" ")) // the cursor is on the third row now

	out := press(t, v, runeKey("A"))
	if len(out.modals) != 1 {
		t.Fatalf("accepting two requests should ask first; status %q", out.lastStatus())
	}
	dialog := out.modals[0].View()
	mustContain(t, "the confirm", dialog, "2 items?")
	for _, id := range ids[:2] {
		mustContain(t, "the confirm", dialog, h.Names.Label(id))
	}
	if strings.Contains(dialog, h.Names.Label(ids[2])) {
		t.Fatalf("the confirm names the unmarked cursor row:\n%s", dialog)
	}
	out = modalKeys(t, v, out.modals[0], runeKey("y"))
	mustContain(t, "status", out.lastStatus(), "accepted 2 connection requests")
	for i, id := range ids[:3] {
		want := pod.ConnectionAccepted
		if i == 2 {
			want = pod.ConnectionPendingIncoming
		}
		if got := connStatusOnPod(t, h, id); got != want {
			t.Errorf("row %d (%d): %s on the pod, want %s", i, id, got, want)
		}
	}
	if len(v.table.Marked()) != 0 {
		t.Errorf("marks left after the action: %v", v.table.Marked())
	}

	// One request, no marks: accepted at once, and said so.
	out = press(t, v, runeKey("A"))
	if len(out.modals) != 0 {
		t.Fatal("accepting one request should not ask")
	}
	mustContain(t, "status", out.lastStatus(), "accepted the connection request of "+h.Names.Label(ids[2]))
	if got := connStatusOnPod(t, h, ids[2]); got != pod.ConnectionAccepted {
		t.Errorf("the cursor row is %s on the pod", got)
	}
}

// Rejecting and removing act on the marked rows, behind a confirm that
// names them and counts them and defaults to No.
func TestConnectionsRejectAndRemoveMarked(t *testing.T) {
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 3)
	press(t, v, runeKey(" "))
	press(t, v, runeKey(" "))

	out := press(t, v, typeKey(tea.KeyCtrlX))
	if len(out.modals) != 1 {
		t.Fatal("reject should ask first")
	}
	dialog := out.modals[0].View()
	mustContain(t, "the confirm", dialog, "Reject the connection requests of: 2 items?")
	mustContain(t, "the confirm", dialog, h.Names.Label(ids[0]))
	mustContain(t, "the confirm", dialog, h.Names.Label(ids[1]))
	if out := modalKeys(t, v, out.modals[0], typeKey(tea.KeyEnter)); out.lastStatus() != "nothing changed" {
		t.Fatalf("enter on the default: status %q", out.lastStatus())
	}
	for _, id := range ids[:3] {
		if got := connStatusOnPod(t, h, id); got != pod.ConnectionPendingIncoming {
			t.Fatalf("declining changed %d: %s", id, got)
		}
	}
	if len(v.table.Marked()) != 2 {
		t.Fatalf("declining dropped the marks: %v", v.table.Marked())
	}

	out = modalKeys(t, v, press(t, v, typeKey(tea.KeyCtrlX)).modals[0], runeKey("y"))
	mustContain(t, "status", out.lastStatus(), "rejected 2 connection requests")
	for i, id := range ids[:3] {
		want := pod.ConnectionRejected
		if i == 2 {
			want = pod.ConnectionPendingIncoming
		}
		if got := connStatusOnPod(t, h, id); got != want {
			t.Errorf("row %d (%d): %s on the pod, want %s", i, id, got, want)
		}
	}

	// Remove the two rejected ones: they are marked on the REJECTED list.
	for v.filter != 4 {
		press(t, v, runeKey("f"))
	}
	for _, id := range ids[:2] {
		if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
			t.Fatalf("%d is not listed as rejected", id)
		}
		press(t, v, runeKey(" "))
	}
	out = press(t, v, runeKey("X"))
	if len(out.modals) != 1 {
		t.Fatal("remove should ask first")
	}
	mustContain(t, "the confirm", out.modals[0].View(), "2 items?")
	out = modalKeys(t, v, out.modals[0], runeKey("y"))
	mustContain(t, "status", out.lastStatus(), "removed 2 connections")
	for _, id := range ids[:2] {
		if got := connStatusOnPod(t, h, id); got != "" {
			t.Errorf("%d is still %s on the pod", id, got)
		}
	}
}

// A change to several users goes on past one the pod refuses (gone
// already), and the status says both what was done and what failed.
func TestConnectionsRemoveMarkedReportsPartialFailure(t *testing.T) {
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	var ids []int64
	for _, id := range v.order {
		if v.conns[id].Status == pod.ConnectionAccepted && len(ids) < 2 {
			ids = append(ids, id)
			v.table.SetCursor(strconv.FormatInt(id, 10))
			press(t, v, runeKey(" "))
		}
	}
	if len(ids) < 2 {
		t.Skip("the seed has fewer than two accepted connections")
	}
	gone := ids[0]
	if v.table.Marked()[0] != strconv.FormatInt(gone, 10) {
		gone = ids[1]
	}
	if err := h.Admin.RemoveConnection(h.ctx(t), gone); err != nil {
		t.Fatal(err)
	}
	out := modalKeys(t, v, press(t, v, runeKey("X")).modals[0], runeKey("y"))
	status := out.lastStatus()
	mustContain(t, "status", status, "removed the connection with")
	mustContain(t, "status", status, "could not remove "+h.Names.Label(gone))
	for _, id := range ids {
		if got := connStatusOnPod(t, h, id); got != "" {
			t.Errorf("%d is still %s on the pod", id, got)
		}
	}
}

// Marked rows that are not incoming requests are left out of a reject,
// and the status says so.
func TestConnectionsRejectMarkedSkipsOthers(t *testing.T) {
	h := newHarness(t, smallPod())
	v := newTestConnections(t, h)
	in := firstWith(t, v, pod.ConnectionPendingIncoming)
	press(t, v, runeKey(" "))
	out := firstWith(t, v, pod.ConnectionPendingOutgoing)
	press(t, v, runeKey(" "))

	d := press(t, v, typeKey(tea.KeyCtrlX))
	if len(d.modals) != 1 {
		t.Fatal("reject should ask first")
	}
	dialog := d.modals[0].View()
	mustContain(t, "the confirm", dialog, "1 item?")
	if strings.Contains(dialog, h.Names.Label(out.UserID)) {
		t.Fatalf("the confirm names the outgoing request:\n%s", dialog)
	}
	d = modalKeys(t, v, d.modals[0], runeKey("y"))
	mustContain(t, "status", d.lastStatus(), "rejected the connection request of "+h.Names.Label(in.UserID))
	mustContain(t, "status", d.lastStatus(), "1 marked not incoming, left as they were")
	if got := connStatusOnPod(t, h, out.UserID); got != pod.ConnectionPendingOutgoing {
		t.Errorf("the outgoing request is %s on the pod", got)
	}
}
