package rooms

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/ui"
	"symtui/views/tab"
)

// exportShown writes what the tab shows: the rooms (or a room's members)
// the criteria, the filter and the sort let through, every one loaded,
// with the columns of `symtui get rooms` (`get members`).
func (v *Tab) exportShown(msg ui.CommandMsg) tea.Cmd {
	if m := v.members; m != nil {
		return tab.Export(msg, m.sheet(), "member", "members", m.loading)
	}
	ids := v.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		r, ok := v.rooms[id]
		if !ok {
			continue
		}
		members := ""
		if n, ok := v.listed[id]; ok {
			members = strconv.Itoa(n)
		}
		rows = append(rows, []string{id, r.RoomAttributes.Name, export.YesNo(r.RoomSystemInfo.Active),
			export.YesNo(r.RoomAttributes.Public), members, export.Millis(r.RoomSystemInfo.CreationDate)})
	}
	loading := !v.listDone || (v.table == v.found && v.loading)
	return tab.Export(msg, export.Sheet{Headers: export.RoomHeaders, Rows: rows}, "room", "rooms", loading)
}

// sheet is the members shown, named as far as the name cache knows.
func (m *roomMembers) sheet() export.Sheet {
	ids := m.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		uid, err := strconv.ParseInt(id, 10, 64)
		mi, ok := m.byID[uid]
		if err != nil || !ok {
			continue
		}
		var name, email string
		if m.d.Names != nil {
			if u, ok := m.d.Names.Get(uid); ok {
				name, email = u.DisplayName, u.EmailAddress
			}
		}
		rows = append(rows, []string{id, name, email, export.YesNo(mi.Owner), export.Millis(mi.JoinDate)})
	}
	return export.Sheet{Headers: export.MemberHeaders, Rows: rows}
}
