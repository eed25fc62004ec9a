package tab

import (
	"context"
	"errors"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// LoadSelf learns who the session acts as, for the view viewID: users of
// other pods than the caller's are external.
func LoadSelf(viewID string, d Deps) tea.Cmd {
	return ui.Run(viewID, 0, func() (pod.User, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		return d.SessionUser(ctx)
	})
}

// SessionUser is who the session acts as: learned once for every view
// through the shared Names, or asked each time without one.
func (d Deps) SessionUser(ctx context.Context) (pod.User, error) {
	if d.Names == nil {
		return d.Pod.SessionInfo(ctx)
	}
	return d.Names.Self(ctx, d.Pod)
}

// IsExternal reports whether id is a user of another pod than self's
// (false while self is unknown).
func IsExternal(id, self int64) bool {
	return self != 0 && pod.IsExternalUser(id, pod.TenantOf(self))
}

var ErrNoSuchUser = errors.New("no such user on the pod")

// ResolveUserRef reads a user id, or looks up an email or username.
func ResolveUserRef(ctx context.Context, c *pod.Client, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	var list pod.UserList
	var err error
	if strings.Contains(s, "@") {
		list, err = c.UsersByEmail(ctx, []string{s}, pod.LookupOptions{})
	} else {
		list, err = c.UsersByUsername(ctx, []string{s}, pod.LookupOptions{})
	}
	if err != nil {
		return 0, err
	}
	if len(list.Users) == 0 {
		return 0, ErrNoSuchUser
	}
	return list.Users[0].ID, nil
}
