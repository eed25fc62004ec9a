package presence

import (
	"testing"

	"symtui/pod/emulator"
)

// TestIdleTrackerIsQuiet checks that polls which find nothing new do not
// notify: a UI waiting on Changes stays asleep while nothing changes.
func TestIdleTrackerIsQuiet(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 200})
	// 100 ms: a poll would have to take 300 ms to count as a gap worth telling.
	tr := startTracker(t, tp, Options{Interval: 2 * testInterval})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })
	select { // drop what the load announced
	case <-tr.Changes():
	default:
	}
	p0 := tr.Snapshot(0).Polls
	s := pollsAfter(t, tr, 10) // polls the state; does not consume notifications
	select {
	case <-tr.Changes():
		t.Errorf("%d polls that found nothing sent a notification (%d reads, failures %d)", s.Polls-p0, s.Reads, s.Failures)
	default:
	}
}
