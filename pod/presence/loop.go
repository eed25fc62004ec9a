package presence

import (
	"context"
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
// a time, so polls are single-flight by construction.
func (t *Tracker) run(ctx context.Context) {
	defer close(t.done)
	timer := time.NewTimer(0) // the first cycle starts at once
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.wake:
			t.registerInterest(ctx)
			if !t.due.Swap(false) {
				continue // only interest to register; keep the poll schedule
			}
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
		timer.Reset(t.finish(delay, err))
	}
}

func (t *Tracker) isPaused() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.status.paused
}

// cycle brings the data up to date: a feed and a full load when needed,
// then feed reads until drained. It returns the wait before the next cycle.
func (t *Tracker) cycle(ctx context.Context) (time.Duration, error) {
	t.setInFlight(!t.loaded)
	if !t.loaded {
		if err := t.sync(ctx); err != nil {
			return 0, err
		}
	}
	more, err := t.drain(ctx)
	if feedGone(err) {
		// The feed expired or was deleted under us: changes since the last
		// read are lost, so start over with a new feed and a full load.
		t.lostFeed()
		t.setInFlight(true)
		if err := t.sync(ctx); err != nil {
			return 0, err
		}
		more, err = t.drain(ctx)
		if feedGone(err) {
			t.lostFeed()
		}
	}
	if err != nil {
		return 0, err
	}
	if more {
		return 0, nil
	}
	return t.opts.Interval, nil
}

// feedGone reports a read of a feed the pod no longer has: the emulator
// and, per the BDK datafeed logic, real pods answer 400; some answer 404.
func feedGone(err error) bool {
	return pod.IsBadRequest(err) || pod.IsNotFound(err)
}

func (t *Tracker) lostFeed() {
	t.feedID, t.loaded = "", false
	t.mu.Lock()
	t.status.resyncs++
	t.notice = "presence feed expired"
	t.mu.Unlock()
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

// sync creates a feed when there is none, THEN loads everyone's presence:
// the spec's order, so that users who change (or become active) while the
// pages are read show up in the feed instead of being missed.
func (t *Tracker) sync(ctx context.Context) error {
	if t.feedID == "" {
		cctx, cancel := t.callCtx(ctx)
		id, err := t.client.CreatePresenceFeed(cctx)
		cancel()
		if err != nil {
			return err
		}
		t.feedID = id
	}
	all, err := t.loadAll(ctx)
	if err != nil {
		return err
	}
	now := t.opts.Now()
	t.mu.Lock()
	t.data.replace(all, t.status.synced, now)
	if t.notice != "" && t.status.synced {
		t.addEvent(fmt.Sprintf("%s; resynchronised %d users", t.notice, len(all)), true)
	}
	t.notice = ""
	t.status.synced = true
	t.mu.Unlock()
	t.loaded = true
	t.notify()
	return nil
}

// loadAll pages GET /pod/v2/users/presence by lastUserId.
func (t *Tracker) loadAll(ctx context.Context) (map[int64]pod.Presence, error) {
	t.mu.RLock()
	all := make(map[int64]pod.Presence, len(t.data.users))
	t.mu.RUnlock()
	var last int64
	hasLast := false
	for {
		cctx, cancel := t.callCtx(ctx)
		page, err := t.client.PresencePage(cctx, last, hasLast, t.opts.PageSize)
		cancel()
		if err != nil {
			return nil, err
		}
		fresh := page
		// The spec's "skip users with IDs less than this parameter" reads as
		// inclusive; a pod that repeats the last user is tolerated.
		if hasLast && len(fresh) > 0 && fresh[0].UserID == last {
			fresh = fresh[1:]
		}
		for _, p := range fresh {
			all[p.UserID] = p
		}
		if len(fresh) == 0 || len(page) < t.opts.PageSize {
			return all, nil
		}
		last, hasLast = fresh[len(fresh)-1].UserID, true
	}
}

// drain reads the feed until a read returns fewer than the pod's maximum
// (more may be waiting after a full one). more reports that maxDrain full
// reads happened and the feed may still hold changes.
func (t *Tracker) drain(ctx context.Context) (more bool, err error) {
	for range maxDrain {
		cctx, cancel := t.callCtx(ctx)
		records, err := t.client.ReadPresenceFeed(cctx, t.feedID)
		cancel()
		if err != nil {
			return false, err
		}
		now := t.opts.Now()
		t.mu.Lock()
		n := t.data.apply(records, now)
		t.status.reads++
		t.mu.Unlock()
		if n > 0 {
			t.notify()
		}
		if len(records) < pod.FeedReadMax {
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
	if err != nil {
		st.failures++
		delay = backoff(st.failures, t.opts.Interval, t.opts.MaxBackoff, t.opts.Rand)
		st.lastErr = err
		notify = true
	} else {
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

// registerInterest sends the pending interest registrations in batches.
func (t *Tracker) registerInterest(ctx context.Context) {
	t.mu.Lock()
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
