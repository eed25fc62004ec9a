package users

import (
	"fmt"
	"strconv"

	"symtui/ui"
	"symtui/views/tab"
)

// Layout of the Users tab: one line of search or status, the table, and
// the detail pane (when open) beside the table on wide terminals, under it
// on tall ones, not at all on small ones.
const (
	usersHeaderLines = 1
	usersBottomLines = 8 // a rule and seven lines of detail
)

// detailMode reports where the detail pane goes and its size (0: hidden).
func (v *Tab) detailMode() (side bool, size int) {
	if !v.detail.open {
		return false, 0
	}
	return tab.DetailPlace(v.width, v.height, min(52, v.width*2/5), usersBottomLines)
}

// layout sizes the table for the current area.
func (v *Tab) layout() {
	side, size := v.detailMode()
	v.table.SetSize(tab.TableArea(v.width, v.height, usersHeaderLines, side, size))
	v.input.Width = max(v.width-len(v.input.Prompt)-1, 1)
}

// headerText says what the table shows.
func (v *Tab) headerText() string {
	st := v.c.Styles
	if v.job != nil {
		return tab.SpreadLine(v.job.Line(st, v.c.Keys.Global.Back.Help().Key), "", v.width)
	}
	if v.err != nil {
		return tab.FailedLine(st, "loading failed", v.err, v.c.Keys.Action.Refresh.Help().Key, v.width)
	}
	var s string
	switch v.mode {
	case usersSearch:
		s = fmt.Sprintf("search %s · %d of %d", strconv.Quote(v.query), len(v.found), max(v.count, int64(len(v.found))))
	default:
		more := " · more below"
		switch {
		case v.listDone:
			more = " · all"
		case v.sorted():
			more = " · sorted: unsort to load more"
		}
		// The rows shown: the list's pages and any user created or looked
		// up since, as the counter under the table says.
		s = fmt.Sprintf("all users · %d loaded%s", v.table.Len(), more)
		if v.query != "" {
			s += " · filter " + strconv.Quote(v.query)
		}
	}
	switch {
	case v.loading:
		s += " · loading…"
	case v.loadingMore:
		s += " · loading more…"
	}
	hint := v.c.Keys.Table.Filter.Help().Key + " search · " + v.c.Keys.Action.Open.Help().Key + " details"
	return tab.SpreadLine(st.Muted.Render(ui.Sanitize(s)), st.Muted.Render(hint), v.width)
}

// render draws the tab: header, table, detail.
func (v *Tab) render() string {
	st := v.c.Styles
	var head string
	if v.inputOpen {
		head = tab.SpreadLine(v.input.View(), "", v.width)
	} else {
		head = v.headerText()
	}
	side, size := v.detailMode()
	var detail []string
	if w, n := v.detailArea(); n > 0 {
		detail = v.detailLines(w, n)
	}
	body := tab.WithDetail(st, v.table.View(), detail, side, size, v.width)
	return tab.ClipLines(head+"\n"+body, v.height)
}

func (v *Tab) sorted() bool {
	col, _ := v.table.Sort()
	return col >= 0
}
