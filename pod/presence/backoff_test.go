package presence

import (
	"testing"
	"time"

	"symtui/pod/emulator"
)

func TestBackoffGrowsDoublesAndCaps(t *testing.T) {
	const iv = 5 * time.Second
	low := func(int64) int64 { return 0 }
	high := func(n int64) int64 { return n - 1 }
	cases := []struct {
		n         int
		min, max_ time.Duration
	}{
		{1, 2500 * time.Millisecond, 5 * time.Second},
		{2, 5 * time.Second, 10 * time.Second},
		{3, 10 * time.Second, 20 * time.Second},
		{4, 20 * time.Second, 40 * time.Second},
		{5, 30 * time.Second, time.Minute}, // capped at one minute
		{60, 30 * time.Second, time.Minute},
	}
	for _, c := range cases {
		if got := backoff(c.n, iv, time.Minute, low); got != c.min {
			t.Errorf("backoff(%d) with the lowest jitter = %v; want %v", c.n, got, c.min)
		}
		if got := backoff(c.n, iv, time.Minute, high); got != c.max_ {
			t.Errorf("backoff(%d) with the highest jitter = %v; want %v", c.n, got, c.max_)
		}
	}
	if got := backoff(0, iv, time.Minute, low); got != iv {
		t.Errorf("backoff(0) = %v; want the interval", got)
	}
}

func TestBackoffJitterSpreadsClients(t *testing.T) {
	seen := map[time.Duration]bool{}
	var state int64 = 7
	lcg := func(n int64) int64 {
		state = (state*6364136223846793005 + 1442695040888963407) & (1<<62 - 1)
		return state % n
	}
	for range 50 {
		d := backoff(3, time.Second, time.Minute, lcg)
		if d < 2*time.Second || d > 4*time.Second {
			t.Fatalf("backoff(3) = %v; want within [2s, 4s]", d)
		}
		seen[d] = true
	}
	if len(seen) < 40 {
		t.Errorf("50 waits took only %d distinct values; want jitter", len(seen))
	}
}

// TestTrackerBacksOffAndRecovers runs a tracker with a fixed clock against
// an unreachable pod: each failure schedules the next poll by the backoff,
// capped, and the first success returns to the interval.
func TestTrackerBacksOffAndRecovers(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 100})
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	const iv = 20 * time.Millisecond
	tr := startTracker(t, tp, Options{
		Interval:   iv,
		MaxBackoff: 4 * iv,
		Now:        func() time.Time { return fixed },
		Rand:       func(int64) int64 { return 0 }, // the lowest jitter: half the ceiling
	})
	waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 1 })

	tp.emu.SetFaults(emulator.Faults{Unreachable: true})
	want := map[int]time.Duration{1: iv / 2, 2: iv, 3: 2 * iv, 4: 2 * iv, 5: 2 * iv}
	for n := 1; n <= 5; n++ {
		s := waitFor(t, tr, "a failure", func(s Snapshot) bool { return s.Failures >= n && !s.NextPoll.IsZero() })
		if got := s.NextPoll.Sub(fixed); got != want[s.Failures] && s.Failures <= 5 {
			t.Errorf("after %d failures the next poll is in %v; want %v", s.Failures, got, want[s.Failures])
		}
		if s.LastErr == nil {
			t.Errorf("after %d failures LastErr is nil", s.Failures)
		}
	}

	tp.emu.SetFaults(emulator.Faults{})
	s := waitFor(t, tr, "recovery", func(s Snapshot) bool { return s.Failures == 0 && !s.NextPoll.IsZero() })
	if s.LastErr != nil || s.NextPoll.Sub(fixed) != iv {
		t.Errorf("after recovery: err=%v next poll in %v; want no error and the interval %v", s.LastErr, s.NextPoll.Sub(fixed), iv)
	}
}
