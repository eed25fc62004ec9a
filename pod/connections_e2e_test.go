package pod_test

import (
	"slices"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

func TestE2EConnectionStateMachine(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 400}, pod.Options{})
	ctx := testContext(t)
	c := p.client
	bot := p.emu.Credentials.BotUserID
	tenant := pod.TenantOf(bot)

	// An external user with no connection yet, and a same-pod user.
	everyone, err := pod.Collect(c.SearchAllUsers(ctx, pod.UserSearchQuery{Query: "a"}, false))
	if err != nil {
		t.Fatal(err)
	}
	existing, err := c.Connections(ctx, pod.ConnectionAll)
	if err != nil {
		t.Fatal(err)
	}
	var external, local int64
	for _, u := range everyone {
		known := slices.ContainsFunc(existing, func(cn pod.Connection) bool { return cn.UserID == u.ID })
		switch {
		case pod.IsExternalUser(u.ID, tenant) && !known && external == 0:
			external = u.ID
		case !pod.IsExternalUser(u.ID, tenant) && u.ID != bot && local == 0:
			local = u.ID
		}
	}
	if external == 0 || local == 0 {
		t.Fatalf("no external (%d) or local (%d) user to connect to among %d", external, local, len(everyone))
	}

	if _, err := c.Connection(ctx, external); !pod.IsNotFound(err) {
		t.Fatalf("connection before invite: %v", err)
	}
	inv, err := c.CreateConnection(ctx, external)
	if err != nil || inv.Status != pod.ConnectionPendingOutgoing || inv.UserID != external || inv.RequestCounter != 1 {
		t.Fatalf("invite = %+v, %v", inv, err)
	}
	got, err := c.Connection(ctx, external)
	if err != nil || got.Status != pod.ConnectionPendingOutgoing {
		t.Fatalf("info after invite = %+v, %v", got, err)
	}
	pending, err := c.Connections(ctx, "")
	if err != nil || !slices.ContainsFunc(pending, func(cn pod.Connection) bool { return cn.UserID == external }) {
		t.Fatalf("pending list %+v misses the invite (%v)", pending, err)
	}
	// Our own invitation is not ours to accept.
	if _, err := c.AcceptConnection(ctx, external); !pod.IsNotFound(err) {
		t.Fatalf("accepting our own invite: %v", err)
	}
	if err := c.RemoveConnection(ctx, external); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connection(ctx, external); !pod.IsNotFound(err) {
		t.Fatalf("connection after remove: %v", err)
	}

	// Invitations others sent us: accept one, reject another.
	incoming, err := c.Connections(ctx, pod.ConnectionPendingIncoming)
	if err != nil {
		t.Fatal(err)
	}
	if len(incoming) >= 2 {
		acc, err := c.AcceptConnection(ctx, incoming[0].UserID)
		if err != nil || acc.Status != pod.ConnectionAccepted {
			t.Fatalf("accept = %+v, %v", acc, err)
		}
		rej, err := c.RejectConnection(ctx, incoming[1].UserID)
		if err != nil || rej.Status != pod.ConnectionRejected {
			t.Fatalf("reject = %+v, %v", rej, err)
		}
	} else {
		t.Logf("the seed gave the bot %d incoming invitations; accept/reject of incoming ones not exercised", len(incoming))
	}

	// Same-pod users are implicitly connected: listed only by status and id, never rejectable.
	implicit, err := c.Connections(ctx, pod.ConnectionAccepted, local)
	if err != nil || len(implicit) != 1 || implicit[0].Status != pod.ConnectionAccepted {
		t.Fatalf("implicit connection = %+v, %v", implicit, err)
	}
	if _, err := c.RejectConnection(ctx, local); !pod.IsBadRequest(err) {
		t.Fatalf("rejecting a same-pod user: %v", err)
	}
}
