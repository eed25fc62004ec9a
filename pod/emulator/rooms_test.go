package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

type roomsCast struct {
	p                    *roomsPod
	owner, member, other testUser
	admin, outsider, ext testUser
}

func newRoomsCast(t *testing.T) *roomsCast {
	p := newRoomsPod(t, Options{})
	return &roomsCast{
		p: p, owner: p.addUser("owner", false), member: p.addUser("member", false),
		other: p.addUser("other", false), admin: p.addUser("admin", false, "ADMINISTRATOR"),
		outsider: p.addUser("outsider", false), ext: p.addUser("ext", true),
	}
}

// createRoom makes a room owned by c.owner with member c.member.
func (c *roomsCast) createRoom(attrs map[string]any) v3RoomDetail {
	c.p.t.Helper()
	var d v3RoomDetail
	c.p.expect(200, "POST", "/pod/v3/room/create", c.owner, attrs, &d)
	c.p.expect(200, "POST", "/pod/v1/room/"+d.RoomSystemInfo.ID+"/membership/add", c.owner, map[string]any{"id": c.member.ID}, nil)
	return d
}

func (c *roomsCast) members(id string) []memberInfo {
	var list []memberInfo
	c.p.expect(200, "GET", "/pod/v2/room/"+id+"/membership/list", c.admin, nil, &list)
	return list
}

func TestRoomCreateMakesCreatorOwnerAndDefaultsPrivate(t *testing.T) {
	c := newRoomsCast(t)
	var d v3RoomDetail
	c.p.expect(200, "POST", "/pod/v3/room/create", c.owner, map[string]any{"name": "Rates", "keywords": []map[string]string{{"key": "region", "value": "EMEA"}}}, &d)
	if d.RoomAttributes.Public || d.RoomAttributes.Discoverable || !d.RoomSystemInfo.Active || d.RoomSystemInfo.CreatedByUserID != c.owner.ID {
		t.Fatalf("detail = %+v", d)
	}
	if strings.ContainsAny(d.RoomSystemInfo.ID, "+/=") {
		t.Fatalf("stream id %q is not URL-safe unpadded", d.RoomSystemInfo.ID)
	}
	list := c.members(d.RoomSystemInfo.ID)
	if len(list) != 1 || list[0].ID != c.owner.ID || !list[0].Owner || list[0].JoinDate != d.RoomSystemInfo.CreationDate {
		t.Fatalf("members = %+v", list)
	}
	c.p.expect(400, "POST", "/pod/v3/room/create", c.owner, map[string]any{"description": "no name"}, nil)
	c.p.expect(400, "POST", "/pod/v3/room/create", c.owner, map[string]any{"name": "x", "keywords": []map[string]string{{"key": "region"}}}, nil)
}

func TestRoomPathAcceptsStandardBase64Ids(t *testing.T) {
	c := newRoomsCast(t)
	d := c.createRoom(map[string]any{"name": "Encoded"})
	id := d.RoomSystemInfo.ID
	std := strings.NewReplacer("-", "+", "_", "/").Replace(id)
	for len(std)%4 != 0 {
		std += "="
	}
	var got v3RoomDetail
	c.p.expect(200, "GET", "/pod/v3/room/"+url.PathEscape(std)+"/info", c.owner, nil, &got)
	if got.RoomSystemInfo.ID != id {
		t.Fatalf("info for %q answered %q", std, got.RoomSystemInfo.ID)
	}
	raw := c.p.expect(400, "GET", "/pod/v3/room/doesNotExist/info", c.owner, nil, nil)
	if pe := errorMessage(t, raw); pe.Code != 400 || pe.Message != msgStreamNotFound {
		t.Fatalf("unknown room error = %+v", pe)
	}
}

func TestMembershipRules(t *testing.T) {
	c := newRoomsCast(t)
	id := c.createRoom(map[string]any{"name": "Locked invites", "membersCanInvite": false}).RoomSystemInfo.ID
	base := "/pod/v1/room/" + id + "/membership/"
	body := func(u testUser) map[string]any { return map[string]any{"id": u.ID} }

	// membersCanInvite=false: a plain member may not add, an owner may.
	c.p.expect(403, "POST", base+"add", c.member, body(c.other), nil)
	c.p.expect(200, "POST", base+"add", c.owner, body(c.other), nil)
	// adding an existing member succeeds without duplicating
	raw := c.p.expect(200, "POST", base+"add", c.owner, body(c.other), nil)
	if !strings.Contains(string(raw), `"message":"Member added"`) {
		t.Fatalf("add answered %s", raw)
	}
	if n := len(c.members(id)); n != 3 {
		t.Fatalf("%d members after a repeated add, want 3", n)
	}
	// a non-member cannot modify, an administrator neither: the room's own
	// endpoints follow the room's rules for every caller (the admin variants
	// are the administrator's way in)
	c.p.expect(403, "POST", base+"remove", c.outsider, body(c.other), nil)
	for _, op := range []string{"add", "remove", "promoteOwner", "demoteOwner"} {
		raw := c.p.expect(403, "POST", base+op, c.admin, body(c.other), nil)
		if !strings.Contains(string(raw), "not a member") {
			t.Fatalf("an administrator outside the room, %s: %s", op, raw)
		}
	}
	c.p.expect(403, "POST", "/pod/v1/room/"+id+"/setActive?active=false", c.admin, nil, nil)
	c.p.expect(403, "POST", base+"promoteOwner", c.member, body(c.other), nil)
	// promoting a non-member is refused
	c.p.expect(400, "POST", base+"promoteOwner", c.owner, body(c.outsider), nil)
	// the last owner can be neither demoted nor removed
	c.p.expect(400, "POST", base+"demoteOwner", c.owner, body(c.owner), nil)
	c.p.expect(400, "POST", base+"remove", c.owner, body(c.owner), nil)
	raw = c.p.expect(200, "POST", base+"promoteOwner", c.owner, body(c.member), nil)
	if !strings.Contains(string(raw), "Member promoted to owner") {
		t.Fatalf("promote answered %s", raw)
	}
	raw = c.p.expect(200, "POST", base+"demoteOwner", c.member, body(c.owner), nil)
	if !strings.Contains(string(raw), "Owner demoted") {
		t.Fatalf("demote answered %s", raw)
	}
	c.p.expect(403, "POST", base+"remove", c.owner, body(c.other), nil) // no longer an owner
	raw = c.p.expect(200, "POST", "/pod/v1/admin/room/"+id+"/membership/remove", c.admin, body(c.other), nil)
	if !strings.Contains(string(raw), "Member removed") {
		t.Fatalf("remove answered %s", raw)
	}
	// a plain member may leave
	c.p.expect(200, "POST", base+"remove", c.owner, body(c.owner), nil)
	list := c.members(id)
	if len(list) != 1 || list[0].ID != c.member.ID || !list[0].Owner {
		t.Fatalf("members = %+v", list)
	}
	// unknown user, unknown room, bad body
	c.p.expect(400, "POST", base+"add", c.member, map[string]any{"id": 42}, nil)
	c.p.expect(400, "POST", "/pod/v1/room/nope/membership/add", c.member, body(c.other), nil)
	c.p.expect(400, "POST", base+"add", c.member, "{", nil)
	c.p.expect(401, "POST", base+"add", testUser{Token: "bogus"}, body(c.other), nil)
}

func TestInactiveRoomLocksMembership(t *testing.T) {
	c := newRoomsCast(t)
	id := c.createRoom(map[string]any{"name": "Soon closed", "membersCanInvite": true}).RoomSystemInfo.ID
	c.p.expect(403, "POST", "/pod/v1/room/"+id+"/setActive?active=false", c.member, nil, nil)
	c.p.expect(400, "POST", "/pod/v1/room/"+id+"/setActive", c.owner, nil, nil)
	var d roomDetailV1
	c.p.expect(200, "POST", "/pod/v1/room/"+id+"/setActive?active=false", c.owner, nil, &d)
	if d.RoomSystemInfo.Active || d.RoomAttributes.Name != "Soon closed" {
		t.Fatalf("setActive answered %+v", d)
	}
	for _, op := range []string{"add", "remove", "promoteOwner", "demoteOwner"} {
		raw := c.p.expect(400, "POST", "/pod/v1/room/"+id+"/membership/"+op, c.owner, map[string]any{"id": c.member.ID}, nil)
		if !strings.Contains(string(raw), "locked") {
			t.Fatalf("%s on an inactive room answered %s", op, raw)
		}
	}
	c.p.expect(403, "POST", "/pod/v1/admin/room/"+id+"/setActive?active=true", c.owner, nil, nil)
	c.p.expect(200, "POST", "/pod/v1/admin/room/"+id+"/setActive?active=true", c.admin, nil, &d)
	if !d.RoomSystemInfo.Active {
		t.Fatal("admin reactivation did not take")
	}
	c.p.expect(200, "POST", "/pod/v1/room/"+id+"/membership/add", c.member, map[string]any{"id": c.other.ID}, nil)
}

func TestAdminMembershipEndpoints(t *testing.T) {
	c := newRoomsCast(t)
	id := c.createRoom(map[string]any{"name": "Admin managed"}).RoomSystemInfo.ID
	c.p.expect(403, "POST", "/pod/v1/admin/room/"+id+"/membership/add", c.owner, map[string]any{"id": c.other.ID}, nil)
	c.p.expect(200, "POST", "/pod/v1/admin/room/"+id+"/membership/add", c.admin, map[string]any{"id": c.other.ID}, nil)
	c.p.expect(200, "POST", "/pod/v1/admin/room/"+id+"/membership/remove", c.admin, map[string]any{"id": c.member.ID}, nil)
	c.p.expect(403, "GET", "/pod/v1/admin/room/"+id+"/membership/list", c.owner, nil, nil)
	var current, all []memberInfo
	c.p.expect(200, "GET", "/pod/v1/admin/room/"+id+"/membership/list", c.admin, nil, &current)
	c.p.expect(200, "GET", "/pod/v1/admin/room/"+id+"/membership/list?includePastMembers=true", c.admin, nil, &all)
	if len(current) != 2 || len(all) != 3 || all[2].ID != c.member.ID {
		t.Fatalf("current %+v, with past %+v", current, all)
	}
}

func TestAdminStreamMembershipPaging(t *testing.T) {
	c := newRoomsCast(t)
	id := c.createRoom(map[string]any{"name": "Paged", "membersCanInvite": true}).RoomSystemInfo.ID
	c.p.expect(200, "POST", "/pod/v1/room/"+id+"/membership/add", c.owner, map[string]any{"id": c.ext.ID}, nil)
	var l v2MembershipList
	c.p.expect(200, "GET", "/pod/v1/admin/stream/"+id+"/membership/list?skip=1&limit=1", c.admin, nil, &l)
	if l.Count != 3 || l.Skip != 1 || l.Limit != 1 || len(l.Members) != 1 || l.Members[0].User.UserID != c.member.ID {
		t.Fatalf("page = %+v", l)
	}
	c.p.expect(200, "GET", "/pod/v1/admin/stream/"+id+"/membership/list", c.admin, nil, &l)
	if l.Limit != 100 || len(l.Members) != 3 || !l.Members[0].IsCreator || !l.Members[0].IsOwner || !l.Members[2].User.IsExternal || l.Members[2].User.Email != "ext@example.test" {
		t.Fatalf("full = %+v", l)
	}
	c.p.expect(400, "GET", "/pod/v1/admin/stream/"+id+"/membership/list?limit=1001", c.admin, nil, nil)
	c.p.expect(403, "GET", "/pod/v1/admin/stream/"+id+"/membership/list", c.owner, nil, nil)
}

func TestRoomSearch(t *testing.T) {
	c := newRoomsCast(t)
	// a private pod seed may hold rooms; search terms below are unique to this test
	c.createRoom(map[string]any{"name": "Zyx Alpha", "discoverable": true, "description": "gold desk"})
	c.createRoom(map[string]any{"name": "Zyx Beta", "discoverable": true, "keywords": []map[string]string{{"key": "asset", "value": "qwvgold"}}})
	hidden := c.createRoom(map[string]any{"name": "Zyx Hidden", "discoverable": false})
	c.p.expect(200, "POST", "/pod/v1/room/"+hidden.RoomSystemInfo.ID+"/setActive?active=false", c.owner, nil, nil)

	search := func(who testUser, query string, criteria map[string]any) roomSearchResults {
		t.Helper()
		if criteria == nil {
			criteria = map[string]any{}
		}
		criteria["query"] = "zyx"
		var res roomSearchResults
		c.p.expect(200, "POST", "/pod/v3/room/search"+query, who, criteria, &res)
		return res
	}
	names := func(res roomSearchResults) string {
		var n []string
		for _, r := range res.Rooms {
			n = append(n, r.RoomAttributes.Name)
		}
		return strings.Join(n, ",")
	}
	if got := names(search(c.outsider, "", nil)); got != "Zyx Alpha,Zyx Beta" {
		t.Fatalf("outsider sees %q", got)
	}
	if got := names(search(c.outsider, "?includeNonDiscoverable=true", nil)); got != "Zyx Alpha,Zyx Beta" {
		t.Fatalf("outsider with includeNonDiscoverable sees %q", got)
	}
	if got := names(search(c.member, "?includeNonDiscoverable=true", nil)); got != "Zyx Alpha,Zyx Beta,Zyx Hidden" {
		t.Fatalf("member with includeNonDiscoverable sees %q", got)
	}
	res := search(c.member, "?includeNonDiscoverable=true&skip=1&limit=1", map[string]any{"active": true})
	if res.Count != 2 || names(res) != "Zyx Beta" || res.Skip != 1 || res.Limit != 1 || *res.Query.Query != "zyx" {
		t.Fatalf("paged active search = %+v", res)
	}
	if got := names(search(c.owner, "", map[string]any{"creator": map[string]any{"id": c.owner.ID}, "owner": map[string]any{"id": c.owner.ID}, "member": map[string]any{"id": c.member.ID}})); got != "Zyx Alpha,Zyx Beta" {
		t.Fatalf("creator/owner/member filter = %q", got)
	}
	var gold roomSearchResults
	c.p.expect(200, "POST", "/pod/v3/room/search", c.owner, map[string]any{"query": "qwvgold", "labels": []string{"asset"}}, &gold)
	if names(gold) != "Zyx Beta" {
		t.Fatalf("label search = %q", names(gold))
	}
	c.p.expect(400, "POST", "/pod/v3/room/search?limit=101", c.owner, map[string]any{"query": "zyx"}, nil)
	c.p.expect(400, "POST", "/pod/v3/room/search", c.owner, map[string]any{"labels": []string{"x"}}, nil)
}

func TestRoomUpdateAndInfoVisibility(t *testing.T) {
	c := newRoomsCast(t)
	id := c.createRoom(map[string]any{"name": "Before", "description": "d"}).RoomSystemInfo.ID
	c.p.expect(400, "GET", "/pod/v3/room/"+id+"/info", c.outsider, nil, nil) // not discoverable
	c.p.expect(403, "POST", "/pod/v3/room/"+id+"/update", c.member, map[string]any{"name": "x"}, nil)
	var d v3RoomDetail
	c.p.expect(200, "POST", "/pod/v3/room/"+id+"/update", c.owner, map[string]any{"name": "After", "discoverable": true}, &d)
	if d.RoomAttributes.Name != "After" || d.RoomAttributes.Description != "d" || !d.RoomAttributes.Discoverable {
		t.Fatalf("updated = %+v", d.RoomAttributes)
	}
	c.p.expect(200, "GET", "/pod/v3/room/"+id+"/info", c.outsider, nil, nil)
	c.p.expect(400, "POST", "/pod/v3/room/"+id+"/update", c.owner, map[string]any{"public": true}, nil)
}

func TestIMCreate(t *testing.T) {
	c := newRoomsCast(t)
	var a, b, mim struct{ ID string }
	c.p.expect(200, "POST", "/pod/v1/im/create", c.owner, []int64{c.member.ID, c.member.ID}, &a)
	c.p.expect(200, "POST", "/pod/v1/im/create", c.member, []int64{c.owner.ID}, &b)
	if a.ID == "" || a.ID != b.ID {
		t.Fatalf("same participants gave %q and %q", a.ID, b.ID)
	}
	c.p.expect(200, "POST", "/pod/v1/im/create", c.owner, []int64{c.member.ID, c.other.ID}, &mim)
	if mim.ID == a.ID {
		t.Fatal("a MIM reused the IM's id")
	}
	c.p.expect(400, "POST", "/pod/v1/im/create", c.owner, []int64{}, nil)
	c.p.expect(400, "POST", "/pod/v1/im/create", c.owner, []int64{c.owner.ID}, nil)
	c.p.expect(400, "POST", "/pod/v1/im/create", c.owner, []int64{c.member.ID, 99}, nil)

	var info v2StreamAttributes
	c.p.expect(200, "GET", "/pod/v2/streams/"+mim.ID+"/info", c.other, nil, &info)
	if info.StreamType.Type != "MIM" || len(info.StreamAttributes.Members) != 3 || info.Origin != "INTERNAL" {
		t.Fatalf("mim info = %+v", info)
	}
	c.p.expect(400, "GET", "/pod/v2/streams/"+mim.ID+"/info", c.outsider, nil, nil)

	// admin IM: two ids, caller not a member
	var adm struct{ ID string }
	c.p.expect(403, "POST", "/pod/v1/admin/im/create", c.owner, []int64{c.member.ID, c.other.ID}, nil)
	c.p.expect(400, "POST", "/pod/v1/admin/im/create", c.admin, []int64{c.member.ID}, nil)
	c.p.expect(200, "POST", "/pod/v1/admin/im/create", c.admin, []int64{c.member.ID, c.other.ID}, &adm)
	c.p.expect(200, "GET", "/pod/v2/streams/"+adm.ID+"/info", c.other, nil, &info)
	if len(info.StreamAttributes.Members) != 2 {
		t.Fatalf("admin IM members = %v", info.StreamAttributes.Members)
	}
}

func TestStreamsList(t *testing.T) {
	c := newRoomsCast(t)
	fresh := c.p.addUser("fresh", false)
	c.p.expect(204, "POST", "/pod/v1/streams/list", fresh, nil, nil)
	room := c.createRoom(map[string]any{"name": "Listed"}).RoomSystemInfo.ID
	c.p.expect(200, "POST", "/pod/v1/room/"+room+"/membership/add", c.owner, map[string]any{"id": fresh.ID}, nil)
	var im struct{ ID string }
	c.p.expect(200, "POST", "/pod/v1/im/create", fresh, []int64{c.owner.ID}, &im)
	var list []streamAttributes
	c.p.expect(200, "POST", "/pod/v1/streams/list", fresh, nil, &list)
	if len(list) != 2 || list[0].ID != room || list[0].RoomAttributes.Name != "Listed" || list[1].ID != im.ID || list[1].StreamAttributes.Members[0] != c.owner.ID {
		t.Fatalf("list = %+v", list)
	}
	c.p.expect(200, "POST", "/pod/v1/streams/list?skip=1", fresh, map[string]any{"streamTypes": []map[string]string{{"type": "IM"}, {"type": "ROOM"}}}, &list)
	if len(list) != 1 || list[0].ID != im.ID {
		t.Fatalf("skip=1 list = %+v", list)
	}
	c.p.expect(200, "POST", "/pod/v1/room/"+room+"/setActive?active=false", c.owner, nil, nil)
	c.p.expect(200, "POST", "/pod/v1/streams/list", fresh, map[string]any{"streamTypes": []map[string]string{{"type": "ROOM"}}, "includeInactiveStreams": true}, &list)
	if len(list) != 1 || list[0].Active {
		t.Fatalf("inactive list = %+v", list)
	}
	c.p.expect(204, "POST", "/pod/v1/streams/list", fresh, map[string]any{"streamTypes": []map[string]string{{"type": "ROOM"}}}, nil)
}

func TestAdminStreamsList(t *testing.T) {
	c := newRoomsCast(t)
	c.p.clock.Advance(time.Second)
	from := c.p.e.now().UnixMilli()
	room := c.createRoom(map[string]any{"name": "Admin listed", "public": true}).RoomSystemInfo.ID
	c.p.expect(403, "POST", "/pod/v2/admin/streams/list", c.owner, nil, nil)
	var l adminStreamList
	c.p.expect(200, "POST", "/pod/v2/admin/streams/list", c.admin, map[string]any{"startDate": from, "streamTypes": []map[string]string{{"type": "ROOM"}}, "privacy": "PUBLIC"}, &l)
	if l.Count != 1 || len(l.Streams) != 1 || l.Streams[0].ID != room || l.Streams[0].Attributes.MembersCount != 2 || l.Streams[0].Attributes.RoomName != "Admin listed" || !l.Streams[0].IsPublic {
		t.Fatalf("admin list = %+v", l)
	}
	c.p.expect(400, "POST", "/pod/v2/admin/streams/list?limit=101", c.admin, nil, nil)
	c.p.expect(200, "POST", fmt.Sprintf("/pod/v2/admin/streams/list?limit=100&skip=%d", 1<<20), c.admin, nil, &l)
	if len(l.Streams) != 0 || l.Count == 0 {
		t.Fatalf("past-the-end page = count %d, %d streams", l.Count, len(l.Streams))
	}
}
