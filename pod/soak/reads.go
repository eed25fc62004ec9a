package soak

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"symtui/pod"
	"symtui/session"
)

// reads counts the lookups and listings, and those whose answer broke a
// fact no concurrent change can alter (the session's user, the ids asked
// for, the bot owning its rooms).
type reads struct {
	mu    sync.Mutex
	done  int
	wrong []string // what was wrong, one line each
}

func (r *reads) record(wrong string) {
	r.mu.Lock()
	r.done++
	if wrong != "" {
		r.wrong = append(r.wrong, wrong)
	}
	r.mu.Unlock()
}

// lookup is one kind of read: it returns what was wrong with the answer
// ("" when nothing), or the call's error.
type lookup func(ctx context.Context, rng *rand.Rand) (wrong string, err error)

func (w *workload) readLoop(ctx context.Context, stop <-chan struct{}, n int) {
	rng := w.rng(uint64(200 + n))
	kinds := w.lookups()
	p := &pace{rng: rng, stop: stop, lo: 10 * time.Millisecond, hi: 60 * time.Millisecond}
	for p.next() {
		read := kinds[rng.IntN(len(kinds))]
		var wrong string
		err := w.call(ctx, func(ctx context.Context) (err error) {
			wrong, err = read(ctx, rng)
			return err
		})
		if p.failed = err != nil; p.failed {
			if !session.IsRefused(err) { // the pod was down: expected, and counted
				w.logf("lookup failed: %v", err)
			}
			continue
		}
		w.reads.record(wrong)
	}
}

func (w *workload) someUsers(rng *rand.Rand) []poolUser {
	out := make([]poolUser, 1+rng.IntN(len(w.pool)))
	for i := range out {
		out[i] = w.pool[rng.IntN(len(w.pool))]
	}
	return out
}

// lookups are the reads the operator makes: session, users by id and by
// username, user search and detail, the admin list, room info, members
// and search, a user's presence.
func (w *workload) lookups() []lookup {
	c := w.client
	return []lookup{
		func(ctx context.Context, _ *rand.Rand) (string, error) {
			me, err := c.SessionInfo(ctx)
			if err == nil && me.ID != w.botID {
				return fmt.Sprintf("session info names user %d, not the bot %d", me.ID, w.botID), nil
			}
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			want := w.someUsers(rng)
			ids := make([]int64, len(want))
			for i, u := range want {
				ids[i] = u.id
			}
			list, err := c.UsersByID(ctx, ids, pod.LookupOptions{Local: true})
			return missing("users by id", ids, list.Users, err)
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			want := w.someUsers(rng)
			names, ids := make([]string, len(want)), make([]int64, len(want))
			for i, u := range want {
				names[i], ids[i] = u.username, u.id
			}
			list, err := c.UsersByUsername(ctx, names, pod.LookupOptions{Local: true})
			return missing("users by username", ids, list.Users, err)
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			_, err := c.SearchUsers(ctx, pod.UserSearchQuery{Query: w.pool[rng.IntN(len(w.pool))].username}, true, 0, 50)
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			u := w.pool[rng.IntN(len(w.pool))]
			d, err := c.UserDetail(ctx, u.id)
			if err == nil && d.UserSystemInfo.ID != u.id {
				return fmt.Sprintf("user detail of %d describes %d", u.id, d.UserSystemInfo.ID), nil
			}
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			page, err := c.ListUsers(ctx, rng.IntN(2000), 100)
			if err == nil && len(page) > 100 {
				return fmt.Sprintf("a user list page of 100 held %d", len(page)), nil
			}
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			id := w.rooms[rng.IntN(len(w.rooms))]
			room, err := c.RoomInfo(ctx, id)
			if err == nil && room.RoomSystemInfo.ID != id {
				return fmt.Sprintf("room info of %s describes %s", id, room.RoomSystemInfo.ID), nil
			}
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			id := w.rooms[rng.IntN(len(w.rooms))]
			ms, err := c.RoomMembers(ctx, id)
			if err == nil && !slices.ContainsFunc(ms, func(m pod.MemberInfo) bool { return m.ID == w.botID && m.Owner }) {
				return fmt.Sprintf("room %s lists no bot as owner among %d members", id, len(ms)), nil
			}
			return "", err
		},
		func(ctx context.Context, _ *rand.Rand) (string, error) {
			_, err := c.SearchRooms(ctx, pod.RoomSearchCriteria{Query: fmt.Sprintf("soak %d", w.seed)}, pod.RoomSearchOptions{Limit: 50, IncludeNonDiscoverable: true})
			return "", err
		},
		func(ctx context.Context, rng *rand.Rand) (string, error) {
			u := w.pool[rng.IntN(len(w.pool))]
			p, err := c.UserPresence(ctx, u.id, true)
			if err == nil && p.UserID != u.id {
				return fmt.Sprintf("presence of %d describes %d", u.id, p.UserID), nil
			}
			return "", err
		},
	}
}

// missing says which of the ids a lookup did not answer, or which it
// answered that were not asked.
func missing(what string, ids []int64, got []pod.User, err error) (string, error) {
	if err != nil {
		return "", err
	}
	seen := map[int64]bool{}
	for _, u := range got {
		if !slices.Contains(ids, u.ID) {
			return fmt.Sprintf("%s answered user %d, not asked for", what, u.ID), nil
		}
		seen[u.ID] = true
	}
	for _, id := range ids {
		if !seen[id] {
			return fmt.Sprintf("%s left out user %d", what, id), nil
		}
	}
	return "", nil
}
