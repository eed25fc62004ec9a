package pod_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// The raw reads answer the pod's bytes for the record asked about: valid
// JSON naming it, the escapes the pod wrote kept as written, and for a
// list (a room's members, the user lookup) the element of that one.
func TestRawRecordsAreThePodsBytes(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 40, Rooms: 4, Seed: 5}, pod.Options{})
	ctx := testContext(t)
	name := "Raw \x1b[31mred\x1b[0m \u202eevil"
	d, err := p.client.CreateUser(ctx, pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: "raw.user", EmailAddress: "raw.user@example.com", DisplayName: name, AccountType: pod.AccountNormal,
	}})
	if err != nil {
		t.Fatal(err)
	}
	uid := d.UserSystemInfo.ID
	id := strconv.FormatInt(uid, 10)
	rooms, err := pod.Collect(p.client.SearchAllRooms(ctx, pod.RoomSearchCriteria{}, true))
	if err != nil || len(rooms) == 0 {
		t.Fatalf("rooms: %v", err)
	}
	room := rooms[0].RoomSystemInfo.ID
	members, err := p.client.RoomMembers(ctx, room)
	if err != nil || len(members) == 0 {
		t.Fatalf("members: %v", err)
	}
	member := members[len(members)-1].ID
	conns, err := p.client.Connections(ctx, pod.ConnectionAll)
	if err != nil || len(conns) == 0 {
		t.Fatalf("connections: %v (%d)", err, len(conns))
	}

	for _, c := range []struct {
		name     string
		read     func() (pod.RawRecord, error)
		endpoint string
		field    string // a field of the record and its value
		want     string
	}{
		{"admin user", func() (pod.RawRecord, error) { return p.client.RawUserDetail(ctx, uid) }, "GET /pod/v2/admin/user/{uid}", "userSystemInfo", ""},
		{"user lookup", func() (pod.RawRecord, error) { return p.client.RawUser(ctx, uid) }, "GET /pod/v3/users", "id", id},
		{"room", func() (pod.RawRecord, error) { return p.client.RawRoomInfo(ctx, room) }, "GET /pod/v3/room/{id}/info", "roomSystemInfo", ""},
		{"member", func() (pod.RawRecord, error) { return p.client.RawMember(ctx, room, member) }, "GET /pod/v2/room/{id}/membership/list", "id", strconv.FormatInt(member, 10)},
		{"connection", func() (pod.RawRecord, error) { return p.client.RawConnection(ctx, conns[0].UserID) }, "GET /pod/v1/connection/user/{userId}/info", "userId", strconv.FormatInt(conns[0].UserID, 10)},
		{"presence", func() (pod.RawRecord, error) { return p.client.RawPresence(ctx, uid) }, "GET /pod/v3/user/{uid}/presence", "userId", id},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec, err := c.read()
			if err != nil {
				t.Fatal(err)
			}
			if rec.Endpoint != c.endpoint || !json.Valid(rec.Body) {
				t.Fatalf("endpoint %q, body %q", rec.Endpoint, rec.Body)
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body, &obj); err != nil {
				t.Fatalf("not an object: %s", rec.Body)
			}
			if _, ok := obj[c.field]; !ok || (c.want != "" && string(obj[c.field]) != c.want) {
				t.Errorf("%s = %s, want %s, in %s", c.field, obj[c.field], c.want, rec.Body)
			}
		})
	}

	// The name as the pod wrote it: ESC escaped by the pod's encoder, the
	// bidi override raw.
	rec, err := p.client.RawUserDetail(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(rec.Body, []byte(`Raw \u001b[31mred\u001b[0m `+"\u202e"+`evil`)) {
		t.Errorf("the record's name is not as the pod wrote it: %s", rec.Body)
	}
	// A member who is not there: the list does not hold it.
	if _, err := p.client.RawMember(ctx, room, 1); !errors.Is(err, pod.ErrNotInAnswer) {
		t.Errorf("a member not in the room: %v", err)
	}
}
