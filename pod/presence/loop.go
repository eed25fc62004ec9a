package presence

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"symtui/pod"
)

// maxDrain bounds the feed reads of one cycle, so interest registration,
// pause and shutdown get a turn during a flood; the next cycle starts at once.
const maxDrain = 64

// interestBatch is how many ids one interest registration carries.
const interestBatch = 100

// run is the tracker's only goroutine: every pod call happens here, one at
// a time (but the watched users' reads, a few at once, which it waits
// for), so polls are single-flight by construction.
func (t *Tracker) run(ctx context.Context) {
	defer close(t.done)
	defer t.stopReconcile()
	timer := time.NewTimer(0) // the first cycle starts at once
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.wake:
			t.registerInterest(ctx)
			t.loadNewWatched(ctx)
			if !t.due.Swap(false) {
				continue // only interest to register; keep the poll schedule
			}
		case <-t.reconcileC():
			t.loads.reconcile = true // the next poll reloads; no wake-up of its own
			continue
		case <-timer.C:
		}
		if t.isPaused() {
			continue // Resume wakes the loop and marks a poll due
		}
		t.due.Store(false)
		t.registerInterest(ctx)
		delay, err := t.cycle(ctx)
		if ctx.Err() != nil {
			return
		}
		next := t.finish(delay, err)
		if _, stop := err.(unavailableError); !stop {
			timer.Reset(next) // else the loop waits for a Refresh, which asks once more
		}
	}
}

func (t *Tracker) isPaused() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.status.paused
}

// cycle brings the data up to date: a feed and a full load when needed
// (first, after changes may have been lost, or to reconcile), then feed
// reads until drained. When a read may have lost changes it reloads at once,
// once per cycle. It returns the wait before the next cycle.
func (t *Tracker) cycle(ctx context.Context) (time.Duration, error) {
	if why := t.unavailable(); why != "" {
		return 0, unavailableError{why}
	}
	t.setInFlight(!t.loads.loaded)
	reloaded := false
	for {
		if !t.loads.loaded || t.loads.reconcile {
			if err := t.sync(ctx); err != nil {
				if why := t.unavailable(); why != "" {
					return 0, unavailableError{why} // refused: the pod named what is missing
				}
				return 0, err
			}
			reloaded = true
		}
		t.loadNewWatched(ctx)
		more, err := t.drain(ctx)
		var partial incompleteRead
		switch {
		case err == nil && more:
			return 0, nil // the rest of the feed first: a user still in it is no correction
		case err == nil:
			t.settle()
			return t.opts.Interval, nil
		case errors.As(err, &partial):
			t.lostChanges(partial.read, nil)
			if reloaded {
				return t.opts.Interval, nil // the pod answers: reload at the next poll
			}
		case feedGone(err):
			// The feed expired or was deleted under us: changes since the last
			// read are lost, so start over with a new feed and a full load.
			t.lostFeed()
			if reloaded {
				return 0, err
			}
		case pod.FeedReadLost(err):
			t.lostChanges(pod.FeedRead{}, err)
			if reloaded {
				return 0, err // lost again right after a reload: back off first
			}
		default:
			return 0, err
		}
		t.setInFlight(true)
	}
}

// feedGone reports a read of a feed the pod no longer has: the emulator
// and, per the BDK datafeed logic, real pods answer 400; some answer 404.
func feedGone(err error) bool {
	return pod.IsBadRequest(err) || pod.IsNotFound(err)
}

// setInFlight marks a cycle running; a full load is long enough to be
// worth a notification, a routine read is not.
func (t *Tracker) setInFlight(loading bool) {
	t.mu.Lock()
	t.status.inFlight = true
	t.status.nextPoll = time.Time{}
	t.mu.Unlock()
	if loading {
		t.notify()
	}
}

func (t *Tracker) callCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, t.opts.CallTimeout)
}

// incompleteRead is a feed read that was answered but did not deliver every
// change it took off the feed (skipped records, a replay after a lost
// answer). Its records are applied; the rest needs a reload.
type incompleteRead struct{ read pod.FeedRead }

func (e incompleteRead) Error() string { return "a presence feed read was incomplete" }

// drain reads the feed until a read returns fewer than the pod's maximum
// (more may be waiting after a full one). more reports that maxDrain full
// reads happened and the feed may still hold changes.
func (t *Tracker) drain(ctx context.Context) (more bool, err error) {
	for range maxDrain {
		cctx, cancel := t.callCtx(ctx)
		read, err := t.client.ReadPresenceFeed(cctx, t.feedID)
		cancel()
		if err != nil {
			return false, err
		}
		now := t.opts.Now()
		t.mu.Lock()
		n := t.data.apply(read.Records, now)
		t.status.reads++
		t.mu.Unlock()
		t.confirm(read.Records)
		if n > 0 {
			t.notify()
		}
		if !read.Complete() {
			return false, incompleteRead{read}
		}
		if !read.Full() {
			return false, nil
		}
	}
	return true, nil
}

// finish records the outcome of a cycle and returns the wait before the
// next: the interval after a success, a growing jittered backoff after
// failures.
func (t *Tracker) finish(delay time.Duration, err error) time.Duration {
	now := t.opts.Now()
	notify := false
	t.mu.Lock()
	st := &t.status
	st.inFlight = false
	var refused unavailableError
	switch {
	case errors.As(err, &refused):
		// Nothing to retry: no backoff, no error line, just why.
		notify = st.unavailable != refused.why
		st.unavailable, st.lastErr, st.nextPoll = refused.why, nil, time.Time{}
		t.mu.Unlock()
		if notify {
			t.notify()
		}
		return 0
	case err != nil:
		st.failures++
		delay = backoff(st.failures, t.opts.Interval, t.opts.MaxBackoff, t.opts.Rand)
		st.lastErr = err
		notify = true
	default:
		// Recovering from errors, or from a gap long enough for a UI to have
		// shown the data as stale, is news; a routine empty poll is not.
		notify = st.lastErr != nil || st.lastOK.IsZero() || now.Sub(st.lastOK) > StaleAfter*t.opts.Interval
		st.failures, st.lastErr = 0, nil
		st.lastOK = now
		st.polls++
	}
	if !st.paused {
		st.nextPoll = now.Add(delay)
	}
	t.mu.Unlock()
	if notify {
		t.notify()
	}
	return delay
}

// registerInterest sends the pending interest registrations in batches
// (none while presence is unavailable: the pod would refuse them too).
func (t *Tracker) registerInterest(ctx context.Context) {
	t.mu.Lock()
	if t.status.unavailable != "" {
		clear(t.pending)
	}
	if len(t.pending) == 0 {
		t.mu.Unlock()
		return
	}
	ids := make([]int64, 0, len(t.pending))
	for id := range t.pending {
		ids = append(ids, id)
	}
	clear(t.pending)
	t.mu.Unlock()
	slices.Sort(ids)
	for batch := range slices.Chunk(ids, interestBatch) {
		t.registerBatch(ctx, batch)
	}
}

// registerBatch registers ids. The pod refuses a whole batch (404) for one
// unknown user, so a refused batch is split to find it.
func (t *Tracker) registerBatch(ctx context.Context, ids []int64) {
	cctx, cancel := t.callCtx(ctx)
	err := t.client.RegisterPresenceInterest(cctx, ids...)
	cancel()
	switch {
	case err == nil:
		t.markRegistered(ids, true)
	case pod.IsNotFound(err) && len(ids) > 1:
		half := len(ids) / 2
		t.registerBatch(ctx, ids[:half])
		t.registerBatch(ctx, ids[half:])
	case pod.IsNotFound(err):
		t.markRegistered(ids, false)
	default:
		t.mu.Lock()
		for _, id := range ids {
			t.pending[id] = struct{}{} // retried at the next cycle
		}
		if ctx.Err() == nil {
			t.addEvent(fmt.Sprintf("could not register presence interest for %d users: %v", len(ids), err), true)
		}
		t.mu.Unlock()
		t.notify()
	}
}

func (t *Tracker) markRegistered(ids []int64, ok bool) {
	t.mu.Lock()
	for _, id := range ids {
		t.registered[id] = ok
	}
	t.mu.Unlock()
}
