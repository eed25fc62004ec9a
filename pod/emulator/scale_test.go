package emulator

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Big rooms come on top of the seed and change nothing of it: the same
// users, rooms, IMs and connections as without them, and 5,000 people
// each (plus the bot, who owns them), the same for the same seed.
func TestBigRoomsLeaveTheSeedAlone(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	now := func() time.Time { return at } // seeded dates count back from now
	plain := startPod(t, Options{Users: 6000, Rooms: 40, Now: now})
	big := startPod(t, Options{Users: 6000, Rooms: 40, BigRooms: 2, Now: now})
	again := startPod(t, Options{Users: 6000, Rooms: 40, BigRooms: 2, Now: now})
	type seeded struct {
		users   []user
		streams []stream
		conns   map[pairKey]connection
		big     [][]int64
	}
	snapshot := func(e *Emulator) seeded {
		e.mu.Lock()
		defer e.mu.Unlock()
		var s seeded
		for _, id := range e.st.userOrder {
			u := *e.st.users[id]
			u.LastLoginDate, u.searchKey = 0, ""
			s.users = append(s.users, u)
		}
		for _, id := range e.st.streamOrder {
			st := *e.st.streams[id]
			if strings.HasPrefix(st.Name, "All Hands ") {
				s.big = append(s.big, slices.Clone(st.memberOrder))
				continue
			}
			s.streams = append(s.streams, st)
		}
		s.conns = map[pairKey]connection{}
		for k, c := range e.st.connections {
			s.conns[k] = *c
		}
		return s
	}
	p, b, a := snapshot(plain), snapshot(big), snapshot(again)
	if !reflect.DeepEqual(p.users, b.users) || !reflect.DeepEqual(p.streams, b.streams) || !reflect.DeepEqual(p.conns, b.conns) {
		t.Fatal("big rooms changed the rest of the seed")
	}
	if len(p.big) != 0 || len(b.big) != 2 {
		t.Fatalf("%d and %d big rooms, want 0 and 2", len(p.big), len(b.big))
	}
	if !reflect.DeepEqual(b.big, a.big) {
		t.Fatal("the same seed gave other big rooms")
	}
	for i, ms := range b.big {
		if len(ms) != BigRoomMembers+1 {
			t.Fatalf("big room %d has %d members, want %d and the bot", i, len(ms), BigRoomMembers)
		}
		seen := map[int64]bool{}
		for _, id := range ms {
			if seen[id] {
				t.Fatalf("big room %d lists %d twice", i, id)
			}
			seen[id] = true
		}
	}
	if reflect.DeepEqual(b.big[0], b.big[1]) {
		t.Fatal("the two big rooms have the same people")
	}
}

// The room search answers in name order (then id) and in relevance
// order, the index following new and renamed rooms.
func TestRoomSearchOrderFollowsNewAndRenamedRooms(t *testing.T) {
	c := newRoomsCast(t)
	for _, n := range []string{"Qqz Delta", "qqz alpha", "Qqz Charlie", "Qqz bravo", "Echo"} {
		c.createRoom(map[string]any{"name": n, "discoverable": true, "description": "qqz room"})
	}
	search := func(order string) []string {
		t.Helper()
		var res roomSearchResults
		c.p.expect(200, "POST", "/pod/v3/room/search?limit=100", c.owner, map[string]any{"query": "qqz", "sortOrder": order}, &res)
		var names []string
		for _, r := range res.Rooms {
			names = append(names, r.RoomAttributes.Name)
		}
		return names
	}
	if got := strings.Join(search("BASIC"), ","); got != "Echo,qqz alpha,Qqz bravo,Qqz Charlie,Qqz Delta" {
		t.Fatalf("by name: %s", got)
	}
	// Relevance: a name match before a description match.
	if got := strings.Join(search("RELEVANCE"), ","); got != "qqz alpha,Qqz bravo,Qqz Charlie,Qqz Delta,Echo" {
		t.Fatalf("by relevance: %s", got)
	}
	created := c.createRoom(map[string]any{"name": "Qqz Aardvark", "discoverable": true})
	if got := search("BASIC"); len(got) != 6 || got[1] != "Qqz Aardvark" {
		t.Fatalf("after a new room: %s", got)
	}
	c.p.expect(200, "POST", "/pod/v3/room/"+created.RoomSystemInfo.ID+"/update", c.owner, map[string]any{"name": "Qqz Zulu"}, nil)
	if got := strings.Join(search("BASIC"), ","); got != "Echo,qqz alpha,Qqz bravo,Qqz Charlie,Qqz Delta,Qqz Zulu" {
		t.Fatalf("after a new room was renamed: %s", got)
	}
}

// The admin list pages through the pod's own users in id order, users
// created at run time included.
func TestAdminUserListPagesLocalUsersInOrder(t *testing.T) {
	e := startPod(t, Options{Users: 3000})
	c := &http.Client{}
	tok := login(t, c, e, BotUsername, e.Credentials.BotPrivateKeyPEM)
	list := func() []int64 {
		var ids []int64
		for skip := 0; ; skip += 700 {
			var page []v2UserDetail
			call(t, c, e, "GET", fmt.Sprintf("/pod/v2/admin/user/list?skip=%d&limit=700", skip), tok, nil).decode(t, &page)
			for _, u := range page {
				ids = append(ids, u.UserSystemInfo.ID)
			}
			if len(page) < 700 {
				return ids
			}
		}
	}
	want := func() []int64 {
		e.mu.Lock()
		defer e.mu.Unlock()
		var ids []int64
		for _, id := range e.st.userOrder {
			if !e.st.users[id].External {
				ids = append(ids, id)
			}
		}
		return ids
	}
	if got, w := list(), want(); !slices.Equal(got, w) {
		t.Fatalf("listed %d users, the pod has %d local ones (or not in id order)", len(got), len(w))
	}
	r := call(t, c, e, "POST", "/pod/v2/admin/user/create", tok, map[string]any{
		"userAttributes": map[string]any{"accountType": "NORMAL", "emailAddress": "zz.new@meridiancapital.example", "userName": "zz.new", "firstName": "Zz", "lastName": "New", "displayName": "Zz New"},
	})
	wantStatus(t, r, http.StatusOK)
	if got, w := list(), want(); !slices.Equal(got, w) || len(got) == 0 {
		t.Fatal("a user created at run time is missing from the list, or out of place")
	}
}

// BenchmarkListingPages100k serves the listing pages a console loads a
// pod with, on a pod of 100,000 users and 20,000 rooms: far into the list
// as fast as at its start.
func BenchmarkListingPages100k(b *testing.B) {
	e, err := New(Options{Users: 100_000, Rooms: 20_000, BigRooms: 1, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	c := &http.Client{}
	tok := login(b, c, e, BotUsername, e.Credentials.BotPrivateKeyPEM)
	q := ""
	for _, r := range []struct {
		name, method, path string
		body               any
	}{
		{"users_first", "GET", "/pod/v2/admin/user/list?skip=0&limit=1000", nil},
		{"users_far", "GET", "/pod/v2/admin/user/list?skip=80000&limit=1000", nil},
		{"presence", "GET", "/pod/v2/users/presence?limit=5000", nil},
		{"rooms_first", "POST", "/pod/v3/room/search?skip=0&limit=100&includeNonDiscoverable=true", roomSearchCriteria{Query: &q}},
		{"rooms_far", "POST", "/pod/v3/room/search?skip=16000&limit=100&includeNonDiscoverable=true", roomSearchCriteria{Query: &q}},
	} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if resp := call(b, c, e, r.method, r.path, tok, r.body); resp.Status != http.StatusOK {
					b.Fatalf("%s: %d", r.path, resp.Status)
				}
			}
		})
	}
}

// A search's matches are kept for its next pages, and a change to the pod
// in between is seen: a new member, a room deactivated.
func TestRoomSearchSeesChangesBetweenPages(t *testing.T) {
	c := newRoomsCast(t)
	a := c.createRoom(map[string]any{"name": "Wqv One", "discoverable": true})
	c.createRoom(map[string]any{"name": "Wqv Two", "discoverable": true})
	search := func(criteria map[string]any) []string {
		t.Helper()
		criteria["query"] = "wqv"
		var res roomSearchResults
		c.p.expect(200, "POST", "/pod/v3/room/search?limit=1", c.owner, criteria, &res)
		var names []string
		for skip := 0; skip < int(res.Count); skip++ {
			var page roomSearchResults
			c.p.expect(200, "POST", fmt.Sprintf("/pod/v3/room/search?limit=1&skip=%d", skip), c.owner, criteria, &page)
			for _, r := range page.Rooms {
				names = append(names, r.RoomAttributes.Name)
			}
		}
		return names
	}
	other := map[string]any{"member": map[string]any{"id": c.other.ID}}
	if got := search(other); len(got) != 0 {
		t.Fatalf("before: %v", got)
	}
	c.p.expect(200, "POST", "/pod/v1/room/"+a.RoomSystemInfo.ID+"/membership/add", c.owner, map[string]any{"id": c.other.ID}, nil)
	if got := search(other); strings.Join(got, ",") != "Wqv One" {
		t.Fatalf("after a member joined: %v", got)
	}
	active := map[string]any{"active": true}
	if got := search(active); len(got) != 2 {
		t.Fatalf("active rooms: %v", got)
	}
	c.p.expect(200, "POST", "/pod/v1/room/"+a.RoomSystemInfo.ID+"/setActive?active=false", c.owner, nil, nil)
	if got := search(active); strings.Join(got, ",") != "Wqv Two" {
		t.Fatalf("after a room was deactivated: %v", got)
	}
}
