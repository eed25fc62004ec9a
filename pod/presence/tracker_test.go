package presence

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"symtui/pod/emulator"
)

const testInterval = 50 * time.Millisecond

// TestTrackerFollowsChurn drives the emulator through steady churn, a burst
// larger than one feed read, a feed expiry and a session expiry, then stops
// the churn: two polls later the tracker must hold exactly the pod's presence.
func TestTrackerFollowsChurn(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 2000, PresenceChurn: 1500})
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 500, RecentLimit: 100000})

	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 3 })

	// More than one read's worth of changes between two polls must drain in one cycle.
	before := tr.Snapshot(0)
	tp.emu.Burst(1200)
	after := pollsAfter(t, tr, 2)
	if after.Reads-before.Reads < 3 {
		t.Errorf("a 1200-change burst took %d feed reads over 2 polls; want at least 3 (drain until a short read)", after.Reads-before.Reads)
	}

	tp.emu.ExpireFeeds()
	s := waitFor(t, tr, "a resync", func(s Snapshot) bool { return s.Resyncs == 1 && s.LastErr == nil && s.Polls > after.Polls+1 })
	if len(s.Events) == 0 || !strings.Contains(s.Events[len(s.Events)-1].Text, "presence feed expired; resynchronised") {
		t.Errorf("events after a feed expiry = %+v; want a resync notice", s.Events)
	}

	auth := tp.emu.Stats().Auth["POST /login/pubkey/authenticate"]
	tp.emu.ExpireSessions()
	pollsAfter(t, tr, 3)
	if got := tp.emu.Stats().Auth["POST /login/pubkey/authenticate"]; got != auth+1 {
		t.Errorf("logins after a session expiry = %d; want exactly one more than %d", got, auth)
	}
	if s := tr.Snapshot(0); s.Failures != 0 || s.Resyncs != 1 {
		t.Errorf("after a session expiry: failures=%d resyncs=%d err=%v; want the re-authentication to be invisible", s.Failures, s.Resyncs, s.LastErr)
	}

	waitFor(t, tr, "thousands of changes", func(s Snapshot) bool { return s.Seq >= 3000 })
	tp.emu.SetChurn(0)
	pollsAfter(t, tr, 2)

	assertMatchesPod(t, tp, tr)
	got := tr.All()

	final := tr.Snapshot(1 << 30)
	for _, c := range final.Recent {
		if c.From == c.To {
			t.Fatalf("change %+v does not change the category", c)
		}
	}
	total := 0
	for _, n := range final.Counts {
		total += n
	}
	if total != len(got) {
		t.Errorf("counts per category sum to %d; want %d users", total, len(got))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tr.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n := tp.emu.Stats().Routes["POST /pod/v1/presence/feed/{feedId}/delete"].ByStatus["200"]; n != 1 {
		t.Errorf("feeds deleted at Close = %d; want 1", n)
	}
}

// TestTrackerCreatesFeedBeforeLoading checks the order the spec asks for,
// at the start and after the feed is lost: feed first, then the full load.
func TestTrackerCreatesFeedBeforeLoading(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 300})
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 100})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 1 })
	p := tr.Snapshot(0).Polls
	tp.emu.ExpireFeeds()
	waitFor(t, tr, "a resync", func(s Snapshot) bool { return s.Resyncs == 1 && s.Polls > p })

	var api []string
	for _, r := range tp.seen() {
		if strings.Contains(r, "presence") {
			api = append(api, r)
		}
	}
	create := "POST /pod/v1/presence/feed/create"
	page := "GET /pod/v2/users/presence"
	read := "GET /pod/v1/presence/feed/{feedId}/read"
	first := slices.Index(api, create)
	if first != 0 || api[1] != page {
		t.Fatalf("first presence calls = %v; want the feed created before the first page", api[:min(len(api), 4)])
	}
	pages := 0
	for _, r := range api[1:] {
		if r != page {
			break
		}
		pages++
	}
	if pages < 3 {
		t.Errorf("the first load took %d pages of 100 for 300 users; want paging by lastUserId", pages)
	}
	second := first + 1 + slices.Index(api[first+1:], create)
	if second <= first || api[second-1] != read || api[second+1] != page {
		t.Errorf("around the resync: %v; want a failed read, a new feed, then the full load", api[max(second-2, 0):min(second+3, len(api))])
	}
}

// TestTrackerPauseStopsPolling checks that a paused tracker makes no calls
// and that Resume polls at once.
func TestTrackerPauseStopsPolling(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 100})
	tr := startTracker(t, tp, Options{Interval: testInterval})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 1 })
	tr.Pause()
	s := waitFor(t, tr, "the pause", func(s Snapshot) bool { return s.Paused && !s.InFlight })
	reads := tp.emu.Stats().Routes["GET /pod/v1/presence/feed/{feedId}/read"].Requests
	time.Sleep(5 * testInterval) // nothing to wait for: proving that nothing happens
	if got := tp.emu.Stats().Routes["GET /pod/v1/presence/feed/{feedId}/read"].Requests; got != reads {
		t.Errorf("feed reads while paused: %d -> %d; want none", reads, got)
	}
	if s.Stale(time.Now().Add(time.Hour)) {
		t.Error("a paused tracker reports stale data")
	}
	tr.Resume()
	waitFor(t, tr, "a poll after Resume", func(x Snapshot) bool { return !x.Paused && x.Polls > s.Polls })
}

// TestTrackerRegistersInterest checks batching, deduplication and that an
// unknown user does not sink a whole batch.
func TestTrackerRegistersInterest(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 400})
	tr := startTracker(t, tp, Options{Interval: time.Hour}) // no polls to get in the way
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced })

	var ids []int64
	for id := range tp.truth(t) {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids = ids[:150]
	const unknown = 42
	tr.Interest(append(ids, unknown))
	tr.Interest(ids[:10]) // pending or registered already: no second request for them
	deadline := time.Now().Add(30 * time.Second)
	for !tr.Registered(ids[149]) || !tr.Registered(ids[0]) {
		if time.Now().After(deadline) {
			t.Fatal("interest was not registered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, id := range ids {
		if !tr.Registered(id) {
			t.Fatalf("user %d not registered", id)
		}
	}
	if tr.Registered(unknown) {
		t.Error("an unknown user reads as registered")
	}
	before := tp.emu.Stats().Routes["POST /pod/v1/user/presence/register"].Requests
	p0 := tr.Snapshot(0).Polls
	tr.Interest(ids)
	tr.Refresh()
	waitFor(t, tr, "a poll", func(s Snapshot) bool { return s.Polls > p0 })
	if got := tp.emu.Stats().Routes["POST /pod/v1/user/presence/register"].Requests; got != before {
		t.Errorf("registering known ids again sent %d requests; want none", got-before)
	}
}
