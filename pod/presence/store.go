package presence

import (
	"time"

	"symtui/pod"
)

// Change is one user's presence moving from one category to another, as
// seen by the tracker. From is empty when the user was not known before
// (a user who became active).
type Change struct {
	Seq    uint64 // increases by one per change, across resyncs
	UserID int64
	From   pod.Category
	To     pod.Category
	At     time.Time // when the pod says the new state was set (else when it was seen)
}

// store is the tracker's data: everyone's presence, per-category counts and
// a ring of recent changes. It is not safe for concurrent use; the Tracker
// guards it with its mutex.
type store struct {
	users  map[int64]pod.Presence
	counts map[pod.Category]int

	recent []Change // ring of at most limit changes
	head   int      // index of the oldest change once the ring is full
	limit  int
	seq    uint64 // Seq of the latest change
}

func newStore(limit int) *store {
	return &store{
		users:  map[int64]pod.Presence{},
		counts: map[pod.Category]int{},
		recent: make([]Change, 0, min(limit, 1024)),
		limit:  limit,
	}
}

// at converts a record's epoch-ms timestamp, falling back to now.
func at(p pod.Presence, now time.Time) time.Time {
	if p.Timestamp > 0 {
		return time.UnixMilli(p.Timestamp)
	}
	return now
}

// apply merges feed records, each the user's CURRENT state (intermediate
// changes collapse on the pod), and records a change only when the
// category differs from what was known. It returns how many changed.
func (s *store) apply(records []pod.Presence, now time.Time) int {
	changed := 0
	for _, r := range records {
		old, known := s.users[r.UserID]
		s.users[r.UserID] = r
		if known && old.Category == r.Category {
			continue
		}
		if known {
			s.counts[old.Category]--
		}
		s.counts[r.Category]++
		s.record(Change{UserID: r.UserID, From: old.Category, To: r.Category, At: at(r, now)})
		changed++
	}
	return changed
}

// learn adds the presence of users newly followed, without recording
// changes: they are news to the tracker, not moves of the users.
func (s *store) learn(records map[int64]pod.Presence) {
	for id, r := range records {
		if old, known := s.users[id]; known {
			s.counts[old.Category]--
		}
		s.users[id] = r
		s.counts[r.Category]++
	}
}

// replace swaps in a complete load of everyone's presence. When diff is
// set (a resync, not the first load) users whose category differs from
// before are recorded as changes, and their ids returned. Users absent from
// the load are dropped: the pod omits only inactive users.
func (s *store) replace(all map[int64]pod.Presence, diff bool, now time.Time) []int64 {
	var changed []int64
	if diff {
		for id, r := range all {
			if old, ok := s.users[id]; !ok || old.Category != r.Category {
				s.record(Change{UserID: id, From: old.Category, To: r.Category, At: at(r, now)})
				changed = append(changed, id)
			}
		}
	}
	s.users = all
	clear(s.counts)
	for _, r := range all {
		s.counts[r.Category]++
	}
	return changed
}

func (s *store) record(c Change) {
	s.seq++
	c.Seq = s.seq
	if s.limit <= 0 {
		return
	}
	if len(s.recent) < s.limit {
		s.recent = append(s.recent, c)
		return
	}
	s.recent[s.head] = c
	s.head = (s.head + 1) % s.limit
}

// since returns the kept changes with Seq > seq, oldest first, and whether
// they are all of them (false when older ones already left the ring).
func (s *store) since(seq uint64) ([]Change, bool) {
	n := len(s.recent)
	if seq >= s.seq || n == 0 {
		return nil, seq >= s.seq
	}
	want := s.seq - seq
	complete := want <= uint64(n)
	k := int(min(want, uint64(n)))
	out := make([]Change, k)
	for i := 0; i < k; i++ {
		out[i] = s.recent[(s.head+n-k+i)%n]
	}
	return out, complete
}

// latest returns up to n of the newest changes, newest first.
func (s *store) latest(n int) []Change {
	l := len(s.recent)
	n = min(n, l)
	out := make([]Change, n)
	for i := 0; i < n; i++ {
		out[i] = s.recent[(s.head+l-1-i)%l]
	}
	return out
}

func (s *store) countsCopy() map[pod.Category]int {
	out := make(map[pod.Category]int, len(s.counts))
	for c, n := range s.counts {
		if n != 0 {
			out[c] = n
		}
	}
	return out
}
