package users

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/ui"
	"symtui/views/tab"
)

// exportShown writes the users the table shows (the filter, the status
// and the sort applied; every one loaded, on screen or not) with the
// columns of `symtui get users`, so a script reads either. The presence
// column is left out: it changes by the second, and get has none.
func (v *Tab) exportShown(msg ui.CommandMsg) tea.Cmd {
	if m := v.rooms; m != nil {
		return tab.Export(msg, m.sheet(), "room", "rooms", m.loading)
	}
	ids := v.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	cols := len(export.UserHeaders)
	cells := make([]string, 0, len(ids)*cols) // one array for every row: a directory is 100,000
	statuses := map[[2]string]string{}        // one string per status, not one per user
	for _, id := range ids {
		r, ok := v.recs[rowUserID(id)]
		if !ok {
			continue
		}
		status := ""
		if r.Known {
			key := [2]string{r.Status, strconv.FormatBool(r.Suspended)}
			if status, ok = statuses[key]; !ok {
				status = export.UserStatus(r.Status, r.Suspended)
				statuses[key] = status
			}
		}
		cells = append(cells, id, r.Username, r.Name, r.Email, r.Company, r.Title, status)
		rows = append(rows, cells[len(cells)-cols:])
	}
	loading := !v.listDone || (v.mode == usersSearch && v.loading)
	return tab.Export(msg, export.Sheet{Headers: export.UserHeaders, Rows: rows}, "user", "users", loading)
}

// userRoomHeaders are the columns of an export of a user's rooms.
var userRoomHeaders = []string{"ID", "NAME", "TYPE", "ROLE", "ACTIVE", "MEMBERS", "OWNERS"}

// sheet is the user's rooms shown, with the role the table says.
func (m *userRooms) sheet() export.Sheet {
	ids := m.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		r, ok := m.byID[id]
		if !ok {
			continue
		}
		members, owners := "", ""
		if r.Counted {
			members, owners = strconv.Itoa(r.Members), strconv.Itoa(r.Owners)
		}
		rows = append(rows, []string{r.ID, r.Name, r.Type, r.Role, export.YesNo(r.Active), members, owners})
	}
	return export.Sheet{Headers: userRoomHeaders, Rows: rows}
}
