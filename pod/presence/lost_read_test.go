package presence

import (
	"context"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
)

// TestLostReadIsNeverHidden sends feed reads through the real client stack
// (session, net/http on a kept-alive connection) and loses the answer of one
// after the pod drained the feed, each way a network loses it. The read must
// fail as lost or report the replay net/http made: never come back as a
// complete read without the drained changes. Answers that arrived (502, 504)
// and reads that timed out are not tried again.
func TestLostReadIsNeverHidden(t *testing.T) {
	for _, loss := range lossyproxy.Visible {
		t.Run(loss.String(), func(t *testing.T) {
			tp, px := startLossyPod(t, emulator.Options{Users: 200}, lossyproxy.Options{})
			ctx := context.Background()
			feed, err := tp.client.CreatePresenceFeed(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tp.client.ReadPresenceFeed(ctx, feed); err != nil { // warms a kept-alive connection
				t.Fatal(err)
			}
			tp.emu.Burst(20)
			px.LoseNext(loss)
			r0 := px.Reads()
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			read, err := tp.client.ReadPresenceFeed(cctx, feed)
			cancel()
			sent := px.Reads() - r0
			t.Logf("%s: %d records, replayed %v, err %v; %d reads reached the proxy", loss, len(read.Records), read.Replayed, err, sent)
			switch {
			case err != nil && !pod.FeedReadLost(err):
				t.Fatalf("a lost answer is not reported as lost: %v", err)
			case err == nil && read.Complete():
				t.Fatalf("the loss was hidden: a complete read of %d records after the pod drained 20 changes", len(read.Records))
			}
			if loss != lossyproxy.Close && loss != lossyproxy.Reset && sent != 1 {
				t.Errorf("%d reads sent; an answered or timed-out read must not be sent again", sent)
			}
			if again, err := tp.client.ReadPresenceFeed(ctx, feed); err != nil || len(again.Records) >= 20 {
				t.Errorf("the next read = %d records, %v; the pod should have drained the burst already", len(again.Records), err)
			}
		})
	}
}

// TestRefusedReadsNeedNoResync: a read refused at the door never reached
// the pod, so the feed kept its changes: the tracker backs off, then picks
// them up from the feed without a reload.
func TestRefusedReadsNeedNoResync(t *testing.T) {
	tp, px := startLossyPod(t, emulator.Options{Users: 300}, lossyproxy.Options{NoKeepAlive: true})
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 100})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })
	tr.Pause()
	waitFor(t, tr, "the pause", func(s Snapshot) bool { return s.Paused && !s.InFlight })
	if err := px.Refuse(); err != nil {
		t.Fatal(err)
	}
	pages := tp.emu.Stats().Routes["GET /pod/v2/users/presence"].Requests
	tp.emu.Burst(50)
	tr.Resume()
	s := waitFor(t, tr, "a refused read", func(s Snapshot) bool { return s.Failures >= 2 })
	if !strings.Contains(s.LastErr.Error(), "refused") {
		t.Errorf("last error = %v; want the refusal", s.LastErr)
	}
	if err := px.Accept(); err != nil {
		t.Fatal(err)
	}
	s = waitFor(t, tr, "recovery", func(s Snapshot) bool { return s.Failures == 0 && s.LastErr == nil })
	if s.Resyncs != 0 || s.Lost != 0 {
		t.Errorf("after refused reads: %d resyncs, %d lost reads; want none", s.Resyncs, s.Lost)
	}
	if got := tp.emu.Stats().Routes["GET /pod/v2/users/presence"].Requests; got != pages {
		t.Errorf("%d presence pages loaded after refused reads; want none", got-pages)
	}
	assertMatchesPod(t, tp, tr)
}

// assertMatchesPod checks that the tracker holds exactly the presence the
// pod lists, category and time.
func assertMatchesPod(t *testing.T, tp *testPod, tr *Tracker) {
	t.Helper()
	if wrong, users := differences(t, tp, tr); wrong > 0 {
		t.Fatalf("%d of %d users hold the wrong presence", wrong, users)
	}
}

// differences counts the users whose presence the tracker holds wrong (or
// whom it knows while the pod does not list them), reporting the first few.
func differences(t *testing.T, tp *testPod, tr *Tracker) (wrong, users int) {
	t.Helper()
	truth, listed := tp.truth(t), tp.listed(t)
	got := tr.All()
	if len(got) != len(listed) {
		t.Errorf("tracker knows %d users; the pod lists %d", len(got), len(listed))
	}
	for _, p := range got {
		if want, ok := truth[p.UserID]; !ok || !listed[p.UserID] || want.Category != p.Category || want.Timestamp != p.Timestamp {
			if wrong++; wrong <= 5 {
				t.Errorf("user %d: tracker has %+v; the pod has %+v (listed %v)", p.UserID, p, want, listed[p.UserID])
			}
		}
	}
	return wrong, len(got)
}
