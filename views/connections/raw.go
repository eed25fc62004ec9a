package connections

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/tab"
)

// raw opens the caller's connection with the user under the cursor as
// the pod sends it.
func (v *Tab) raw() tea.Cmd {
	uid, err := strconv.ParseInt(v.table.CursorID(), 10, 64)
	if err != nil {
		return nil
	}
	c := v.d.Pod
	return tab.Raw(v.c, v.d, epInfo, "connection with "+v.label(uid), func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawConnection(ctx, uid)
	})
}
