package tab

import (
	"context"
	"strconv"
	"sync"

	"symtui/pod"
	"symtui/ui"
)

// Names caches users by id so members, connections and presence show names,
// not numbers. Lookups happen in Cmds; the cache is safe for concurrent use.
type Names struct {
	mu   sync.RWMutex
	byID map[int64]pod.User

	selfMu sync.Mutex // held while the caller is asked, so that it is asked once
	self   pod.User   // the user the session acts as, once known
}

// NewNames returns an empty cache.
func NewNames() *Names { return &Names{byID: map[int64]pod.User{}} }

// Put remembers users already fetched by someone else.
func (n *Names) Put(users ...pod.User) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, u := range users {
		n.byID[u.ID] = u
	}
}

// Get returns the cached user.
func (n *Names) Get(id int64) (pod.User, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	u, ok := n.byID[id]
	return u, ok
}

// Missing lists the ids not cached yet, without duplicates.
func (n *Names) Missing(ids []int64) []int64 {
	n.mu.RLock()
	defer n.mu.RUnlock()
	seen := make(map[int64]bool, len(ids))
	var out []int64
	for _, id := range ids {
		if _, ok := n.byID[id]; !ok && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Resolve fetches the ids not cached yet (the client asks in batches of at
// most 100) and caches them. Call it from a tea.Cmd.
func (n *Names) Resolve(ctx context.Context, c *pod.Client, ids []int64) error {
	missing := n.Missing(ids)
	if len(missing) == 0 {
		return nil
	}
	list, err := c.UsersByID(ctx, missing, pod.LookupOptions{})
	if err != nil {
		return err
	}
	n.Put(list.Users...)
	return nil
}

// Self is the user the session acts as. The first call asks the pod;
// calls made meanwhile wait for that answer and later ones reuse it, so
// the tabs share one sessioninfo request. A failure is not kept: the next
// call asks again. Call it from a tea.Cmd.
func (n *Names) Self(ctx context.Context, c *pod.Client) (pod.User, error) {
	n.selfMu.Lock()
	defer n.selfMu.Unlock()
	if n.self.ID != 0 {
		return n.self, nil
	}
	u, err := c.SessionInfo(ctx)
	if err != nil {
		return pod.User{}, err
	}
	n.self = u
	return u, nil
}

// Label is the user's display name for the terminal (sanitized), or "#id"
// while unknown.
func (n *Names) Label(id int64) string {
	if u, ok := n.Get(id); ok {
		switch {
		case u.DisplayName != "":
			return ui.Sanitize(u.DisplayName)
		case u.Username != "":
			return ui.Sanitize(u.Username)
		case u.EmailAddress != "":
			return ui.Sanitize(u.EmailAddress)
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}
