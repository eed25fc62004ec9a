package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Indexes that keep listing pages as fast on a pod of 100,000 users and
// 20,000 rooms as on a small one: a page is a slice of an index, not a
// walk from the first user or a sort of every room. Each is rebuilt, under
// e.mu, the first time it is needed after what it indexes changed.

// localUsers are the pod's own users in id order (the admin list's order).
// Users are never removed and never change pods, so the index is current
// while userOrder has the length it was built from.
func (st *state) localUsers() []int64 {
	if st.localOrderOf == len(st.userOrder) && st.localOrder != nil {
		return st.localOrder
	}
	st.localOrder = st.localOrder[:0]
	for _, id := range st.userOrder {
		if !st.users[id].External {
			st.localOrder = append(st.localOrder, id)
		}
	}
	st.localOrderOf = len(st.userOrder)
	return st.localOrder
}

// namedRoom is a room with its lower-cased name, as the room search orders
// and matches them.
type namedRoom struct {
	s     *stream
	lower string
}

// roomsByName are the rooms by lower-cased name, then id: the room search's
// BASIC order. A new room or a renamed one makes it stale (roomsChanged).
func (st *state) roomsByName() []namedRoom {
	if !st.roomIndexStale && st.roomIndex != nil {
		return st.roomIndex
	}
	st.roomIndex = st.roomIndex[:0]
	for _, id := range st.streamOrder {
		if s := st.streams[id]; s.Type == "ROOM" {
			st.roomIndex = append(st.roomIndex, namedRoom{s: s, lower: strings.ToLower(s.Name)})
		}
	}
	slices.SortFunc(st.roomIndex, func(a, b namedRoom) int {
		if c := strings.Compare(a.lower, b.lower); c != 0 {
			return c
		}
		return strings.Compare(a.s.ID, b.s.ID)
	})
	st.roomIndexStale = false
	return st.roomIndex
}

// roomsChanged says a room was added or renamed.
func (st *state) roomsChanged() { st.roomIndexStale = true }

// Every request that may change the pod moves the state's version on
// once it was handled: a page of an answer cached at an older version is
// answered afresh. Which requests change nothing is a short list (GETs
// and the searches); anything else counts as a change, needlessly at worst.

func changes(pattern string) bool {
	return !strings.HasPrefix(pattern, "GET ") && pattern != roomSearchRoute
}

func (e *Emulator) versioned(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer e.locked(func() { e.st.version++ })
		h(w, r)
	}
}

// roomSearchCache is the last room search's matches, for its next pages.
type roomSearchCache struct {
	key     string
	version uint64
	hits    []roomHit
}

type roomHit struct {
	s     *stream
	score int
}

// cachedRoomSearch returns the matches of key, computing them with find
// when the cache holds another search or an older state.
func (st *state) cachedRoomSearch(key string, find func() []roomHit) []roomHit {
	c := &st.roomSearch
	if c.key != key || c.version != st.version || c.hits == nil {
		c.key, c.version, c.hits = key, st.version, find()
	}
	return c.hits
}
