package connections

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// showIncoming switches the tab to PENDING_INCOMING with f and returns the
// listed users, at least n of them, in table order, the cursor on the first.
func showIncoming(t *testing.T, v *Tab, n int) []int64 {
	t.Helper()
	viewtest.Press(t, v, viewtest.RuneKey("f"))
	if connFilters[v.filter] != pod.ConnectionPendingIncoming {
		t.Fatalf("f showed %s", connFilters[v.filter])
	}
	viewtest.Press(t, v, viewtest.RuneKey("g"))
	var ids []int64
	for range v.table.Shown() {
		id, _ := strconv.ParseInt(v.table.CursorID(), 10, 64)
		ids = append(ids, id)
		viewtest.Press(t, v, viewtest.RuneKey("j"))
	}
	viewtest.Press(t, v, viewtest.RuneKey("g"))
	if len(ids) < n {
		t.Skipf("the seed has %d incoming requests; the test needs %d", len(ids), n)
	}
	return ids
}

// connStatusOnPod is the caller's connection status with id on the pod
// ("" when there is none).
func connStatusOnPod(t *testing.T, h *viewtest.Harness, id int64) pod.ConnectionStatus {
	t.Helper()
	c, err := h.Admin.Connection(h.Ctx(t), id)
	if err != nil {
		return ""
	}
	return c.Status
}

// Accepting with rows marked accepts the marked rows, not the row under the
// cursor, and asks first since it changes several connections at once.
func TestConnectionsAcceptMarked(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 3)
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	viewtest.Press(t, v, viewtest.RuneKey(" ")) // the cursor is on the third row now

	out := viewtest.Press(t, v, viewtest.RuneKey("A"))
	if len(out.Modals) != 1 {
		t.Fatalf("accepting two requests should ask first; status %q", out.LastStatus())
	}
	dialog := out.Modals[0].View()
	viewtest.MustContain(t, "the confirm", dialog, "2 items?")
	for _, id := range ids[:2] {
		viewtest.MustContain(t, "the confirm", dialog, h.Names.Label(id))
	}
	if strings.Contains(dialog, h.Names.Label(ids[2])) {
		t.Fatalf("the confirm names the unmarked cursor row:\n%s", dialog)
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "accepted 2 connection requests")
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
	out = viewtest.Press(t, v, viewtest.RuneKey("A"))
	if len(out.Modals) != 0 {
		t.Fatal("accepting one request should not ask")
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "accepted the connection request of "+h.Names.Label(ids[2]))
	if got := connStatusOnPod(t, h, ids[2]); got != pod.ConnectionAccepted {
		t.Errorf("the cursor row is %s on the pod", got)
	}
}

// Rejecting and removing act on the marked rows, behind a confirm that
// names them and counts them and defaults to No.
func TestConnectionsRejectAndRemoveMarked(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 3)
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	viewtest.Press(t, v, viewtest.RuneKey(" "))

	out := viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX))
	if len(out.Modals) != 1 {
		t.Fatal("reject should ask first")
	}
	dialog := out.Modals[0].View()
	viewtest.MustContain(t, "the confirm", dialog, "Reject the connection requests of: 2 items?")
	viewtest.MustContain(t, "the confirm", dialog, h.Names.Label(ids[0]))
	viewtest.MustContain(t, "the confirm", dialog, h.Names.Label(ids[1]))
	if out := viewtest.ModalKeys(t, v, out.Modals[0], viewtest.TypeKey(tea.KeyEnter)); out.LastStatus() != "nothing changed" {
		t.Fatalf("enter on the default: status %q", out.LastStatus())
	}
	for _, id := range ids[:3] {
		if got := connStatusOnPod(t, h, id); got != pod.ConnectionPendingIncoming {
			t.Fatalf("declining changed %d: %s", id, got)
		}
	}
	if len(v.table.Marked()) != 2 {
		t.Fatalf("declining dropped the marks: %v", v.table.Marked())
	}

	out = viewtest.ModalKeys(t, v, viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX)).Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "rejected 2 connection requests")
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
		viewtest.Press(t, v, viewtest.RuneKey("f"))
	}
	for _, id := range ids[:2] {
		if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
			t.Fatalf("%d is not listed as rejected", id)
		}
		viewtest.Press(t, v, viewtest.RuneKey(" "))
	}
	out = viewtest.Press(t, v, viewtest.RuneKey("X"))
	if len(out.Modals) != 1 {
		t.Fatal("remove should ask first")
	}
	viewtest.MustContain(t, "the confirm", out.Modals[0].View(), "2 items?")
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "removed 2 connections")
	for _, id := range ids[:2] {
		if got := connStatusOnPod(t, h, id); got != "" {
			t.Errorf("%d is still %s on the pod", id, got)
		}
	}
}

// A change to several users goes on past one the pod refuses (gone
// already), and the status says both what was done and what failed.
func TestConnectionsRemoveMarkedReportsPartialFailure(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	var ids []int64
	for _, id := range v.order {
		if v.conns[id].Status == pod.ConnectionAccepted && len(ids) < 2 {
			ids = append(ids, id)
			v.table.SetCursor(strconv.FormatInt(id, 10))
			viewtest.Press(t, v, viewtest.RuneKey(" "))
		}
	}
	if len(ids) < 2 {
		t.Skip("the seed has fewer than two accepted connections")
	}
	gone := ids[0]
	if v.table.Marked()[0] != strconv.FormatInt(gone, 10) {
		gone = ids[1]
	}
	if err := h.Admin.RemoveConnection(h.Ctx(t), gone); err != nil {
		t.Fatal(err)
	}
	out := viewtest.ModalKeys(t, v, viewtest.Press(t, v, viewtest.RuneKey("X")).Modals[0], viewtest.RuneKey("y"))
	status := out.LastStatus()
	viewtest.MustContain(t, "status", status, "removed the connection with")
	viewtest.MustContain(t, "status", status, "could not remove "+h.Names.Label(gone))
	for _, id := range ids {
		if got := connStatusOnPod(t, h, id); got != "" {
			t.Errorf("%d is still %s on the pod", id, got)
		}
	}
}

// Marked rows that are not incoming requests are left out of a reject,
// and the status says so.
func TestConnectionsRejectMarkedSkipsOthers(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	in := firstWith(t, v, pod.ConnectionPendingIncoming)
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	out := firstWith(t, v, pod.ConnectionPendingOutgoing)
	viewtest.Press(t, v, viewtest.RuneKey(" "))

	d := viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX))
	if len(d.Modals) != 1 {
		t.Fatal("reject should ask first")
	}
	dialog := d.Modals[0].View()
	viewtest.MustContain(t, "the confirm", dialog, "1 item?")
	if strings.Contains(dialog, h.Names.Label(out.UserID)) {
		t.Fatalf("the confirm names the outgoing request:\n%s", dialog)
	}
	d = viewtest.ModalKeys(t, v, d.Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", d.LastStatus(), "rejected the connection request of "+h.Names.Label(in.UserID))
	viewtest.MustContain(t, "status", d.LastStatus(), "1 marked not incoming, left as they were")
	if got := connStatusOnPod(t, h, out.UserID); got != pod.ConnectionPendingOutgoing {
		t.Errorf("the outgoing request is %s on the pod", got)
	}
}

// Marked rows the filter hides are left out of a change and the confirm
// says so; when the status filter hides every marked row the change is
// refused, not turned onto the cursor row.
func TestConnectionsMarksHiddenByTheFilterAreLeftOut(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 3)
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	viewtest.Press(t, v, viewtest.RuneKey(" "))

	// The next status shows none of the two: nothing is done.
	viewtest.Press(t, v, viewtest.RuneKey("f"))
	out := viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX))
	if len(out.Modals) != 0 {
		t.Fatalf("a confirm opened with every marked row hidden:\n%s", out.Modals[0].View())
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "nothing done: the 2 marked rows are all hidden by the status filter")

	// Back on the incoming ones, a filter hides the second: only the
	// first is rejected.
	for connFilters[v.filter] != pod.ConnectionPendingIncoming {
		viewtest.Press(t, v, viewtest.RuneKey("f"))
	}
	_, email := v.userText(ids[0])
	v.table.SetFilter(email)
	if v.table.Shown() != 1 {
		t.Skipf("the filter on %d shows %d rows", ids[0], v.table.Shown())
	}
	out = viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlX))
	if len(out.Modals) != 1 {
		t.Fatalf("reject should ask first; status %q", out.LastStatus())
	}
	dialog := out.Modals[0].View()
	viewtest.MustContain(t, "the confirm", dialog, "Reject the connection request of: 1 item?")
	viewtest.MustContain(t, "the confirm", dialog, "1 marked row hidden by the filter is left out")
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	for i, want := range []pod.ConnectionStatus{pod.ConnectionRejected, pod.ConnectionPendingIncoming, pod.ConnectionPendingIncoming} {
		if got := connStatusOnPod(t, h, ids[i]); got != want {
			t.Errorf("row %d (%d): %s on the pod, want %s", i, ids[i], got, want)
		}
	}
	if v.table.MarkCount() != 1 || v.table.HiddenMarks() != 1 {
		t.Errorf("after the change: %d marked, %d hidden; want the hidden one still marked", v.table.MarkCount(), v.table.HiddenMarks())
	}
}

// A finished change unmarks the rows it was done for only: a request the
// pod refused (rejected meanwhile, elsewhere) stays marked for a retry.
func TestConnectionsFailedRowsStayMarked(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v := newTestConnections(t, h)
	ids := showIncoming(t, v, 2)
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	viewtest.Press(t, v, viewtest.RuneKey(" "))
	if _, err := h.Admin.RejectConnection(h.Ctx(t), ids[1]); err != nil {
		t.Fatal(err)
	}
	out := viewtest.Press(t, v, viewtest.RuneKey("A"))
	if len(out.Modals) != 1 {
		t.Fatalf("no confirm; status %q", out.LastStatus())
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	viewtest.MustContain(t, "status", out.LastStatus(), "could not accept")
	if got := connStatusOnPod(t, h, ids[0]); got != pod.ConnectionAccepted {
		t.Errorf("the first request is %s on the pod", got)
	}
	// Rejected meanwhile, the row is out of the incoming rows: a hidden mark.
	viewtest.MustContain(t, "the foot", v.View(), "1 marked, 1 hidden")
	v.setFilter(0)
	if got := v.table.Marked(); len(got) != 1 || got[0] != strconv.FormatInt(ids[1], 10) {
		t.Errorf("marked after the change: %v; want the refused row %d alone", got, ids[1])
	}
}
