package presence

import (
	"context"
	"fmt"
	"sync"

	"symtui/pod"
)

// A session that may not load everyone's presence — GET /pod/v2/users/presence
// is an administrator's, refused on behalf of a user — follows the users
// the console shows instead: Watch names them, the loop reads each one's
// presence (GET /pod/v3/user/{uid}/presence, a few at a time) and the
// session's own, and the feed, which a user's session may read, keeps them
// current as it keeps everyone's. A resync or a reconciliation reads the
// watched users again. When the pod refuses the feed itself (the app lacks
// GET_PRESENCE), presence is unavailable: the tracker says why and stops
// asking.

// Endpoints whose refusal changes what the tracker does.
const (
	epAllPresence  = "GET /pod/v2/users/presence"
	epCreateFeed   = "POST /pod/v1/presence/feed/create"
	epUserPresence = "GET /pod/v3/user/{uid}/presence"
)

// maxWatched bounds the users followed one by one: each costs a request
// at every resync.
const maxWatched = 5000

// watchWorkers is how many presence reads of watched users are in flight.
const watchWorkers = 4

// watch is the tracker's record of the users it follows one by one,
// guarded by Tracker.mu.
type watch struct {
	ids     map[int64]bool // followed; true once read
	pending []int64        // followed, not read yet
	learned uint64         // reads that brought presence outside the changes
}

// everyone reports whether the session may load everyone's presence (a
// service account may try; the pod decides).
func (t *Tracker) everyone() bool {
	if t.client == nil {
		return true
	}
	ok, _ := t.client.Access().Allows(epAllPresence)
	return ok
}

// unavailable says why presence cannot be followed at all, "" when it can.
func (t *Tracker) unavailable() string {
	if t.client == nil {
		return ""
	}
	if ok, why := t.client.Access().Allows(epCreateFeed); !ok {
		return why
	}
	return ""
}

// Watch asks the tracker to follow the presence of users the console
// shows, when it cannot load everyone's (it ignores them when it can).
// Ids already followed are ignored, and no more than maxWatched are
// followed; the call never blocks on the network.
func (t *Tracker) Watch(ids []int64) {
	if len(ids) == 0 || t.everyone() {
		return
	}
	added := false
	t.mu.Lock()
	for _, id := range ids {
		if _, ok := t.watched.ids[id]; ok || len(t.watched.ids) >= maxWatched {
			continue
		}
		t.watched.ids[id] = false
		t.watched.pending = append(t.watched.pending, id)
		added = true
	}
	t.mu.Unlock()
	if added {
		t.poke()
	}
}

// loadWatched reads the presence of the session's user and of every
// watched user: the full load of a session that may not load everyone's.
func (t *Tracker) loadWatched(ctx context.Context) (map[int64]pod.Presence, error) {
	t.mu.Lock()
	ids := make([]int64, 0, len(t.watched.ids))
	for id := range t.watched.ids {
		ids = append(ids, id)
	}
	t.watched.pending = t.watched.pending[:0]
	t.mu.Unlock()
	cctx, cancel := t.callCtx(ctx)
	own, err := t.client.Presence(cctx)
	cancel()
	if err != nil {
		return nil, err
	}
	all, err := t.readPresence(ctx, ids)
	if err != nil {
		return nil, err
	}
	if own.UserID != 0 {
		all[own.UserID] = own
	}
	t.mu.Lock()
	for _, id := range ids {
		t.watched.ids[id] = true
	}
	t.mu.Unlock()
	return all, nil
}

// loadNewWatched reads the presence of users watched since the last
// load, and adds it without calling it a change: the users are new to
// the tracker, not to their presence. Nothing happens before the first
// full load (which reads them) or for a tracker that loads everyone's.
func (t *Tracker) loadNewWatched(ctx context.Context) {
	if !t.loads.loaded {
		return
	}
	t.mu.Lock()
	ids := t.watched.pending
	t.watched.pending = nil
	t.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	got, err := t.readPresence(ctx, ids)
	t.mu.Lock()
	if err != nil {
		t.watched.pending = append(t.watched.pending, ids...) // read at the next cycle
		if ctx.Err() == nil {
			t.addEvent(fmt.Sprintf("could not read the presence of %d users: %v", len(ids), err), true)
		}
	} else {
		for _, id := range ids {
			t.watched.ids[id] = true
		}
		t.data.learn(got)
		t.watched.learned++
	}
	t.mu.Unlock()
	t.notify()
}

// readPresence reads each user's presence, watchWorkers at a time. A user
// the pod does not know is left out; any other failure fails the read.
func (t *Tracker) readPresence(ctx context.Context, ids []int64) (map[int64]pod.Presence, error) {
	out := make(map[int64]pod.Presence, len(ids))
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	next := make(chan int64)
	for range min(watchWorkers, len(ids)) {
		wg.Go(func() {
			for id := range next {
				cctx, cancel := t.callCtx(ctx)
				p, err := t.client.UserPresence(cctx, id, false)
				cancel()
				mu.Lock()
				switch {
				case err == nil:
					out[id] = p
				case !pod.IsNotFound(err) && first == nil:
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for _, id := range ids {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		next <- id
	}
	close(next)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return out, first
}

// unavailableError stops the tracker: the pod refused what following
// presence needs, and asking again would be refused again.
type unavailableError struct{ why string }

func (e unavailableError) Error() string {
	return "presence is not available to this session: " + e.why
}
