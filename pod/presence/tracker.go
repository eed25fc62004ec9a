// Package presence keeps a live picture of everyone's presence on a pod: it
// creates a presence feed, loads every user's presence, then polls the feed
// on an interval. It recovers on its own when changes may have been lost —
// the feed expired, a read's answer was lost after the pod drained the
// feed, a record could not be decoded — by reloading everyone and emitting
// the differences as changes (the BDKs leave all that to the caller), and
// reconciles with a full reload every so often as a safety net. Readers get
// plain copies of its state and a coalesced notification channel, so a
// terminal UI can wait without ticking.
package presence

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"symtui/pod"
)

// Options configure a Tracker. Zero fields take the defaults.
type Options struct {
	Interval    time.Duration // between two polls of the feed; default 5s
	PageSize    int           // users per page of the full load; default (and pod maximum) 5000
	RecentLimit int           // recent changes kept; default 500
	MaxBackoff  time.Duration // longest wait after failures; default 1 min
	CallTimeout time.Duration // bound on one pod call (its retries included); default 30s
	// Reconcile is the period of the safety-net full reload, counted from
	// the last full load; each costs users/PageSize+1 (rounded down)
	// presence pages. Default 10 min; negative turns it off.
	Reconcile time.Duration

	Now  func() time.Time                 // clock; default time.Now
	Rand func(n int64) int64              // uniform in [0, n), for backoff jitter; default math/rand/v2
	Log  func(format string, args ...any) // optional diagnostics (never secrets)
}

// Defaults.
const (
	DefaultInterval    = 5 * time.Second
	DefaultPageSize    = 5000
	DefaultRecentLimit = 500
	DefaultMaxBackoff  = time.Minute
	DefaultCallTimeout = 30 * time.Second
	DefaultReconcile   = 10 * time.Minute
)

// PollRetry is the retry policy for the client a tracker polls with: one
// quick retry, then the tracker's own backoff decides. A call that retried
// ten times, as other calls do, would hold a poll for a whole outage.
var PollRetry = pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 500 * time.Millisecond, MaxInterval: 5 * time.Second, Multiplier: 2}

// StaleAfter is how many intervals without a successful poll make the data stale.
const StaleAfter = 3

func (o Options) withDefaults() Options {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.PageSize <= 0 || o.PageSize > DefaultPageSize {
		o.PageSize = DefaultPageSize
	}
	if o.RecentLimit <= 0 {
		o.RecentLimit = DefaultRecentLimit
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.Interval {
		o.MaxBackoff = o.Interval
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	switch {
	case o.Reconcile == 0:
		o.Reconcile = DefaultReconcile
	case o.Reconcile < 0:
		o.Reconcile = 0 // off
	case o.Reconcile < o.Interval:
		o.Reconcile = o.Interval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Int64N
	}
	return o
}

// Event is a notice worth showing an operator ("presence feed expired;
// resynchronised 1834 users").
type Event struct {
	Seq     uint64
	At      time.Time
	Text    string
	Warning bool
}

// maxEvents is how many notices the tracker keeps.
const maxEvents = 16

// Tracker follows everyone's presence on one pod (or, for a session that
// may not load everyone's, the users it is asked to watch). Its methods are
// safe for concurrent use; all I/O happens on the goroutine Start runs (and
// the few readers of watched users it waits for).
type Tracker struct {
	client *pod.Client
	opts   Options

	changes chan struct{} // coalesced "state changed", capacity 1
	wake    chan struct{} // coalesced "act now" for the loop, capacity 1

	mu         sync.RWMutex
	data       *store
	status     status
	events     []Event
	eventSeq   uint64
	pending    map[int64]struct{} // interest not registered yet
	registered map[int64]bool     // true: registered; false: the pod does not know the user
	due        atomic.Bool        // poll at the next wake (Refresh, Resume)

	watched watch // users followed one by one (watch.go)

	feedID string // owned by the loop; read by Close after the loop ends
	loads  loads  // owned by the loop

	startOnce sync.Once
	stopOnce  sync.Once
	cancel    context.CancelFunc
	done      chan struct{}
}

// status is the freshness part of the state.
type status struct {
	started  time.Time
	lastOK   time.Time
	nextPoll time.Time
	lastErr  error
	inFlight bool
	paused   bool
	synced   bool // a full load has completed at least once
	resyncs  int
	polls    uint64 // completed successful poll cycles
	reads    uint64 // feed reads that succeeded
	failures int    // consecutive failed cycles

	unavailable string // why presence cannot be followed at all ("": it can)

	lost       uint64 // feed reads whose answer was lost after they may have drained the feed
	skipped    uint64 // feed records that could not be decoded
	reconciles uint64 // safety-net full reloads done
	corrected  uint64 // users whose presence a resync or reconciliation corrected
}

// New returns a tracker for the pod behind client. Nothing happens until Start.
func New(client *pod.Client, opts Options) *Tracker {
	opts = opts.withDefaults()
	return &Tracker{
		client:     client,
		opts:       opts,
		changes:    make(chan struct{}, 1),
		wake:       make(chan struct{}, 1),
		data:       newStore(opts.RecentLimit),
		loads:      loads{suspects: map[int64]struct{}{}},
		pending:    map[int64]struct{}{},
		registered: map[int64]bool{},
		watched:    watch{ids: map[int64]bool{}},
		done:       make(chan struct{}),
	}
}

// Interval is the polling interval.
func (t *Tracker) Interval() time.Duration { return t.opts.Interval }

// Start runs the tracker until ctx ends or Close is called. Calling it
// again does nothing.
func (t *Tracker) Start(ctx context.Context) {
	t.startOnce.Do(func() {
		ctx, cancel := context.WithCancel(ctx)
		t.mu.Lock()
		t.cancel = cancel
		t.status.started = t.opts.Now()
		t.mu.Unlock()
		go t.run(ctx)
	})
}

// Close stops the loop and deletes the tracker's feed, giving up when ctx
// ends. It is safe to call more than once, and without Start.
func (t *Tracker) Close(ctx context.Context) error {
	started := false
	t.stopOnce.Do(func() {
		t.startOnce.Do(func() { close(t.done) }) // never started: nothing to wait for
		t.mu.RLock()
		cancel := t.cancel
		t.mu.RUnlock()
		if cancel != nil {
			started = true
			cancel()
		}
	})
	select {
	case <-t.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if !started {
		return nil
	}
	feed := t.feedID
	t.feedID = ""
	if feed == "" {
		return nil
	}
	err := t.client.DeletePresenceFeed(ctx, feed)
	if pod.IsBadRequest(err) || pod.IsNotFound(err) {
		return nil // already expired
	}
	return err
}

// Changes delivers a value after the state changed (new changes, an error,
// recovery, a resync, pause/resume). Notifications coalesce: one pending
// value stands for any number of changes, so read the state after receiving.
// There is one channel: one reader (the presence pane, or `get presence
// --follow`) waits on it and passes the news on.
func (t *Tracker) Changes() <-chan struct{} { return t.changes }

func (t *Tracker) notify() {
	select {
	case t.changes <- struct{}{}:
	default:
	}
}

func (t *Tracker) poke() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Pause stops polling (the feed may expire meanwhile; Resume recovers).
func (t *Tracker) Pause() {
	t.mu.Lock()
	changed := !t.status.paused
	t.status.paused = true
	t.status.nextPoll = time.Time{}
	t.mu.Unlock()
	if changed {
		t.notify()
	}
}

// Resume polls again at once.
func (t *Tracker) Resume() {
	t.mu.Lock()
	changed := t.status.paused
	t.status.paused = false
	t.mu.Unlock()
	if changed {
		t.due.Store(true)
		t.notify()
		t.poke()
	}
}

// Refresh polls now instead of at the next interval.
func (t *Tracker) Refresh() {
	t.due.Store(true)
	t.poke()
}

// Interest asks the tracker to register presence interest for users of
// other pods the console shows (POST /pod/v1/user/presence/register), so
// their presence can be queried. Ids already registered or pending are
// ignored; the call never blocks on the network.
func (t *Tracker) Interest(ids []int64) {
	added := false
	t.mu.Lock()
	for _, id := range ids {
		if _, ok := t.registered[id]; ok {
			continue
		}
		if _, ok := t.pending[id]; ok {
			continue
		}
		t.pending[id] = struct{}{}
		added = true
	}
	t.mu.Unlock()
	if added {
		t.poke()
	}
}

// Registered reports whether presence interest for id was registered.
func (t *Tracker) Registered(id int64) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.registered[id]
}

// Get returns a user's last known presence.
func (t *Tracker) Get(id int64) (pod.Presence, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	p, ok := t.data.users[id]
	return p, ok
}

// Lookup returns the last known category of each id it knows.
func (t *Tracker) Lookup(ids []int64) map[int64]pod.Category {
	out := make(map[int64]pod.Category, len(ids))
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, id := range ids {
		if p, ok := t.data.users[id]; ok {
			out[id] = p.Category
		}
	}
	return out
}

// All returns everyone's last known presence, sorted by user id. It copies
// every record: for occasional use (export, tests), not per frame.
func (t *Tracker) All() []pod.Presence {
	t.mu.RLock()
	out := make([]pod.Presence, 0, len(t.data.users))
	for _, p := range t.data.users {
		out = append(out, p)
	}
	t.mu.RUnlock()
	slices.SortFunc(out, func(a, b pod.Presence) int { return cmp.Compare(a.UserID, b.UserID) })
	return out
}

// ChangesSince returns the changes after seq, oldest first, the Seq of the
// latest change, and whether the list is complete (false when some were
// already dropped from the recent list: reload with Lookup or All).
func (t *Tracker) ChangesSince(seq uint64) (changes []Change, latest uint64, complete bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	changes, complete = t.data.since(seq)
	return changes, t.data.seq, complete
}

func (t *Tracker) addEvent(text string, warning bool) {
	t.eventSeq++
	e := Event{Seq: t.eventSeq, At: t.opts.Now(), Text: text, Warning: warning}
	if len(t.events) == maxEvents {
		copy(t.events, t.events[1:])
		t.events = t.events[:maxEvents-1]
	}
	t.events = append(t.events, e)
	if t.opts.Log != nil {
		t.opts.Log("presence: %s", text)
	}
}
