package connections

import (
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// The tab holds the connections of every status and counts them all; the
// status filter (f, or ":connections STATUS") and "/" narrow what is
// shown locally, and the count says the hits beside the total, as the
// Users and Rooms tabs do.
func TestConnectionsTallySaysTheTotalAndTheHits(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	per := map[pod.ConnectionStatus][]pod.Connection{}
	total := 0
	for _, s := range connFilters[1:] {
		list, err := h.Admin.Connections(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		per[s], total = list, total+len(list)
	}
	incoming := per[pod.ConnectionPendingIncoming]
	if len(incoming) < 2 || len(per[pod.ConnectionAccepted]) == 0 {
		t.Fatalf("the seed has %d incoming and %d accepted connections; the test needs 2 and 1", len(incoming), len(per[pod.ConnectionAccepted]))
	}
	v := newTestConnections(t, h)
	if got := ui.TallyOf(v); got.Total != total || got.Narrowed || got.String() != ui.Thousands(total) {
		t.Fatalf("all statuses: tally %+v (%q), want %d connections", got, got.String(), total)
	}

	before := viewtest.RouteCount(h, "GET /pod/v1/connection/list")
	viewtest.Press(t, v, viewtest.RuneKey("f"))
	want := strconv.Itoa(len(incoming)) + " of " + ui.Thousands(total)
	if got := ui.TallyOf(v); got.Total != total || got.Shown != len(incoming) || got.String() != want {
		t.Fatalf("incoming: tally %+v (%q), want %q", got, got.String(), want)
	}
	viewtest.MustContain(t, "the view", v.View(), "status: PENDING_INCOMING · "+want+" connections")
	for _, id := range v.table.ShownIDs() {
		uid, _ := strconv.ParseInt(id, 10, 64)
		if s := v.conns[uid].Status; s != pod.ConnectionPendingIncoming {
			t.Fatalf("user %d shown under incoming is %s", uid, s)
		}
	}
	if after := viewtest.RouteCount(h, "GET /pod/v1/connection/list"); after != before {
		t.Fatalf("the status filter asked the pod %d times; it narrows what is held", after-before)
	}

	// The filter narrows within the status.
	_, email := v.userText(incoming[0].UserID)
	if email == "" {
		t.Fatalf("no email for %d", incoming[0].UserID)
	}
	viewtest.Press(t, v, viewtest.RuneKey("/"))
	viewtest.Press(t, v, viewtest.RuneKey(email))
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	if got := ui.TallyOf(v); got.Shown != 1 || got.String() != "1 of "+ui.Thousands(total) {
		t.Fatalf("filtered by %s: tally %+v (%q)", email, got, got.String())
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))

	viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "connections", Arg: "accepted"} })
	if got := ui.TallyOf(v); got.Shown != len(per[pod.ConnectionAccepted]) || got.Total != total {
		t.Fatalf(":connections accepted: tally %+v, want %d of %d", got, len(per[pod.ConnectionAccepted]), total)
	}
	viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "connections", Arg: "all"} })
	if got := ui.TallyOf(v); got.Narrowed || got.Total != total {
		t.Fatalf(":connections all: tally %+v", got)
	}
}
