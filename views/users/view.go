package users

import (
	"fmt"
	"strings"

	"symtui/ui"
	"symtui/views/tab"

	"github.com/charmbracelet/x/ansi"
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

// layout sizes the tables for the current area.
func (v *Tab) layout() {
	side, size := v.detailMode()
	w, h := tab.TableArea(v.width, v.height, usersHeaderLines, side, size)
	v.list.SetSize(w, h)
	v.found.SetSize(w, h)
	if v.rooms != nil {
		v.rooms.setSize(v.width, v.height)
	}
	v.input.Width = max(v.width-len(v.input.Prompt)-1, 1)
}

// headerText says what the table shows, how much of it has loaded, and
// what narrows or orders it.
func (v *Tab) headerText() string {
	st := v.c.Styles
	if v.job != nil {
		return tab.SpreadLine(v.job.Line(st, v.c.Keys.Global.Back.Help().Key), "", v.width)
	}
	if v.searchOnly() {
		return v.searchOnlyHeader()
	}
	retry := v.c.Keys.Action.Refresh.Help().Key
	switch {
	case v.mode == usersSearch && v.err != nil:
		return tab.FailedLine(st, "search failed", v.err, retry, v.width)
	case v.mode == usersList && v.listErr != nil:
		return tab.FailedLine(st, fmt.Sprintf("loading users failed after %s", ui.Thousands(len(v.listIDs))), v.listErr, retry, v.width)
	}
	var s, hint string
	if v.mode == usersSearch {
		s = fmt.Sprintf("pod search %s · %s of %s", shownQuery(v.query), ui.Thousands(v.found.Len()), ui.Thousands(int(max(v.count, int64(v.found.Len())))))
		if v.count > usersSearchMax {
			s += " · narrow it to see the rest"
		}
		if v.loading {
			s += " ↻"
		}
		hint = v.c.Keys.Global.Back.Help().Key + " all users · "
	} else {
		switch {
		case v.list.Len() == 0 && !v.listDone:
			s = "all users · loading ↻"
		case !v.listDone:
			s = "all users · " + ui.Thousands(v.list.Len()) + " so far ↻"
		default:
			s = "all users · " + ui.Thousands(v.list.Len())
		}
	}
	var extras []string // what narrows or orders the rows: after the progress
	if v.status != statusAll {
		extras = append(extras, " · "+v.status.String()+" only")
	}
	if v.filter != "" {
		extras = append(extras, fmt.Sprintf(" · filter %s: %s", shownQuery(v.filter), ui.Thousands(v.table.Shown())))
	}
	if t := v.table.SortTitle(); t != "" {
		extras = append(extras, " · by "+strings.ToLower(t))
	}
	k := v.c.Keys
	hint += k.Table.Filter.Help().Key + " filter · " + k.Action.FilterStatus.Help().Key + " status · " + k.Action.Open.Help().Key + " details"
	for i, x := range extras {
		extras[i] = ui.Sanitize(x) // the filter is typed
	}
	s, hint = fitHeader(ui.Sanitize(s), extras, hint, v.width)
	return tab.SpreadLine(st.Muted.Render(s), st.Muted.Render(hint), v.width)
}

// fitHeader fits the header to w cells, dropping the least important
// first: the key hint, then the narrowing parts from the last; what has
// loaded and whether more is coming (core) stays.
func fitHeader(core string, extras []string, hint string, w int) (left, right string) {
	left = core + strings.Join(extras, "")
	if ansi.StringWidth(left)+1+ansi.StringWidth(hint) <= w {
		return left, hint
	}
	for n := len(extras); n >= 0; n-- {
		if left = core + strings.Join(extras[:n], ""); ansi.StringWidth(left) <= w {
			break
		}
	}
	return left, ""
}

// render draws the tab: header, table, detail.
func (v *Tab) render() string {
	if v.rooms != nil {
		return tab.ClipLines(v.rooms.view(v.job), v.height)
	}
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
