package connections

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// Accepting an incoming request makes the connection ACCEPTED on the pod.
func TestConnectionsFlowAcceptPending(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	pending, err := h.Admin.Connections(ctx, pod.ConnectionPendingIncoming)
	if err != nil || len(pending) == 0 {
		t.Fatalf("incoming requests in the seed: %v, %v", pending, err)
	}
	who := pending[len(pending)-1].UserID
	list, err := h.Admin.UsersByID(ctx, []int64{who}, pod.LookupOptions{})
	if err != nil || len(list.Users) != 1 {
		t.Fatalf("look up %d: %v", who, err)
	}
	email := list.Users[0].EmailAddress

	f := viewtest.StartConsole(t, h.Common, 120, 40, New(h.Common, h.Deps))
	f.WaitFor("status: ALL")
	f.Send(viewtest.RuneKey("f"))
	f.WaitFor("status: PENDING_INCOMING")
	f.Send(viewtest.RuneKey("/"))
	f.TM.Type(email)
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("1 of ")
	f.Send(viewtest.RuneKey("A"))
	f.WaitFor("accepted the connection request")
	f.Finish()

	c, err := h.Admin.Connection(ctx, who)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != pod.ConnectionAccepted {
		t.Fatalf("connection with %d is %s; want ACCEPTED", who, c.Status)
	}
}

// Read-only: the Connections tab offers none of its mutating keys.
func TestConnectionsReadOnlyOffersNoChange(t *testing.T) {
	c := viewtest.NewCommon(true)
	conns := New(c, tab.Deps{})
	for _, b := range conns.KeyBindings() {
		if b.Enabled() && (b.Help().Desc == "accept request" || b.Help().Desc == "reject request" ||
			b.Help().Desc == "remove connection" || b.Help().Desc == "request connection") {
			t.Errorf("read-only Connections offers %q", b.Help().Desc)
		}
	}
}
