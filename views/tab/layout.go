package tab

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"symtui/ui"
)

// FitCells truncates plain (already sanitised) text to w cells with an
// ellipsis and pads it to exactly w.
func FitCells(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if sw := ansi.StringWidth(s); sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// SpreadLine lays out a styled left part and a right part on one line of
// exactly w cells; the left part is cut first when they do not fit.
func SpreadLine(left, right string, w int) string {
	if w <= 0 {
		return ""
	}
	rw := ansi.StringWidth(right)
	if rw >= w {
		right, rw = "", 0
	}
	room := w - rw
	if rw > 0 {
		room-- // a space between the two
	}
	if ansi.StringWidth(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := w - ansi.StringWidth(left) - rw
	return left + strings.Repeat(" ", max(gap, 0)) + right
}

// joinSide puts the lines of right beside the block left (lw wide),
// separated by sep; the result has as many lines as left.
func joinSide(left string, right []string, lw, rw int, sep string) string {
	ls := strings.Split(left, "\n")
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(SpreadLine(l, "", lw))
		b.WriteString(sep)
		r := ""
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(SpreadLine(r, "", rw))
	}
	return b.String()
}

// ClipLines keeps the first h lines of a frame: below the table's own
// minimum (header, a row, footer) the frame would overflow its area.
func ClipLines(frame string, h int) string {
	if h >= 4 {
		return frame
	}
	lines := strings.SplitN(frame, "\n", h+1)
	return strings.Join(lines[:min(h, len(lines))], "\n")
}

// FailedLine says what failed and offers the retry key; the message is cut
// so that the key always shows.
func FailedLine(st *ui.Styles, what string, err error, retryKey string, w int) string {
	retry := " · " + retryKey + " retry"
	return st.StatusError.Render(FitCells(what+": "+ui.Sanitize(err.Error()), max(w-len(retry)-1, 1))) +
		st.Muted.Render(retry)
}

// A detail pane goes beside the table on wide terminals, under it on tall
// ones, and nowhere on small ones.
const (
	detailSideMinWidth  = 100 // narrower terminals put the detail under the table
	detailBottomMinRows = 18  // shorter ones have no detail pane
)

// DetailPlace is where a tab of w×h cells puts its detail pane: beside the
// table sideWidth cells wide, or under it in bottomLines lines (a rule
// and the detail); size 0 means no pane.
func DetailPlace(w, h, sideWidth, bottomLines int) (side bool, size int) {
	switch {
	case w >= detailSideMinWidth:
		return true, sideWidth
	case h >= detailBottomMinRows:
		return false, bottomLines
	}
	return false, 0
}

// TableArea is the table's size in a tab of w×h cells with header lines
// above it and the detail pane placed as DetailPlace said.
func TableArea(w, h, header int, side bool, size int) (tw, th int) {
	tw, th = w, max(h-header, 1)
	if side {
		tw = max(w-size-1, 1)
	} else {
		th = max(th-size, 1)
	}
	return tw, th
}

// WithDetail adds the detail lines to the table's block body, placed as
// DetailPlace said, in a tab w cells wide.
func WithDetail(st *ui.Styles, body string, detail []string, side bool, size, w int) string {
	switch {
	case size == 0:
		return body
	case side:
		return joinSide(body, detail, w-size-1, size, st.Muted.Render("│"))
	}
	var b strings.Builder
	b.WriteString(body)
	b.WriteString("\n" + st.Muted.Render(strings.Repeat("─", w)))
	for i := 0; i < size-1; i++ {
		b.WriteByte('\n')
		if i < len(detail) {
			b.WriteString(SpreadLine(detail[i], "", w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// Plural is one when n is 1, else many with n in place of %d: "1 member",
// "3 members".
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return strings.ReplaceAll(many, "%d", strconv.Itoa(n))
}

// Capitalize upper-cases the first letter of an ASCII phrase ("removed").
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// Date renders an epoch-milliseconds date, UTC ("" for none).
func Date(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02")
}
