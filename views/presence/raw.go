package presence

import (
	"context"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// epRawPresence is where the raw presence is read from.
const epRawPresence = "GET /pod/v3/user/{uid}/presence"

// raw opens, as the pod sends it, the presence of the user of the change
// at the top of the list: the newest while the list follows, the one it
// holds still on while scrolled.
func (v *Pane) raw() tea.Cmd {
	rec := v.state.Recent
	if v.off < 0 || v.off >= len(rec) {
		return ui.Info("no change shown: the raw record is that of the change at the top of the list")
	}
	uid, c := rec[v.off].UserID, v.d.Pod
	if c == nil {
		return nil
	}
	name := "#" + strconv.FormatInt(uid, 10)
	if v.d.Names != nil {
		name = v.d.Names.Label(uid)
	}
	return tab.Raw(v.c, v.d, epRawPresence, "presence of "+name, func(ctx context.Context) (pod.RawRecord, error) {
		return c.RawPresence(ctx, uid)
	})
}

// changeHeaders are the columns of an export of the recent changes.
var changeHeaders = []string{"AT", "USER ID", "USER", "FROM", "TO"}

// exportShown writes the recent changes the pane holds, newest first, as
// it lists them (those scrolled past included).
func (v *Pane) exportShown(msg ui.CommandMsg) tea.Cmd {
	rows := make([][]string, 0, len(v.state.Recent))
	for _, c := range v.state.Recent {
		name := ""
		if v.d.Names != nil {
			if u, ok := v.d.Names.Get(c.UserID); ok {
				name = u.DisplayName
			}
		}
		rows = append(rows, []string{c.At.UTC().Format(time.RFC3339), strconv.FormatInt(c.UserID, 10), name, string(c.From), string(c.To)})
	}
	return tab.Export(msg, export.Sheet{Headers: changeHeaders, Rows: rows}, "change", "changes", false)
}
