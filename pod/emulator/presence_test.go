package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestOwnPresence(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me := p.addUser("me", false)
	var pr v2Presence
	p.expect(200, "GET", "/pod/v2/user/presence", me, nil, &pr)
	if pr.UserID != me.ID || pr.Category != "AVAILABLE" {
		t.Fatalf("own presence = %+v", pr)
	}
	p.expect(200, "POST", "/pod/v2/user/presence", me, map[string]string{"category": "IN_A_MEETING"}, &pr)
	if pr.Category != "IN_A_MEETING" || pr.Timestamp != p.e.now().UnixMilli() {
		t.Fatalf("set = %+v", pr)
	}
	p.expect(400, "POST", "/pod/v2/user/presence", me, map[string]string{"category": "SLEEPING"}, nil)
	p.expect(400, "POST", "/pod/v2/user/presence", me, map[string]string{}, nil)
	p.expect(400, "POST", "/pod/v2/user/presence", me, nil, nil)
}

func TestSoftPresence(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me := p.addUser("me", false)
	var pr v2Presence
	// an idle online user set AVAILABLE softly shows AWAY; a hard set shows AVAILABLE
	p.e.mu.Lock()
	p.e.aux(me.ID).Idle = true
	p.e.mu.Unlock()
	p.expect(200, "POST", "/pod/v2/user/presence?soft=true", me, map[string]string{"category": "AVAILABLE"}, &pr)
	if pr.Category != "AWAY" {
		t.Fatalf("soft AVAILABLE while idle = %s, want AWAY", pr.Category)
	}
	p.expect(200, "POST", "/pod/v2/user/presence", me, map[string]string{"category": "AVAILABLE"}, &pr)
	if pr.Category != "AVAILABLE" {
		t.Fatalf("hard AVAILABLE while idle = %s", pr.Category)
	}
	// an OFFLINE user stays OFFLINE and takes the category on coming online
	p.expect(200, "POST", "/pod/v2/user/presence", me, map[string]string{"category": "OFFLINE"}, nil)
	p.expect(200, "POST", "/pod/v2/user/presence?soft=true", me, map[string]string{"category": "BUSY"}, &pr)
	if pr.Category != "OFFLINE" {
		t.Fatalf("soft BUSY while offline = %s, want OFFLINE", pr.Category)
	}
	for i := 0; i < 100000; i++ { // churn is deterministic; the user comes online within a few hundred changes
		p.e.Burst(1)
		p.expect(200, "GET", "/pod/v2/user/presence", me, nil, &pr)
		if pr.Category != "OFFLINE" {
			break
		}
	}
	if pr.Category != "BUSY" {
		t.Fatalf("on coming online the user shows %s, want the deferred BUSY", pr.Category)
	}
}

func TestUserPresenceVisibility(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me, colleague, ext := p.addUser("me", false), p.addUser("colleague", false), p.addUser("ext", true)
	get := func(u testUser, query string) v2Presence {
		t.Helper()
		var pr v2Presence
		p.expect(200, "GET", fmt.Sprintf("/pod/v3/user/%d/presence%s", u.ID, query), me, nil, &pr)
		return pr
	}
	if pr := get(colleague, ""); pr.Category != "AVAILABLE" || pr.UserID != colleague.ID {
		t.Fatalf("colleague = %+v", pr)
	}
	p.expect(404, "GET", "/pod/v3/user/77/presence", me, nil, nil)
	if pr := get(ext, ""); pr.Category != "OFFLINE" {
		t.Fatalf("unconnected external = %+v", pr)
	}
	p.expect(200, "POST", "/pod/v1/connection/create", me, map[string]any{"userId": ext.ID}, nil)
	p.expect(200, "POST", "/pod/v1/connection/accept", ext, map[string]any{"userId": me.ID}, nil)
	if pr := get(ext, ""); pr.Category != "OFFLINE" {
		t.Fatalf("connected external without interest = %+v", pr)
	}
	// registration is atomic: one unknown id registers nothing
	p.expect(404, "POST", "/pod/v1/user/presence/register", me, []int64{ext.ID, 77}, nil)
	if pr := get(ext, ""); pr.Category != "OFFLINE" {
		t.Fatalf("a failed registration took effect: %+v", pr)
	}
	raw := p.expect(200, "POST", "/pod/v1/user/presence/register", me, []int64{ext.ID}, nil)
	if string(raw) != `{"format":"TEXT","message":"OK"}`+"\n" {
		t.Fatalf("register answered %s", raw)
	}
	if pr := get(ext, ""); pr.Category != "AVAILABLE" {
		t.Fatalf("connected external with interest = %+v", pr)
	}
	if pr := get(ext, "?local=true"); pr.Category != "OFFLINE" {
		t.Fatalf("local query of an external user = %+v", pr)
	}
}

func TestSetOtherUsersPresence(t *testing.T) {
	p := newRoomsPod(t, Options{})
	admin, plain, target := p.addUser("admin", false, "SUPER_ADMINISTRATOR"), p.addUser("plain", false), p.addUser("target", false)
	p.expect(403, "POST", "/pod/v3/user/presence", plain, map[string]any{"userId": target.ID, "category": "BUSY"}, nil)
	p.expect(404, "POST", "/pod/v3/user/presence", admin, map[string]any{"userId": 77, "category": "BUSY"}, nil)
	p.expect(400, "POST", "/pod/v3/user/presence", admin, map[string]any{"userId": target.ID, "category": "busy"}, nil)
	var pr v2Presence
	p.expect(200, "POST", "/pod/v3/user/presence", admin, map[string]any{"userId": target.ID, "category": "BUSY"}, &pr)
	if pr.UserID != target.ID || pr.Category != "BUSY" {
		t.Fatalf("set other = %+v", pr)
	}
	p.e.mu.Lock()
	last := p.e.st.audit[len(p.e.st.audit)-1]
	p.e.mu.Unlock()
	if last.Action != "userPresenceSet" || last.InitiatorID != admin.ID || last.TargetID != fmt.Sprint(target.ID) {
		t.Fatalf("audit = %+v", last)
	}
}

func TestAllUsersPresencePaging(t *testing.T) {
	p := newRoomsPod(t, Options{})
	a, b, c := p.addUser("a", false), p.addUser("b", false), p.addUser("c", false)
	p.addUser("x", true)
	p.e.mu.Lock()
	b.u.Status = "DISABLED"
	total := 0
	for _, id := range p.e.st.userOrder {
		if u := p.e.st.users[id]; !u.External && u.Status != "DISABLED" {
			total++
		}
	}
	p.e.mu.Unlock()
	var page []v2Presence
	p.expect(200, "GET", fmt.Sprintf("/pod/v2/users/presence?lastUserId=%d", a.ID-1), a, nil, &page)
	if len(page) != 2 || page[0].UserID != a.ID || page[1].UserID != c.ID {
		t.Fatalf("page after a-1 = %+v (DISABLED and external users must be left out)", page)
	}
	p.expect(200, "GET", fmt.Sprintf("/pod/v2/users/presence?lastUserId=%d", a.ID), a, nil, &page)
	if len(page) != 1 || page[0].UserID != c.ID {
		t.Fatalf("lastUserId is exclusive; got %+v", page)
	}
	// walk the whole pod 7 at a time
	seen, last := 0, int64(0)
	for {
		p.expect(200, "GET", fmt.Sprintf("/pod/v2/users/presence?lastUserId=%d&limit=7", last), a, nil, &page)
		for _, pr := range page {
			if pr.UserID <= last {
				t.Fatalf("ids not ascending: %d after %d", pr.UserID, last)
			}
			last = pr.UserID
		}
		seen += len(page)
		if len(page) < 7 {
			break
		}
	}
	if seen != total {
		t.Fatalf("paged %d users, want %d", seen, total)
	}
	p.expect(400, "GET", "/pod/v2/users/presence?limit=5001", a, nil, nil)
	p.expect(400, "GET", "/pod/v2/users/presence?limit=0", a, nil, nil)
}

// feedIDOf creates a feed for u.
func (p *roomsPod) createFeed(u testUser) string {
	p.t.Helper()
	var id struct{ ID string }
	p.expect(200, "POST", "/pod/v1/presence/feed/create", u, nil, &id)
	if len(id.ID) != 36 {
		p.t.Fatalf("feed id %q is not a UUID", id.ID)
	}
	return id.ID
}

func (p *roomsPod) readFeed(u testUser, id string) []v2Presence {
	p.t.Helper()
	var out []v2Presence
	p.expect(200, "GET", "/pod/v1/presence/feed/"+id+"/read", u, nil, &out)
	return out
}

func TestFeedCollapsesChangesOldestFirst(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me, a, b := p.addUser("me", false), p.addUser("a", false), p.addUser("b", false)
	feed := p.createFeed(me)
	if got := p.readFeed(me, feed); len(got) != 0 {
		t.Fatalf("a fresh feed read %+v", got)
	}
	set := func(u testUser, cat string) {
		p.expect(200, "POST", "/pod/v2/user/presence", u, map[string]string{"category": cat}, nil)
	}
	set(a, "BUSY")
	set(b, "AWAY")
	set(a, "ON_THE_PHONE")
	got := p.readFeed(me, feed)
	if len(got) != 2 || got[0].UserID != a.ID || got[0].Category != "ON_THE_PHONE" || got[1].UserID != b.ID || got[1].Category != "AWAY" {
		t.Fatalf("read = %+v", got)
	}
	if got := p.readFeed(me, feed); len(got) != 0 {
		t.Fatalf("second read = %+v", got)
	}
	// another user's feed is unknown to this one
	p.expect(400, "GET", "/pod/v1/presence/feed/"+feed+"/read", a, nil, nil)
}

func TestFeedSpillsPast500(t *testing.T) {
	p := newRoomsPod(t, Options{Users: 1500})
	me := p.addUser("me", false)
	feed := p.createFeed(me)
	p.e.Burst(3000)
	p.e.mu.Lock()
	pending := len(p.e.st.feeds[feed].pending)
	p.e.mu.Unlock()
	if pending <= maxFeedRead {
		t.Fatalf("only %d users changed; the test needs more than %d", pending, maxFeedRead)
	}
	var reads [][]v2Presence
	for {
		got := p.readFeed(me, feed)
		if len(got) == 0 {
			break
		}
		reads = append(reads, got)
	}
	ids := map[int64]bool{}
	for i, r := range reads {
		if len(r) > maxFeedRead || (i < len(reads)-1 && len(r) != maxFeedRead) {
			t.Fatalf("read %d returned %d records", i, len(r))
		}
		for _, pr := range r {
			if ids[pr.UserID] {
				t.Fatalf("user %d reported twice", pr.UserID)
			}
			ids[pr.UserID] = true
		}
	}
	if len(reads) < 2 || len(ids) != pending {
		t.Fatalf("%d reads returned %d users for %d pending", len(reads), len(ids), pending)
	}
}

func TestFeedExpiryAndDelete(t *testing.T) {
	p := newRoomsPod(t, Options{FeedIdleTTL: time.Minute})
	me := p.addUser("me", false)
	feed := p.createFeed(me)
	p.clock.Advance(59 * time.Second)
	p.readFeed(me, feed) // a read keeps it alive
	p.clock.Advance(59 * time.Second)
	p.readFeed(me, feed)
	p.clock.Advance(61 * time.Second)
	raw := p.expect(400, "GET", "/pod/v1/presence/feed/"+feed+"/read", me, nil, nil)
	if pe := errorMessage(t, raw); pe.Code != 400 || pe.Message == "" {
		t.Fatalf("expired read = %+v", pe)
	}

	feed = p.createFeed(me)
	p.e.ExpireFeeds()
	p.expect(400, "GET", "/pod/v1/presence/feed/"+feed+"/read", me, nil, nil)

	feed = p.createFeed(me)
	var del struct{ ID string }
	p.expect(200, "POST", "/pod/v1/presence/feed/"+feed+"/delete", me, nil, &del)
	if del.ID != feed {
		t.Fatalf("delete answered %q", del.ID)
	}
	p.expect(400, "GET", "/pod/v1/presence/feed/"+feed+"/read", me, nil, nil)
	p.expect(400, "POST", "/pod/v1/presence/feed/"+feed+"/delete", me, nil, nil)
	p.expect(400, "GET", "/pod/v1/presence/feed/no-such-feed/read", me, nil, nil)
}

func TestChurnReachesFeeds(t *testing.T) {
	p := newRoomsPod(t, Options{Users: 200})
	me := p.addUser("me", false)
	feed := p.createFeed(me)
	p.e.SetChurn(500)
	defer p.e.SetChurn(0)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := p.readFeed(me, feed); len(got) > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no presence change reached the feed with churn at 500/s")
}

func TestEmulatorPresenceSnapshot(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me := p.addUser("me", false)
	rec := httptest.NewRecorder()
	p.e.handleEmulatorPresence(rec, &http.Request{})
	var all []v2Presence
	if err := json.Unmarshal(rec.Body.Bytes(), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || all[len(all)-1].UserID != me.ID {
		t.Fatalf("snapshot of %d users does not end with the newest user", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].UserID <= all[i-1].UserID {
			t.Fatal("snapshot not sorted by user id")
		}
	}
}

func BenchmarkFeedRead100kUsers(b *testing.B) {
	e := &Emulator{opts: Options{FeedIdleTTL: time.Hour, Now: time.Now}}
	e.st = &state{users: map[int64]*user{}}
	e.st.initRoomState()
	const users = 100_000
	for i := int64(1); i <= users; i++ {
		e.st.users[i] = &user{ID: i, Status: "ENABLED", Presence: presence{Category: "AVAILABLE"}}
		e.st.userOrder = append(e.st.userOrder, i)
	}
	f := &presenceFeed{ID: "bench", pending: map[int64]struct{}{}, LastRead: time.Now().UnixMilli()}
	e.st.feeds[f.ID] = f
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := int64(0); k < maxFeedRead; k++ {
			e.markPresenceChanged(e.st.users[1+(int64(i)*maxFeedRead+k)%users])
		}
		if got := e.drainFeed(f, maxFeedRead); len(got) != maxFeedRead {
			b.Fatalf("read %d", len(got))
		}
	}
}
