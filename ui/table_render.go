package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"symtui/redact"
)

const gutterWidth = 2 // cursor mark and selection mark

// cellWidth is ansi.StringWidth with a fast path for ASCII (most cells).
func cellWidth(s string) int {
	if isPlainASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

func ansiWidth(s string) int { return ansi.StringWidth(s) }

// fit truncates s to w cells (with an ellipsis) and pads it to exactly w.
// s is already sanitised, so truncation cannot cut an escape sequence.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cellWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = cellWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// measureTitles starts the natural widths over from the titles alone.
func (t *Table) measureTitles() {
	t.natural = make([]int, len(t.cols))
	for i, c := range t.cols {
		t.natural[i] = cellWidth(c.Title) + 1 // room for the sort arrow
	}
}

// measureAll measures the titles and every row held.
func (t *Table) measureAll() {
	t.measureTitles()
	for i := range t.rows {
		t.measureRow(t.cellsOf(i))
	}
}

// measureRow widens natural widths for a row's cells; reports whether any
// grew.
func (t *Table) measureRow(cells []string) bool {
	grew := false
	for i := range t.cols {
		if w := cellWidth(cell(cells, i)); w > t.natural[i] {
			t.natural[i] = w
			grew = true
		}
	}
	return grew
}

// relayout computes shown columns and their widths for the current width
// and invalidates every cached row string.
func (t *Table) relayout() {
	t.ver++
	avail := t.width - gutterWidth
	vis := make([]int, len(t.cols))
	for i := range vis {
		vis[i] = i
	}
	for len(vis) > 1 {
		need := len(vis) - 1
		for _, ci := range vis {
			need += max(t.cols[ci].Min, 1)
		}
		if need <= avail {
			break
		}
		drop := 1 // never the first column
		for p := 2; p < len(vis); p++ {
			if t.cols[vis[p]].Priority <= t.cols[vis[drop]].Priority {
				drop = p
			}
		}
		vis = append(vis[:drop], vis[drop+1:]...)
	}
	widths := make([]int, len(vis))
	total := len(vis) - 1
	for p, ci := range vis {
		c := t.cols[ci]
		w := max(t.natural[ci], c.Min, 1)
		if c.Max > 0 {
			w = min(w, c.Max)
		}
		widths[p] = w
		total += w
	}
	if total > avail {
		t.shrink(vis, widths, total-avail)
	} else if total < avail {
		t.grow(vis, widths, avail-total)
	}
	t.visible, t.widths = vis, widths
}

// shrink takes deficit cells from the columns, flexible ones first, down to
// their Min; the first column absorbs what is left (down to 1).
func (t *Table) shrink(vis, widths []int, deficit int) {
	for _, flexFirst := range []bool{true, false} {
		for p := len(vis) - 1; p >= 0 && deficit > 0; p-- {
			c := t.cols[vis[p]]
			if c.Flex != flexFirst {
				continue
			}
			take := min(deficit, widths[p]-max(c.Min, 1))
			if take > 0 {
				widths[p] -= take
				deficit -= take
			}
		}
	}
	if deficit > 0 {
		widths[0] = max(1, widths[0]-deficit)
	}
}

// grow shares extra cells among flexible columns up to their Max.
func (t *Table) grow(vis, widths []int, extra int) {
	for extra > 0 {
		given := 0
		for p, ci := range vis {
			c := t.cols[ci]
			if !c.Flex || (c.Max > 0 && widths[p] >= c.Max) || extra == 0 {
				continue
			}
			widths[p]++
			extra--
			given++
		}
		if given == 0 {
			return
		}
	}
}

// rowLine returns the rendering of row i, from the cache of rows on
// screen when it is there. Only rows that were on screen are cached, and
// the cache is dropped when it holds more than a few screens: the table
// keeps no rendered string per row.
func (t *Table) rowLine(i int) string {
	if t.linesVer != t.ver || len(t.lines) > 4*t.bodyHeight()+16 {
		clear(t.lines)
		t.linesVer = t.ver
	}
	if l, ok := t.lines[i]; ok {
		return l
	}
	var b strings.Builder
	b.Grow(t.width)
	for p, ci := range t.visible {
		if p > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fit(t.cellAt(i, ci), t.widths[p]))
	}
	// Exactly the width beside the gutter, so View can copy it as is.
	l := fit(b.String(), max(t.width-gutterWidth, 0))
	t.lines[i] = l
	return l
}

func (t *Table) bodyHeight() int { return max(t.height-2, 1) }

func (t *Table) clampScroll() {
	n := len(t.view)
	h := t.bodyHeight()
	t.cursor = max(min(t.cursor, n-1), 0)
	if t.cursor < t.top {
		t.top = t.cursor
	}
	if t.cursor >= t.top+h {
		t.top = t.cursor - h + 1
	}
	t.top = max(min(t.top, n-h), 0)
}

// View renders the header, the visible rows and the footer, exactly
// height lines of width cells.
func (t *Table) View() string {
	st := t.c.Styles
	var b strings.Builder
	b.Grow((t.width + 16) * t.height)

	b.WriteString(st.mark(t.zone, t.width, t.height))
	b.WriteString(t.headerLine())

	h := t.bodyHeight()
	now := t.c.now()
	blank := strings.Repeat(" ", t.width)
	for line := 0; line < h; line++ {
		b.WriteByte('\n')
		p := t.top + line
		if p >= len(t.view) {
			if line == 0 && len(t.view) == 0 {
				msg := t.empty
				if len(t.rows) > 0 {
					msg = t.noMatch
				}
				b.WriteString(st.Muted.Render(fit("  "+msg, t.width)))
				continue
			}
			b.WriteString(blank)
			continue
		}
		i := t.view[p]
		id := t.rows[i].id
		_, marked := t.marked[id]
		g := "  "
		switch {
		case p == t.cursor && marked:
			g = ">*"
		case p == t.cursor:
			g = "> "
		case marked:
			g = " *"
		}
		style := (*lipgloss.Style)(nil)
		switch {
		case p == t.cursor:
			style = &st.TableCursor
		case marked:
			style = &st.TableSelected
		case t.alarm != nil && t.alarm(id):
			style = &st.TableAlarm
		default:
			if until, ok := t.highlight[id]; ok && now.Before(until) {
				style = &st.TableHighlight
			}
		}
		if t.width < gutterWidth {
			b.WriteString(fit(g, t.width))
		} else if style == nil {
			b.WriteString(g) // plain rows are copied from the cache
			b.WriteString(t.rowLine(i))
		} else {
			b.WriteString(style.Render(g + t.rowLine(i)))
		}
	}
	b.WriteByte('\n')
	b.WriteString(t.footer())
	return b.String()
}

// headerLine renders the column titles (cached until the layout or the
// sort changes).
func (t *Table) headerLine() string {
	if t.headerVer == t.ver && t.headerGen == t.c.Styles.gen && t.header != "" {
		return t.header
	}
	hdr := make([]string, len(t.visible))
	for p, ci := range t.visible {
		title := t.cols[ci].Title
		if ci == t.sortCol {
			if t.sortDesc {
				title += "▼"
			} else {
				title += "▲"
			}
		}
		hdr[p] = fit(title, t.widths[p])
	}
	t.header = t.c.Styles.TableHeader.Render(fit(strings.Repeat(" ", gutterWidth)+strings.Join(hdr, " "), t.width))
	t.headerVer, t.headerGen = t.ver, t.c.Styles.gen
	return t.header
}

func (t *Table) footer() string {
	st := t.c.Styles
	right := Thousands(min(t.cursor+1, len(t.view))) + "/" + Thousands(len(t.rows))
	if t.Narrowed() || t.filtering {
		right = Thousands(len(t.view)) + " of " + Thousands(len(t.rows))
	}
	aside := 0
	if t.aside != nil {
		aside = t.aside()
	}
	if n := len(t.marked) + aside; n > 0 {
		right += " · " + Thousands(n) + " marked"
		if h := t.HiddenMarks() + aside; h > 0 {
			right += ", " + Thousands(h) + " hidden"
		}
	}
	var left string
	switch {
	case t.filtering:
		t.input.Width = max(t.width-cellWidth(right)-4, 1)
		left = t.input.View()
	case t.filter != "":
		left = st.Muted.Render("/" + redact.Secrets(t.input.Value())) // a secret pasted by mistake is withheld, as in every echo
	}
	gap := t.width - ansi.StringWidth(left) - cellWidth(right)
	if gap < 1 {
		return fit(st.TableFooter.Render(right), t.width)
	}
	return left + strings.Repeat(" ", gap) + st.TableFooter.Render(right)
}
