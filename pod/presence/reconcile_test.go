package presence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
)

// TestReconciliationCorrectsWhatNoReadCouldSee loses changes in a way no
// client can notice (a 200 with an empty list after the pod drained the
// feed): the periodic reconciliation finds them, emits them as changes and
// says how many users it corrected.
func TestReconciliationCorrectsWhatNoReadCouldSee(t *testing.T) {
	tp, px := startLossyPod(t, emulator.Options{Users: 400}, lossyproxy.Options{})
	const period = 20 * testInterval
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 100, Reconcile: period, RecentLimit: 10000})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 && s.Reconcile == period })
	waitFor(t, tr, "a reconciliation", func(s Snapshot) bool { return s.Reconciles >= 1 })
	before := tr.Snapshot(0)
	if len(before.Events) != 0 || before.Corrected != 0 {
		t.Fatalf("a reconciliation that found nothing said %+v (corrected %d)", before.Events, before.Corrected)
	}

	// Change five users and hide the read that carries them.
	ids := someUsers(t, tr, 5)
	tr.Pause()
	waitFor(t, tr, "the pause", func(s Snapshot) bool { return s.Paused && !s.InFlight })
	want := changePresence(t, tp, tr, ids)
	px.LoseNext(lossyproxy.Empty)
	r := px.Reads()
	tr.Resume()
	waitReads(t, px, r+2)
	for _, id := range ids {
		if p, _ := tr.Get(id); p.Category == want[id] && tr.Snapshot(0).Reconciles == before.Reconciles {
			t.Fatalf("user %d already shows %s: the change was not hidden", id, p.Category)
		}
	}

	s := waitFor(t, tr, "the next reconciliation", func(s Snapshot) bool { return s.Reconciles > before.Reconciles })
	assertMatchesPod(t, tp, tr)
	if s.Corrected != 5 || len(s.Events) != 1 || !strings.Contains(s.Events[0].Text, "presence reconciliation: 5 users differed from the pod; corrected") {
		t.Errorf("corrected %d, events %+v; want one notice naming 5 users", s.Corrected, s.Events)
	}
	changes, _, _ := tr.ChangesSince(before.Seq)
	for _, id := range ids {
		if !slices.ContainsFunc(changes, func(c Change) bool { return c.UserID == id && c.To == want[id] }) {
			t.Errorf("no change emitted for user %d -> %s", id, want[id])
		}
	}
	if s.Resyncs != 0 {
		t.Errorf("%d resyncs: nothing visible was lost", s.Resyncs)
	}
}

// TestReconciliationCost counts what the safety net costs on a quiet pod:
// per period, the presence pages of one full load (users/PageSize, rounded
// down, plus one) and no notification, so a UI waiting on Changes sleeps.
// The tracker's clock stands still: a cycle slowed down by a loaded machine
// would otherwise count as a gap a UI may have shown as stale, which is
// rightly news.
func TestReconciliationCost(t *testing.T) {
	for _, pageSize := range []int{100, 500} {
		t.Run(fmt.Sprintf("page %d", pageSize), func(t *testing.T) {
			tp := startPod(t, emulator.Options{Users: 1000})
			still := time.Now()
			tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: pageSize, Reconcile: 4 * testInterval,
				Now: func() time.Time { return still }})
			waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })
			select { // drop what the load announced
			case <-tr.Changes():
			default:
			}
			users := tr.Snapshot(0).Users
			tp.emu.ResetStats()
			r0 := tr.Snapshot(0).Reconciles
			s := waitFor(t, tr, "reconciliations", func(s Snapshot) bool { return s.Reconciles >= r0+3 })
			pages := tp.emu.Stats().Routes["GET /pod/v2/users/presence"].Requests
			per := users/pageSize + 1
			done := int(s.Reconciles - r0)
			t.Logf("%d users, pages of %d: %d presence pages for %d reconciliations (%d each)", users, pageSize, pages, done, per)
			// ±1 load: one may be under way when counting starts or ends.
			if pages < (done-1)*per || pages > (done+1)*per {
				t.Errorf("%d pages for %d reconciliations; want %d each", pages, done, per)
			}
			select {
			case <-tr.Changes():
				t.Errorf("reconciliations that found nothing sent a notification (%d events)", len(s.Events))
			default:
			}
		})
	}
}

// changePresence moves each user to a category other than the one the
// tracker knows, and returns the new categories.
func changePresence(t *testing.T, tp *testPod, tr *Tracker, ids []int64) map[int64]pod.Category {
	t.Helper()
	want := map[int64]pod.Category{}
	for _, id := range ids {
		p, _ := tr.Get(id)
		next := pod.CategoryOnThePhone
		if p.Category == next {
			next = pod.CategoryOffWork
		}
		if _, err := tp.client.SetUserPresence(context.Background(), id, next, false); err != nil {
			t.Fatal(err)
		}
		want[id] = next
	}
	return want
}

// someUsers picks n users the tracker knows, spread over the pod.
func someUsers(t *testing.T, tr *Tracker, n int) []int64 {
	t.Helper()
	all := tr.All()
	if len(all) < n {
		t.Fatalf("only %d users", len(all))
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = all[(i*len(all))/n].UserID
	}
	return out
}

// TestReconciliationUnderChurnCorrectsNobody: while presence churns, a
// reload sees changes the feed has not delivered yet; the feed read after
// it reports them, so they are not corrections and nothing is announced.
func TestReconciliationUnderChurnCorrectsNobody(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 2000, PresenceChurn: 400})
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 200, Reconcile: 4 * testInterval, RecentLimit: 1 << 20})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })
	s := waitFor(t, tr, "reconciliations", func(s Snapshot) bool { return s.Reconciles >= 5 })
	if s.Corrected != 0 || len(s.Events) != 0 {
		t.Errorf("%d reconciliations under churn corrected %d users and said %+v; want nothing: no change was lost", s.Reconciles, s.Corrected, s.Events)
	}
	tp.emu.SetChurn(0)
	pollsAfter(t, tr, 2)
	assertMatchesPod(t, tp, tr)
}
