package presence

import (
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
)

var (
	numericID   = regexp.MustCompile(`"(userId|timestamp)":(\d+)`)
	firstUserID = regexp.MustCompile(`"userId":"(\d+)"`)
)

// TestTrackerReadsQuotedNumbersAndSkipsABrokenRecord serves feed reads the
// way the Java BDK's own tests write them (userId and timestamp as JSON
// strings) and breaks one record of a read: the others are applied, the
// broken one is counted, and a resync recovers that user's change.
func TestTrackerReadsQuotedNumbersAndSkipsABrokenRecord(t *testing.T) {
	tp, px := startLossyPod(t, emulator.Options{Users: 400}, lossyproxy.Options{})
	tr := startTracker(t, tp, Options{Interval: testInterval, PageSize: 100, RecentLimit: 10000})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })

	var broken atomic.Int64 // the user whose record was broken
	px.Rewrite(func(b []byte) []byte {
		b = numericID.ReplaceAll(b, []byte(`"$1":"$2"`))
		if m := firstUserID.FindSubmatchIndex(b); m != nil && broken.Load() == 0 {
			id := string(b[m[2]:m[3]])
			n, _ := strconv.ParseInt(id, 10, 64)
			broken.Store(n)
			b = append(b[:m[0]:m[0]], append([]byte(`"userId":{"id":"`+id+`"}`), b[m[1]:]...)...)
		}
		return b
	})

	tr.Pause()
	waitFor(t, tr, "the pause", func(s Snapshot) bool { return s.Paused && !s.InFlight })
	seq := tr.Snapshot(0).Seq
	ids := someUsers(t, tr, 10)
	want := changePresence(t, tp, tr, ids)
	tr.Resume()
	s := waitFor(t, tr, "the resync", func(s Snapshot) bool { return s.Skipped == 1 && s.Resyncs == 1 && s.LastErr == nil })
	pollsAfter(t, tr, 1)

	if broken.Load() == 0 || want[broken.Load()] == "" {
		t.Fatalf("the broken record (user %d) is not one of the changed users", broken.Load())
	}
	truth := tp.truth(t)
	changes, _, _ := tr.ChangesSince(seq)
	for _, id := range ids {
		p, _ := tr.Get(id)
		if p.Category != want[id] || p.Timestamp != truth[id].Timestamp {
			t.Errorf("user %d = %+v; the pod has %+v", id, p, truth[id])
		}
		n := 0
		for _, c := range changes {
			if c.UserID == id {
				n++
			}
		}
		if n != 1 {
			t.Errorf("user %d: %d changes emitted; want exactly one", id, n)
		}
	}
	if len(s.Events) != 1 || !strings.Contains(s.Events[0].Text, "a presence feed record could not be decoded; resynchronised") ||
		!strings.HasSuffix(s.Events[0].Text, "(1 corrected)") {
		t.Errorf("events = %+v; want one resync notice naming the skipped record and 1 user corrected", s.Events)
	}
	assertMatchesPod(t, tp, tr)
}
