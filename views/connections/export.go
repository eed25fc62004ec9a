package connections

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// connectionHeaders are the columns of `symtui get connections` but the
// account's: the console's connections are its session's.
var connectionHeaders = []string{"USER ID", "USER", "EMAIL", "STATUS", "FIRST REQUESTED", "UPDATED", "REQUESTS"}

// exportShown writes the connections the table shows (the status, the
// filter and the sort applied).
func (v *Tab) exportShown(msg ui.CommandMsg) tea.Cmd {
	ids := v.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		uid, err := strconv.ParseInt(id, 10, 64)
		c, ok := v.conns[uid]
		if err != nil || !ok {
			continue
		}
		var name, email string
		if v.d.Names != nil {
			if u, ok := v.d.Names.Get(uid); ok {
				name, email = u.DisplayName, u.EmailAddress
			}
		}
		rows = append(rows, []string{id, name, email, string(c.Status), export.Millis(c.FirstRequestedAt),
			export.Millis(c.UpdatedAt), strconv.Itoa(c.RequestCounter)})
	}
	return tab.Export(msg, export.Sheet{Headers: connectionHeaders, Rows: rows}, "connection", "connections", v.loading)
}

// Summary implements ui.Summarizer: the pending requests among the
// connections loaded, incoming and outgoing.
func (v *Tab) Summary() string {
	status := connFilters[v.filter]
	switch {
	case v.loading:
		return "connections: loading"
	case v.err != nil:
		return "connections: loading failed"
	case status != pod.ConnectionAll && status != pod.ConnectionPendingIncoming && status != pod.ConnectionPendingOutgoing:
		return "pending connections: not loaded (the Connections tab shows " + connStatusText(status) + " ones)"
	}
	var in, out int
	for _, c := range v.conns {
		switch c.Status {
		case pod.ConnectionPendingIncoming:
			in++
		case pod.ConnectionPendingOutgoing:
			out++
		}
	}
	s := ui.Thousands(in+out) + " pending connections (" + ui.Thousands(in) + " incoming, " + ui.Thousands(out) + " outgoing)"
	if status != pod.ConnectionAll {
		s += ", " + connStatusText(status) + " only loaded"
	}
	return s
}
