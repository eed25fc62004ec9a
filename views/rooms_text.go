package views

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// roomsFit truncates plain (already sanitised) text to w cells with an
// ellipsis and pads it to exactly w.
func roomsFit(s string, w int) string {
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

// roomsFitStyled lays out a styled left part and a right part on one line
// of exactly w cells; the left part is cut first when they do not fit.
func roomsFitStyled(left, right string, w int) string {
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

// roomsJoinSide puts the lines of right beside the block left (lw wide),
// separated by sep; the result has as many lines as left.
func roomsJoinSide(left string, right []string, lw, rw int, sep string) string {
	ls := strings.Split(left, "\n")
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(roomsFitStyled(l, "", lw))
		b.WriteString(sep)
		r := ""
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(roomsFitStyled(r, "", rw))
	}
	return b.String()
}
