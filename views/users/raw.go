package users

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/tab"
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
		return tab.Raw(v.c, v.d, "user "+r.label(), func(ctx context.Context) (pod.RawRecord, error) {
			return c.RawUserDetail(ctx, id)
		})
	}
	return tab.Raw(v.c, v.d, "user "+r.label(), func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawUser(ctx, id)
	})
}
