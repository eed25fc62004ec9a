package presence

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
)

// TestNoChangeLostWhenAnswersAreLost loses 15% of the feed reads' answers
// after the pod drained the feed (connections closed and reset, 502s, 504s,
// stalls past the deadline) while presence churns in bursts. When the churn
// stops, two polls later the tracker holds exactly the pod's presence, the
// changes it announced lead from the first load to that state, and it said
// that it resynchronised.
func TestNoChangeLostWhenAnswersAreLost(t *testing.T) {
	tp, px := startLossyPod(t, emulator.Options{Users: 2000, PresenceChurn: 200}, lossyproxy.Options{Kinds: lossyproxy.Visible, Seed: 1})
	var notices atomic.Int64 // every notice, not only the last few the snapshot keeps
	logf := func(format string, args ...any) {
		if strings.Contains(fmt.Sprintf(format, args...), "lost; resynchronised") {
			notices.Add(1)
		}
	}
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 500, RecentLimit: 1 << 20, CallTimeout: time.Second, Log: logf})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })
	start, seq := categories(tr.All()), tr.Snapshot(0).Seq

	px.SetRate(0.15)
	for round := 0; round < 25; round++ {
		tp.emu.Burst(150)
		r := px.Reads()
		waitReads(t, px, r+4)
	}
	tp.emu.SetChurn(0)
	pollsAfter(t, tr, 2)

	wrong, users := differences(t, tp, tr)
	s := tr.Snapshot(0)
	t.Logf("lost changes: %d of %d users differ from the pod; %d of %d feed-read answers lost %v; %d resyncs, %d notices, %d users corrected, %d changes",
		wrong, users, px.LostTotal(), px.Reads(), px.Lost(), s.Resyncs, notices.Load(), s.Corrected, s.Seq-seq)
	if wrong > 0 {
		t.Fatalf("%d of %d users hold the wrong presence", wrong, users)
	}
	got := tr.All()

	// The announced changes, applied to the first load, give the final state.
	changes, _, complete := tr.ChangesSince(seq)
	if !complete {
		t.Fatal("changes were dropped from the recent list")
	}
	for _, c := range changes {
		if start[c.UserID] != c.From {
			t.Fatalf("change %+v: the user was %q before", c, start[c.UserID])
		}
		start[c.UserID] = c.To
	}
	for _, p := range got {
		if start[p.UserID] != p.Category {
			t.Fatalf("user %d: the changes lead to %q; the tracker holds %q", p.UserID, start[p.UserID], p.Category)
		}
	}

	// One notice per recovery, however many reads it covered.
	if n := int(notices.Load()); n == 0 || n != s.Resyncs || n > px.LostTotal() || uint64(n) > s.Lost {
		t.Errorf("%d resync notices, %d resyncs, %d lost reads seen, %d answers lost; want one notice per resync, at most one per loss",
			n, s.Resyncs, s.Lost, px.LostTotal())
	}
}

func categories(ps []pod.Presence) map[int64]pod.Category {
	out := make(map[int64]pod.Category, len(ps))
	for _, p := range ps {
		out[p.UserID] = p.Category
	}
	return out
}

// waitReads waits until the proxy has seen n feed reads.
func waitReads(t testing.TB, px *lossyproxy.Proxy, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for px.Reads() < n {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d feed reads (seen %d)", n, px.Reads())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
