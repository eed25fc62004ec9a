package users

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/tab"
)

// The endpoints the raw record is read from.
const (
	epRawAdmin  = "GET /pod/v2/admin/user/{uid}"
	epRawLookup = "GET /pod/v3/users"
)

// raw opens the pod's record of the user under the cursor as the pod
// sends it: the admin record when the directory holds one (the admin
// list's, which has status and roles), else the user lookup's (a user of
// another pod, or a session that may not read admin records).
func (v *Tab) raw() tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	id, c := r.ID, v.d.Pod
	if r.Known {
		return tab.Raw(v.c, v.d, epRawAdmin, "user "+r.label(), func(ctx context.Context) (pod.RawRecord, error) {
			return c.RawUserDetail(ctx, id)
		})
	}
	return tab.Raw(v.c, v.d, epRawLookup, "user "+r.label(), func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawUser(ctx, id)
	})
}
