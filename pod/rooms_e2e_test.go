package pod_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

func ptr[T any](v T) *T { return &v }

// memberState is the emulator's truth about one user in a room.
func memberState(t *testing.T, e *emulator.Emulator, roomID string, uid int64) (member, owner bool) {
	t.Helper()
	ms, ok := e.RoomMembers(roomID)
	if !ok {
		t.Fatalf("emulator has no room %s", roomID)
	}
	for _, m := range ms {
		if m.UserID == uid {
			return true, m.Owner
		}
	}
	return false, false
}

func TestE2ERoomLifecycleAndMembership(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 100, Rooms: 20}, pod.Options{})
	ctx := testContext(t)
	c := p.client

	room, err := c.CreateRoom(ctx, pod.RoomChanges{Name: ptr("Ops bridge"), Description: ptr("incident room"), MembersCanInvite: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	id := room.RoomSystemInfo.ID
	if room.RoomAttributes.Name != "Ops bridge" || !room.RoomSystemInfo.Active || room.RoomSystemInfo.CreatedByUserID != p.emu.Credentials.BotUserID {
		t.Fatalf("created %+v", room)
	}
	users, err := pod.Collect(c.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	target := users[len(users)-1].UserSystemInfo.ID

	if err := c.AddMember(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	if m, o := memberState(t, p.emu, id, target); !m || o {
		t.Fatalf("after add: member %v owner %v", m, o)
	}
	if err := c.PromoteOwner(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	if _, o := memberState(t, p.emu, id, target); !o {
		t.Fatal("promote did not make an owner")
	}
	members, err := c.RoomMembers(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(members, func(m pod.MemberInfo) bool { return m.ID == target })
	if i < 0 || !members[i].Owner || len(members) != 2 {
		t.Fatalf("members = %+v", members)
	}
	if err := c.DemoteOwner(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	if _, o := memberState(t, p.emu, id, target); o {
		t.Fatal("demote left an owner")
	}
	if err := c.RemoveMember(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	if m, _ := memberState(t, p.emu, id, target); m {
		t.Fatal("remove left the member")
	}
	// The last owner cannot leave: the pod's refusal is a typed error.
	if err := c.RemoveMember(ctx, id, p.emu.Credentials.BotUserID); !pod.IsBadRequest(err) {
		t.Fatalf("removing the last owner: %v", err)
	}

	// Deactivated, the membership is locked; reactivated, it opens again.
	d, err := c.SetRoomActive(ctx, id, false)
	if err != nil || d.RoomSystemInfo.Active {
		t.Fatalf("deactivate: %+v %v", d, err)
	}
	if err := c.AddMember(ctx, id, target); !pod.IsBadRequest(err) {
		t.Fatalf("add to an inactive room: %v", err)
	}
	if _, err := c.SetRoomActiveAdmin(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if err := c.AddMemberAdmin(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	if m, _ := memberState(t, p.emu, id, target); !m {
		t.Fatal("admin add did not add")
	}
	if err := c.RemoveMemberAdmin(ctx, id, target); err != nil {
		t.Fatal(err)
	}
	past, err := c.RoomMembersAdmin(ctx, id, true)
	if err != nil || len(past) != 2 {
		t.Fatalf("admin list with past members = %+v, %v", past, err)
	}

	updated, err := c.UpdateRoom(ctx, id, pod.RoomChanges{Description: ptr("resolved")})
	if err != nil || updated.RoomAttributes.Description != "resolved" || updated.RoomAttributes.Name != "Ops bridge" {
		t.Fatalf("update = %+v, %v", updated.RoomAttributes, err)
	}
	// A standard-base64 spelling of the id reaches the same room.
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		t.Fatalf("room id %q is not URL-safe base64: %v", id, err)
	}
	info, err := c.RoomInfo(ctx, base64.StdEncoding.EncodeToString(raw))
	if err != nil || info.RoomSystemInfo.ID != id {
		t.Fatalf("info by standard base64 id = %+v, %v", info.RoomSystemInfo, err)
	}
	si, err := c.StreamInfo(ctx, id)
	if err != nil || si.StreamType.Type != pod.StreamRoom || si.RoomAttributes == nil || si.RoomAttributes.Name != "Ops bridge" {
		t.Fatalf("stream info = %+v, %v", si, err)
	}
}

func TestE2ERoomSearchAndStreamLists(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 300, Rooms: 250}, pod.Options{})
	ctx := testContext(t)
	c := p.client

	first, err := c.SearchRooms(ctx, pod.RoomSearchCriteria{Query: ""}, pod.RoomSearchOptions{Limit: 5, IncludeNonDiscoverable: true})
	if err != nil {
		t.Fatal(err)
	}
	rooms, err := pod.Collect(c.SearchAllRooms(ctx, pod.RoomSearchCriteria{Query: ""}, true))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rooms)) != first.Count || first.Count <= 100 {
		t.Fatalf("walked %d rooms, count said %d", len(rooms), first.Count)
	}

	streams, err := pod.Collect(c.AllAdminStreams(ctx, pod.AdminStreamFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(streams) < len(rooms) {
		t.Fatalf("admin stream list has %d streams, fewer than the %d rooms", len(streams), len(rooms))
	}

	// A seeded room's members, paged through the admin list, agree with the emulator.
	roomID := rooms[0].RoomSystemInfo.ID
	members, err := pod.Collect(c.AllStreamMembers(ctx, roomID))
	if err != nil {
		t.Fatal(err)
	}
	truth, _ := p.emu.RoomMembers(roomID)
	if len(members) != len(truth) {
		t.Fatalf("stream members %d, emulator %d", len(members), len(truth))
	}

	mine, err := pod.Collect(c.AllStreams(ctx, pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range mine {
		if s.StreamType.Type != pod.StreamRoom {
			t.Fatalf("filtered list returned a %s", s.StreamType.Type)
		}
	}
	if len(truth) > 0 {
		theirs, err := pod.Collect(c.AllUserStreams(ctx, truth[0].UserID, pod.StreamFilter{}))
		if err != nil || !slices.ContainsFunc(theirs, func(s pod.StreamAttributes) bool { return s.ID == roomID }) {
			t.Fatalf("user %d's streams (%d, %v) miss room %s", truth[0].UserID, len(theirs), err, roomID)
		}
	}
}

func TestE2EInstantMessages(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 50}, pod.Options{})
	ctx := testContext(t)
	users, err := pod.Collect(p.client.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	a, b := users[10].UserSystemInfo.ID, users[11].UserSystemInfo.ID
	im, err := p.client.CreateIM(ctx, a)
	if err != nil || im == "" {
		t.Fatalf("create IM: %q %v", im, err)
	}
	again, err := p.client.CreateIM(ctx, a)
	if err != nil || again != im {
		t.Fatalf("the same participants gave stream %q then %q (%v)", im, again, err)
	}
	mim, err := p.client.CreateIMAdmin(ctx, a, b)
	if err != nil || mim == "" || mim == im {
		t.Fatalf("admin IM: %q %v", mim, err)
	}
	info, err := p.client.StreamInfo(ctx, im)
	if err != nil || info.StreamType.Type != pod.StreamIM {
		t.Fatalf("IM info = %+v, %v", info, err)
	}
}
