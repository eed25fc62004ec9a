package soak

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// The fault schedule: the rates hold for the whole run; the rest are
// events at times fixed by the seed.
const (
	errorRate = 0.10 // answered 500 or 503 before the handler runs
	dropRate  = 0.05 // connection closed before the handler runs
	loseRate  = 0.05 // the handler runs, then the connection closes: its answer is lost

	rateLimitEvery = 20 * time.Second // a burst of 429s
	sessionsEvery  = 30 * time.Second // every session expires
	feedsEvery     = 60 * time.Second // every presence feed expires
	outageEvery    = 60 * time.Second // the pod refuses connections for a while, as when it restarts

	outageMin, outageMax = 2 * time.Second, 5 * time.Second
	// loginWindow is how long after a session expiry the login it causes
	// may still be under way (a 429 burst can hold it for seconds).
	loginWindow = 5 * time.Second

	churnRate = 20.0 // presence changes per second between bursts
	// Presence bursts come every churnGapMin to churnGapMax, each of
	// churnBurstMin to churnBurstMax changes: the larger ones take more
	// than one feed read (500 records) to drain.
	churnGapMin, churnGapMax     = 3 * time.Second, 12 * time.Second
	churnBurstMin, churnBurstMax = 50, 1500
	// A 429 burst turns away this many requests, with Retry-After of 1 or
	// 2 s. The emulator counts requests, not time: a handful of callers
	// coming back together after each Retry-After spend an attempt per
	// wait, so a burst this size already costs a call several attempts.
	rateLimitMin, rateLimitMax = 10, 40
)

type eventKind int

const (
	rateLimitBurst eventKind = iota
	expireSessions
	expireFeeds
	presenceBurst
	outage    // the pod's port refuses connections for length
	outageEnd // it accepts them again
)

// event is one scheduled fault, at a time from the start of the run.
type event struct {
	at         time.Duration
	kind       eventKind
	n          int           // requests turned away, or presence changes
	retryAfter int           // seconds, for a 429 burst
	length     time.Duration // of an outage
}

func (e event) String() string {
	switch e.kind {
	case rateLimitBurst:
		return fmt.Sprintf("%v: the next %d requests get 429 (Retry-After %d s)", e.at, e.n, e.retryAfter)
	case expireSessions:
		return fmt.Sprintf("%v: every session expires", e.at)
	case expireFeeds:
		return fmt.Sprintf("%v: every presence feed expires", e.at)
	case outage:
		return fmt.Sprintf("%v: the pod refuses connections for %v", e.at, e.length)
	case outageEnd:
		return fmt.Sprintf("%v: the pod accepts connections again", e.at)
	default:
		return fmt.Sprintf("%v: %d presence changes at once", e.at, e.n)
	}
}

// schedule lists the events of a run of length d, in time order. The seed
// decides each periodic fault's first time (between a tenth and a half of
// its period, so even a 30-second run meets each kind once) and every
// size and gap; the same seed and length give the same schedule.
func schedule(seed int64, d time.Duration) []event {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x50a4))
	phase := func(period time.Duration) time.Duration {
		return period/10 + time.Duration(rng.Int64N(int64(period*4/10)))
	}
	var out []event
	periodic := func(first, period time.Duration, kind eventKind, fill func(*event)) {
		for at := first; at < d; at += period {
			ev := event{at: at, kind: kind}
			if fill != nil {
				fill(&ev)
			}
			out = append(out, ev)
		}
	}
	periodic(phase(rateLimitEvery), rateLimitEvery, rateLimitBurst, func(ev *event) {
		ev.n = rateLimitMin + rng.IntN(rateLimitMax-rateLimitMin+1)
		ev.retryAfter = 1 + rng.IntN(2)
	})
	sessions := phase(sessionsEvery)
	periodic(sessions, sessionsEvery, expireSessions, nil)
	periodic(phase(feedsEvery), feedsEvery, expireFeeds, nil)
	// An outage never starts just after a session expiry: it would cut
	// the login that follows, whose session the emulator counts as given
	// though the client never got it.
	first := phase(outageEvery)
	for (first-sessions+sessionsEvery)%sessionsEvery < loginWindow {
		first = phase(outageEvery)
	}
	periodic(first, outageEvery, outage, func(ev *event) {
		ev.length = outageMin + time.Duration(rng.Int64N(int64(outageMax-outageMin)))
		if end := ev.at + ev.length; end < d {
			out = append(out, event{at: end, kind: outageEnd})
		}
	})
	for at := churnGapMin + time.Duration(rng.Int64N(int64(churnGapMax-churnGapMin))); at < d; {
		out = append(out, event{at: at, kind: presenceBurst, n: churnBurstMin + rng.IntN(churnBurstMax-churnBurstMin+1)})
		at += churnGapMin + time.Duration(rng.Int64N(int64(churnGapMax-churnGapMin)))
	}
	slices.SortStableFunc(out, func(a, b event) int { return cmp.Compare(a.at, b.at) })
	return out
}
