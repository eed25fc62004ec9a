package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// A text field wider than its input shows a window of its value. The
// form draws that window itself rather than the input's: it marks with …
// the side where the value goes on, and it does not cut a ⟨U+202E⟩
// placeholder in two (half of one reads as text that is not there).

// moreMark marks a side of a field where its value goes on.
const moreMark = "…"

// fieldView is the text field ff in w cells: its value (or its
// placeholder hint when empty), with the cursor when focused.
func (f *Form) fieldView(ff *formField, focused bool, w int) string {
	if ff.input.Value() == "" {
		return ff.input.View()
	}
	rs := []rune(ff.input.Value())
	pos := -1
	if focused {
		pos = ff.input.Position()
	}
	start, end := fieldWindow(rs, pos, w)
	st := f.c.Styles
	var b strings.Builder
	if start > 0 {
		b.WriteString(st.Muted.Render(moreMark))
	}
	switch {
	case pos < start || pos > end:
		b.WriteString(string(rs[start:end]))
	case pos == end:
		b.WriteString(string(rs[start:end]))
		cur := ff.input.Cursor
		cur.SetChar(" ")
		b.WriteString(cur.View())
	default:
		b.WriteString(string(rs[start:pos]))
		cur := ff.input.Cursor
		cur.SetChar(string(rs[pos]))
		b.WriteString(cur.View())
		b.WriteString(string(rs[pos+1 : end]))
	}
	if end < len(rs) {
		b.WriteString(st.Muted.Render(moreMark))
	}
	s := b.String()
	if sw := ansi.StringWidth(s); sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fieldWindow is the part rs[start:end] of a value shown in w cells, with
// a cell for each … that marks a side cut off and, when the cursor (pos,
// -1 for none) is at the end, one for it. It starts at the beginning when
// the cursor allows, else it ends just after the cursor. Its edges are
// moved out of any placeholder they fall in, as long as the cursor stays
// inside.
func fieldWindow(rs []rune, pos, w int) (start, end int) {
	cursorCell := 0
	if pos == len(rs) {
		cursorCell = 1
	}
	if runesWidth(rs)+cursorCell <= w {
		return 0, len(rs)
	}
	// From the start, keeping a cell for the … on the right, unless the
	// cursor is beyond it or in a placeholder the edge would cut.
	end = fitFrom(rs, 0, w-1)
	if pos < end {
		e := outOfPlaceholder(rs, end, pos, false)
		if _, _, cut := placeholderAround(rs, e); pos < e && (!cut || pos < 0) {
			return 0, e
		}
	}
	// Ending after the cursor (and the placeholder it is in): a cell for
	// the … on the left, one for the cursor at the very end, or one for
	// the … on the right.
	room := w - 2
	end = min(pos+1, len(rs))
	if _, close, ok := placeholderAround(rs, end); ok && runesWidth(rs[pos:close+1]) <= room {
		end = close + 1
	}
	start = end
	for start > 0 && runesWidth(rs[start-1:end]) <= room {
		start--
	}
	start = min(outOfPlaceholder(rs, start, pos, true), pos)
	return start, end
}

// fitFrom is the end of the longest run of rs from start that fits in w cells.
func fitFrom(rs []rune, start, w int) int {
	used, i := 0, start
	for i < len(rs) {
		cw := ansi.StringWidth(string(rs[i]))
		if used+cw > w {
			break
		}
		used += cw
		i++
	}
	return i
}

// outOfPlaceholder moves a window edge at i that falls inside a ⟨…⟩
// placeholder to the placeholder's edge: forward past its close for the
// start of the window, back to its open for the end, unless that would
// leave the cursor (pos) out of the window.
func outOfPlaceholder(rs []rune, i, pos int, isStart bool) int {
	open, close, ok := placeholderAround(rs, i)
	if !ok {
		return i
	}
	if isStart {
		if pos < 0 || close+1 <= pos {
			return close + 1
		}
		return i
	}
	if pos < 0 || open > pos {
		return open
	}
	return i
}

// placeholderAround finds the placeholder ⟨…⟩ that an edge at i cuts: one
// that opens before i and closes at or after it.
func placeholderAround(rs []rune, i int) (open, close int, ok bool) {
	const longest = 12 // ⟨U+E01EF⟩, ⟨0xFF⟩, ⟨ESC⟩...
	open = -1
	for j := i - 1; j >= 0 && j >= i-longest; j-- {
		if rs[j] == '⟩' {
			return 0, 0, false
		}
		if rs[j] == '⟨' {
			open = j
			break
		}
	}
	if open < 0 {
		return 0, 0, false
	}
	for j := i; j < len(rs) && j <= open+longest; j++ {
		if rs[j] == '⟨' {
			return 0, 0, false
		}
		if rs[j] == '⟩' {
			return open, j, true
		}
	}
	return 0, 0, false
}

func runesWidth(rs []rune) int { return ansi.StringWidth(string(rs)) }
