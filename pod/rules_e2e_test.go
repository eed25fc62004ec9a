package pod_test

import (
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

// The emulator's membership rules, seen through the real client.
func TestE2EMembershipRules(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 100, Rooms: 5}, pod.Options{})
	ctx := testContext(t)
	c := p.client
	plain := p.emu.Credentials.PlainUserID

	room, err := c.CreateRoom(ctx, pod.RoomChanges{Name: ptr("Rules"), MembersCanInvite: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	id := room.RoomSystemInfo.ID

	// Adding an existing member succeeds and does not duplicate it.
	for range 2 {
		if err := c.AddMember(ctx, id, plain); err != nil {
			t.Fatalf("add: %v", err)
		}
	}
	if members, _ := p.emu.RoomMembers(id); len(members) != 2 {
		t.Fatalf("after adding the same member twice the room holds %d members, want 2", len(members))
	}

	// The last owner can be neither demoted nor removed.
	if err := c.DemoteOwner(ctx, id, p.emu.Credentials.BotUserID); !pod.IsBadRequest(err) {
		t.Fatalf("demoting the last owner: %v, want a 400", err)
	}

	// membersCanInvite=false: a plain member may not add; once allowed, it may.
	asPlain := clientAs(t, p, emulator.PlainUsername, p.emu.Credentials.PlainPrivateKeyPEM)
	users, err := pod.Collect(c.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	var target int64
	for _, u := range users {
		if id := u.UserSystemInfo.ID; id != plain && id != p.emu.Credentials.BotUserID && u.UserSystemInfo.Status == pod.UserEnabled {
			target = id
			break
		}
	}
	if err := asPlain.AddMember(ctx, id, target); !pod.IsForbidden(err) {
		t.Fatalf("a member adding while membersCanInvite=false: %v, want a 403", err)
	}
	if _, err := c.UpdateRoom(ctx, id, pod.RoomChanges{MembersCanInvite: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if err := asPlain.AddMember(ctx, id, target); err != nil {
		t.Fatalf("a member adding while membersCanInvite=true: %v", err)
	}
	if members, _ := p.emu.RoomMembers(id); len(members) != 3 {
		t.Fatalf("room holds %d members, want 3", len(members))
	}

	// An unknown room is refused with the pod's error, not a crash or a 500.
	if _, err := c.RoomInfo(ctx, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); !pod.IsBadRequest(err) && !pod.IsNotFound(err) {
		t.Fatalf("info of an unknown room: %v", err)
	}
	if err := c.AddMember(ctx, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", target); !pod.IsBadRequest(err) && !pod.IsNotFound(err) {
		t.Fatalf("add to an unknown room: %v", err)
	}
	// Removing a role from an unknown user is a 404, as the spec declares.
	if err := c.RemoveRole(ctx, 1, "INDIVIDUAL"); !pod.IsNotFound(err) {
		t.Fatalf("remove a role of an unknown user: %v, want a 404", err)
	}
}

// A feed nobody reads for the idle time expires; reading it then fails.
func TestE2EIdleFeedExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	advance := func(d time.Duration) {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
	}
	p := startPod(t, emulator.Options{Users: 100, Rooms: 5, FeedIdleTTL: 30 * time.Second, Now: clock}, pod.Options{})
	ctx := testContext(t)
	c := p.client

	feed, err := c.CreatePresenceFeed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	advance(20 * time.Second)
	if _, err := c.ReadPresenceFeed(ctx, feed); err != nil {
		t.Fatalf("read within the idle time: %v", err)
	}
	advance(20 * time.Second) // 20 s since the last read: still alive
	if _, err := c.ReadPresenceFeed(ctx, feed); err != nil {
		t.Fatalf("read 20 s after the previous read: %v", err)
	}
	advance(31 * time.Second)
	if _, err := c.ReadPresenceFeed(ctx, feed); !pod.IsBadRequest(err) {
		t.Fatalf("read after the idle time: %v, want the pod's 400", err)
	}
}
