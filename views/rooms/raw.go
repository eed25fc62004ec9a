package rooms

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// The endpoints the raw records are read from.
const (
	epRawRoom    = "GET /pod/v3/room/{id}/info"
	epRawMembers = "GET /pod/v2/room/{id}/membership/list"
)

// raw opens the pod's record of the room under the cursor (its room
// info, which says more than the list's entry) as the pod sends it.
func (v *Tab) raw() tea.Cmd {
	r, ok := v.cursorRoom()
	if !ok {
		return nil
	}
	id, c := r.RoomSystemInfo.ID, v.d.Pod
	return tab.Raw(v.c, v.d, epRawRoom, "room "+ui.Sanitize(r.RoomAttributes.Name)+" ("+id+")", func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawRoomInfo(ctx, id)
	})
}

// raw opens the member under the cursor's entry of the room's membership
// list as the pod sends it.
func (m *roomMembers) raw() tea.Cmd {
	uid, err := strconv.ParseInt(m.table.CursorID(), 10, 64)
	if err != nil {
		return nil
	}
	room, c := m.roomID, m.d.Pod
	title := "member " + m.label(uid) + " of " + ui.Sanitize(m.roomName)
	return tab.Raw(m.c, m.d, epRawMembers, title, func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawMember(ctx, room, uid)
	})
}
