package views

import (
	"fmt"
	"strconv"
	"strings"

	"symtui/ui"
)

// Layout of the Users tab: one line of search or status, the table, and
// the detail pane (when open) beside the table on wide terminals, under it
// on tall ones, not at all on small ones.
const (
	usersHeaderLines   = 1
	usersSideMinWidth  = 100
	usersBottomMinRows = 18
	usersBottomLines   = 8 // a rule and seven lines of detail
)

// detailMode reports where the detail pane goes and its size (0: hidden).
func (v *Users) detailMode() (side bool, size int) {
	switch {
	case !v.detail.open:
		return false, 0
	case v.width >= usersSideMinWidth:
		return true, min(52, v.width*2/5)
	case v.height >= usersBottomMinRows:
		return false, usersBottomLines
	}
	return false, 0
}

// layout sizes the table for the current area.
func (v *Users) layout() {
	side, size := v.detailMode()
	h := max(v.height-usersHeaderLines, 1)
	w := v.width
	if side {
		w = max(v.width-size-1, 1)
	} else {
		h = max(h-size, 1)
	}
	v.table.SetSize(w, h)
	v.input.Width = max(v.width-len(v.input.Prompt)-1, 1)
}

// headerText says what the table shows.
func (v *Users) headerText() string {
	st := v.c.Styles
	if v.err != nil {
		retry := " · " + v.c.Keys.Action.Refresh.Help().Key + " retry"
		return st.StatusError.Render(roomsFit("loading failed: "+ui.Sanitize(v.err.Error()), max(v.width-len(retry)-1, 1))) +
			st.Muted.Render(retry)
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
		s = fmt.Sprintf("all users · %d loaded%s", len(v.listIDs), more)
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
	return roomsFitStyled(st.Muted.Render(ui.Sanitize(s)), st.Muted.Render(hint), v.width)
}

// render draws the tab: header, table, detail.
func (v *Users) render() string {
	st := v.c.Styles
	var head string
	if v.inputOpen {
		head = roomsFitStyled(v.input.View(), "", v.width)
	} else {
		head = v.headerText()
	}
	body := v.table.View()
	side, size := v.detailMode()
	switch {
	case size == 0:
	case side:
		body = roomsJoinSide(body, v.detailLines(size, v.height-usersHeaderLines), v.width-size-1, size, st.Muted.Render("│"))
	default:
		lines := v.detailLines(v.width, usersBottomLines-1)
		var b strings.Builder
		b.WriteString(body)
		b.WriteString("\n" + st.Muted.Render(strings.Repeat("─", v.width)))
		for i := 0; i < usersBottomLines-1; i++ {
			b.WriteByte('\n')
			if i < len(lines) {
				b.WriteString(roomsFitStyled(lines[i], "", v.width))
			} else {
				b.WriteString(strings.Repeat(" ", v.width))
			}
		}
		body = b.String()
	}
	return clipLines(head+"\n"+body, v.height)
}

// clipLines keeps the first h lines of a frame: below the table's own
// minimum (header, a row, footer) the frame would overflow its area.
func clipLines(frame string, h int) string {
	if h >= 4 {
		return frame
	}
	lines := strings.SplitN(frame, "\n", h+1)
	return strings.Join(lines[:min(h, len(lines))], "\n")
}

func (v *Users) sorted() bool {
	col, _ := v.table.Sort()
	return col >= 0
}
