package presence

import (
	"time"

	"symtui/pod"
)

// Snapshot is a copy of the tracker's state, cheap enough to take on every
// notification: it holds counts and the recent changes, not every user
// (use Get, Lookup or All for those).
type Snapshot struct {
	Users  int                  // users whose presence is known
	Counts map[pod.Category]int // users per category
	Recent []Change             // newest first, at most the requested number
	Seq    uint64               // Seq of the latest change
	Events []Event              // notices, oldest first
	// EventSeq is the Seq of the latest event (0: none yet).
	EventSeq uint64

	Started  time.Time // when Start ran
	LastOK   time.Time // end of the last successful poll (or load)
	NextPoll time.Time // zero while a poll runs or while paused
	LastErr  error     // the last failure; nil after a success
	InFlight bool      // a poll or load is running
	Paused   bool
	Synced   bool // the first full load has completed
	Interval time.Duration
	Resyncs  int    // full reloads after changes may have been lost
	Polls    uint64 // completed successful poll cycles
	Reads    uint64 // successful feed reads
	Failures int    // consecutive failed cycles

	Reconcile  time.Duration // period of the safety-net full reload; 0: off
	Lost       uint64        // feed reads whose answer was lost after the pod may have drained the feed
	Skipped    uint64        // feed records that could not be decoded
	Reconciles uint64        // safety-net full reloads done
	Corrected  uint64        // users whose presence a resync or reconciliation corrected

	// Watched: the session may not load everyone's presence, so the
	// tracker follows the users it was asked to (Watch) and the session's
	// own. Learned counts the reads that brought the presence of users
	// newly followed, which are not changes: a view showing presence looks
	// them up (Lookup) when it moves.
	Watched bool
	Learned uint64
	// Unavailable says why presence cannot be followed at all ("" when it
	// can): the pod refused what it needs, and the tracker stopped asking.
	Unavailable string
}

// Snapshot returns the state with up to recent of the newest changes.
func (t *Tracker) Snapshot(recent int) Snapshot {
	t.mu.RLock()
	defer t.mu.RUnlock()
	st := t.status
	return Snapshot{
		Users:    len(t.data.users),
		Counts:   t.data.countsCopy(),
		Recent:   t.data.latest(max(recent, 0)),
		Seq:      t.data.seq,
		Events:   append([]Event(nil), t.events...),
		EventSeq: t.eventSeq,
		Started:  st.started,
		LastOK:   st.lastOK,
		NextPoll: st.nextPoll,
		LastErr:  st.lastErr,
		InFlight: st.inFlight,
		Paused:   st.paused,
		Synced:   st.synced,
		Interval: t.opts.Interval,
		Resyncs:  st.resyncs,
		Polls:    st.polls,
		Reads:    st.reads,
		Failures: st.failures,

		Reconcile:  t.opts.Reconcile,
		Lost:       st.lost,
		Skipped:    st.skipped,
		Reconciles: st.reconciles,
		Corrected:  st.corrected,

		Watched:     !t.everyone(),
		Learned:     t.watched.learned,
		Unavailable: st.unavailable,
	}
}

// Stale reports whether the data is older than StaleAfter intervals: no
// successful poll for that long (counting from Start before the first).
// A paused tracker is not stale; it says so itself.
func (s Snapshot) Stale(now time.Time) bool {
	if s.Paused || s.Started.IsZero() || s.Unavailable != "" {
		return false
	}
	return now.Sub(s.freshSince()) > StaleAfter*s.Interval
}

// StaleAt is when the data becomes stale if no poll succeeds before then
// (zero while paused or not started): the one moment a UI needs a timer for.
func (s Snapshot) StaleAt() time.Time {
	if s.Paused || s.Started.IsZero() || s.Unavailable != "" {
		return time.Time{}
	}
	return s.freshSince().Add(StaleAfter * s.Interval)
}

func (s Snapshot) freshSince() time.Time {
	if s.LastOK.IsZero() {
		return s.Started
	}
	return s.LastOK
}
