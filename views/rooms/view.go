package rooms

import (
	"fmt"
	"strings"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// Layout of the room list: two lines of search bar and status, the table,
// and the detail pane beside it (wide terminals) or under it.
const (
	roomsHeaderLines = 2
	roomsBottomLines = 7 // a rule and six lines of detail
)

// detailMode reports where the detail pane goes and its size.
func (v *Tab) detailMode() (side bool, size int) {
	return tab.DetailPlace(v.width, v.height, min(48, v.width/3), roomsBottomLines)
}

// layout sizes the table for the current area.
func (v *Tab) layout() {
	side, size := v.detailMode()
	w, h := tab.TableArea(v.width, v.height, roomsHeaderLines, side, size)
	v.list.SetSize(w, h)
	v.found.SetSize(w, h)
	v.detailFor = ""
	v.refreshDetail()
}

// refreshDetail re-renders the detail pane when the room under the cursor
// or the width changed.
func (v *Tab) refreshDetail() {
	side, size := v.detailMode()
	if size == 0 {
		v.detailLines = nil
		return
	}
	id := v.table.CursorID()
	keyText := fmt.Sprintf("%s\x00%d\x00%d", id, v.width, v.height)
	if keyText == v.detailFor {
		return
	}
	v.detailFor = keyText
	w := v.width
	if side {
		w = size
	}
	r, ok := v.rooms[id]
	if !ok {
		v.detailLines = []string{v.c.Styles.Muted.Render(tab.FitCells("no room selected", w))}
		return
	}
	if v.sparse(id) {
		v.detailLines = v.sparseDetail(r, w)
		return
	}
	if n, partial := v.listed[id]; partial {
		v.detailLines = v.listedDetail(r, n, w)
		return
	}
	v.detailLines = v.roomDetail(r, w)
}

// listedDetail is the detail pane of a room the admin list described: it
// has no keywords or flags, so the pane says only what it knows.
func (v *Tab) listedDetail(r pod.Room, members, w int) []string {
	st := v.c.Styles
	a, s := r.RoomAttributes, r.RoomSystemInfo
	state := "active"
	if !s.Active {
		state = "INACTIVE"
	}
	if a.Public {
		state += " · public"
	} else {
		state += " · private"
	}
	creator := "unknown"
	if s.CreatedByUserID != 0 {
		creator = v.userLabel(s.CreatedByUserID)
	}
	line := func(label, value string) string {
		return st.Muted.Render(label) + tab.FitCells(ui.Sanitize(value), max(w-len(label), 0))
	}
	return []string{
		st.DialogTitle.Render(tab.FitCells(ui.Sanitize(a.Name), w)),
		line("id       ", s.ID),
		line("state    ", state),
		line("creator  ", creator+" · created "+tab.Date(s.CreationDate)),
		line("members  ", tab.Plural(members, "1 member", "%d members")),
		line("about    ", a.Description),
	}
}

// roomDetail is the detail pane for r, one fitted line per attribute.
func (v *Tab) roomDetail(r pod.Room, w int) []string {
	st := v.c.Styles
	a, s := r.RoomAttributes, r.RoomSystemInfo
	state := []string{"active"}
	if !s.Active {
		state[0] = "INACTIVE"
	}
	if a.Public {
		state = append(state, "public")
	} else {
		state = append(state, "private")
	}
	if a.Discoverable {
		state = append(state, "discoverable")
	} else {
		state = append(state, "hidden")
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{
		{a.MembersCanInvite, "members invite"}, {a.ReadOnly, "read-only"}, {a.CopyProtected, "copy-protected"},
		{a.ViewHistory, "view history"}, {a.CrossPod, "cross-pod"}, {a.MultiLateralRoom, "multilateral"},
		{a.ScheduledMeeting, "meeting"},
	} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	if len(flags) == 0 {
		flags = []string{"none"}
	}
	creator := "unknown"
	if s.CreatedByUserID != 0 {
		creator = v.userLabel(s.CreatedByUserID)
	}
	line := func(label, value string) string {
		return st.Muted.Render(label) + tab.FitCells(ui.Sanitize(value), max(w-len(label), 0))
	}
	return []string{
		st.DialogTitle.Render(tab.FitCells(ui.Sanitize(a.Name), w)),
		line("id       ", s.ID),
		line("state    ", strings.Join(state, " · ")),
		line("creator  ", creator+" · created "+tab.Date(s.CreationDate)),
		line("keywords ", shownKeywords(a.Keywords)),
		line("flags    ", strings.Join(flags, ", ")),
		line("about    ", a.Description),
	}
}

// shownKeywords is formatKeywords for the screen, exact as the edit form
// shows it: each key and value alone with placeholders for what cannot
// be shown, so one keyword's unterminated escape cannot swallow the
// keywords after it and a key made only of an escape does not vanish.
func shownKeywords(tags []pod.RoomTag) string {
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = ui.Visible(t.Key) + "=" + ui.Visible(t.Value)
	}
	return strings.Join(parts, ", ")
}

// listView renders the room list: bar, table, detail.
func (v *Tab) listView() string {
	st := v.c.Styles
	t := v.Tally()
	status := strings.TrimSuffix(t.String(), " ↻") + " rooms"
	if t.Loading {
		status += " ↻"
	}
	var head string
	if v.bar.open {
		head = v.bar.view(v.width, "", "")
	} else {
		second := ""
		switch retry := v.c.Keys.Action.Refresh.Help().Key; {
		case v.job != nil: // a membership change goes on after its room was left
			second = v.job.Line(st, v.c.Keys.Global.Back.Help().Key)
		case v.err != nil && v.table == v.found:
			second = tab.FailedLine(st, "search failed", v.err, retry, v.width)
		case v.listErr != nil:
			second = tab.FailedLine(st, "loading the rooms failed after "+ui.Thousands(v.list.Len()), v.listErr, retry, v.width)
		}
		head = v.bar.view(v.width, v.listLabel(), status) + "\n" + tab.SpreadLine(second, "", v.width)
	}
	side, size := v.detailMode()
	return head + "\n" + tab.WithDetail(st, v.table.View(), v.detailLines, side, size, v.width)
}
