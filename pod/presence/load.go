package presence

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"symtui/pod"
)

// loads is the loop's bookkeeping of full loads: whether the data is whole,
// why the next load is due, and what to say once it is done. Only the
// loop's goroutine touches it.
type loads struct {
	loaded      bool // a full load completed and no change was lost since
	reconcile   bool // the safety-net reload is due
	settling    bool // a reload happened; its notice waits for the feed read that follows
	reconciling bool // that reload was the safety net, not a recovery

	// Why changes may have been lost since the last complete load.
	expired bool // the feed expired or was deleted
	lost    int  // feed reads whose answer was lost (no answer, or a broken one)
	failed  int  // feed reads the pod answered with a 5xx: it may have drained the feed
	status  int  // the last of those 5xx
	skipped int  // feed records that could not be decoded

	// suspects are users a reload changed whom no feed read has reported
	// since: a change the feed never delivered, which the reload corrected.
	// (A user the feed reports had a change pending there, not lost.)
	suspects map[int64]struct{}

	timer *time.Timer // restarts the reconcile period after each load; nil when off
}

// reason says why changes may have been lost, or "" when nothing was.
func (l *loads) reason() string {
	var parts []string
	if l.expired {
		parts = append(parts, "presence feed expired")
	}
	// A 5xx is an answer, not a lost one: the pod failed to serve the read
	// and may or may not have drained the feed first.
	switch {
	case l.failed == 1:
		parts = append(parts, fmt.Sprintf("the pod failed to answer a presence feed read (HTTP %d)", l.status))
	case l.failed > 1:
		parts = append(parts, fmt.Sprintf("the pod failed to answer %d presence feed reads (last: HTTP %d)", l.failed, l.status))
	}
	switch {
	case l.lost == 1:
		parts = append(parts, "the answer to a presence feed read was lost")
	case l.lost > 1:
		parts = append(parts, fmt.Sprintf("the answers to %d presence feed reads were lost", l.lost))
	}
	switch {
	case l.skipped == 1:
		parts = append(parts, "a presence feed record could not be decoded")
	case l.skipped > 1:
		parts = append(parts, fmt.Sprintf("%d presence feed records could not be decoded", l.skipped))
	}
	return strings.Join(parts, ", ")
}

// lostFeed starts over with a new feed: changes since the last read are gone.
func (t *Tracker) lostFeed() {
	t.feedID = ""
	t.loads.loaded, t.loads.expired = false, true
}

// lostChanges records a read that may have taken changes off the feed
// without delivering them: err is a read whose answer was lost; without
// err, read is an answered but incomplete one. The next cycle reloads.
func (t *Tracker) lostChanges(read pod.FeedRead, err error) {
	l := &t.loads
	l.loaded = false
	var pe *pod.Error
	t.mu.Lock()
	switch {
	case errors.As(err, &pe) && pe.Status >= 500 && pe.Status != 502 && pe.Status != 504: // a gateway's lost the answer
		l.failed++
		l.status = pe.Status
		t.status.lost++
	case err != nil || read.Replayed:
		l.lost++
		t.status.lost++
	}
	l.skipped += read.Skipped
	t.status.skipped += uint64(read.Skipped)
	t.mu.Unlock()
}

// sync creates a feed when there is none, THEN loads everyone's presence:
// the spec's order, so that users who change (or become active) while the
// pages are read show up in the feed instead of being missed. After the
// first load, users whose presence differs are recorded as changes.
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
	var all map[int64]pod.Presence
	var err error
	if t.everyone() {
		all, err = t.loadAll(ctx)
	} else {
		all, err = t.loadWatched(ctx)
	}
	if err != nil {
		return err
	}
	l := &t.loads
	now := t.opts.Now()
	t.mu.Lock()
	first := !t.status.synced
	changed := t.data.replace(all, !first, now)
	t.status.synced = true
	t.mu.Unlock()
	if l.loaded {
		l.reconciling = true // nothing was lost: this is the safety net
	}
	l.loaded, l.reconcile, l.settling = true, false, !first
	for _, id := range changed {
		l.suspects[id] = struct{}{}
	}
	t.scheduleReconcile()
	if first || len(changed) > 0 {
		t.notify()
	}
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

// confirm drops from the suspects the users a feed read reported.
func (t *Tracker) confirm(records []pod.Presence) {
	if len(t.loads.suspects) == 0 {
		return
	}
	for _, r := range records {
		delete(t.loads.suspects, r.UserID)
	}
}

// settle closes a reload once a complete feed read followed it: one notice
// per recovery, however many reads were lost on the way, and one for a
// reconciliation only when it corrected someone.
func (t *Tracker) settle() {
	l := &t.loads
	if !l.settling {
		return
	}
	corrected := len(l.suspects)
	clear(l.suspects)
	reason, reconciling := l.reason(), l.reconciling
	l.settling, l.reconciling, l.expired, l.lost, l.failed, l.skipped = false, false, false, 0, 0, 0

	var text string
	t.mu.Lock()
	t.status.corrected += uint64(corrected)
	switch {
	case reason != "":
		t.status.resyncs++
		text = fmt.Sprintf("%s; resynchronised %s users (%s corrected)", reason, grouped(len(t.data.users)), grouped(corrected))
	case reconciling:
		t.status.reconciles++
		if corrected > 0 {
			text = fmt.Sprintf("presence reconciliation: %s users differed from the pod; corrected", grouped(corrected))
		}
	}
	if text != "" {
		t.addEvent(text, true)
	}
	t.mu.Unlock()
	if text != "" {
		t.notify()
	}
}

// scheduleReconcile restarts the safety-net period after a full load: one
// timer, so an idle tracker wakes for it once per period.
func (t *Tracker) scheduleReconcile() {
	if t.opts.Reconcile <= 0 {
		return
	}
	if t.loads.timer == nil {
		t.loads.timer = time.NewTimer(t.opts.Reconcile)
		return
	}
	t.loads.timer.Reset(t.opts.Reconcile)
}

// reconcileC is the reconcile timer's channel; nil (never ready) when off
// or before the first load.
func (t *Tracker) reconcileC() <-chan time.Time {
	if t.loads.timer == nil {
		return nil
	}
	return t.loads.timer.C
}

func (t *Tracker) stopReconcile() {
	if t.loads.timer != nil {
		t.loads.timer.Stop()
	}
}

// grouped is n with thousands separators (90,028), as the console writes
// every count; the events are shown there and on the CLI's stderr.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
