package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// helpGroup is a titled list of bindings.
type helpGroup struct {
	title    string
	bindings []key.Binding
}

// helpGroups builds help from the live keymap: the global keys, then the
// focused view's bindings grouped by the keymap group they come from.
// Disabled (read-only, unbound) bindings are left out.
func helpGroups(km *KeyMap, viewTitle string, viewKeys []key.Binding, hide ...key.Binding) []helpGroup {
	groups := []helpGroup{{title: "Global"}}
	index := map[string]int{"Global": 0}
	add := func(title string, b key.Binding) {
		if !b.Enabled() {
			return
		}
		for _, h := range hide {
			if sameBinding(h, b) {
				return
			}
		}
		i, ok := index[title]
		if !ok {
			i = len(groups)
			index[title] = i
			groups = append(groups, helpGroup{title: title})
		}
		groups[i].bindings = append(groups[i].bindings, b)
	}
	entries := km.Entries()
	for _, e := range entries {
		if e.Group == "Global" {
			add("Global", *e.Binding)
		}
	}
	for _, b := range viewKeys {
		group := viewTitle
		for _, e := range entries {
			if e.Group != "Global" && sameBinding(*e.Binding, b) {
				group = e.Group
				break
			}
		}
		add(group, b)
	}
	return groups
}

func sameBinding(a, b key.Binding) bool {
	return a.Help() == b.Help() && strings.Join(a.Keys(), "\x00") == strings.Join(b.Keys(), "\x00")
}

// helpOverlay is the "?" modal: the sections flowed into as many columns
// as fit; the navigation keys scroll when they do not fit; esc, ? or q
// close it.
type helpOverlay struct {
	c      *Common
	groups []helpGroup
	cmds   []Command
	offset int
	width  int
	height int
	done   bool

	laidOut      []string // lines, for laidOutWidth
	laidOutWidth int
}

// Help layout: the gap between columns, and the widest a column grows
// (longer descriptions are cut within their column).
const (
	helpGap     = 3
	helpMaxCol  = 44
	helpMaxKeyW = 20
)

func (h *helpOverlay) SetSize(w, ht int)     { h.width, h.height = w, ht }
func (h *helpOverlay) Done() (tea.Msg, bool) { return nil, h.done }

// page is how many lines of help show at once (the last line is the footer).
func (h *helpOverlay) page() int { return max(h.height-1, 1) }

func (h *helpOverlay) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil
	}
	g := h.c.Keys.Global
	if key.Matches(k, g.Back, g.Help, g.Quit) || k.Type == tea.KeyCtrlC {
		h.done = true
		return h, nil
	}
	h.offset, _ = scrollKey(h.c.Keys.Nav, k, h.offset, h.page(), len(h.lines()))
	return h, nil
}

// scrollKey applies a navigation key to the first line shown of a text of
// total lines, page of them at a time; moved is false for another key.
func scrollKey(nav NavKeys, k tea.KeyMsg, offset, page, total int) (next int, moved bool) {
	switch {
	case key.Matches(k, nav.Down):
		offset++
	case key.Matches(k, nav.Up):
		offset--
	case key.Matches(k, nav.PageDown):
		offset += page
	case key.Matches(k, nav.PageUp):
		offset -= page
	case key.Matches(k, nav.HalfPageDown):
		offset += max(page/2, 1)
	case key.Matches(k, nav.HalfPageUp):
		offset -= max(page/2, 1)
	case key.Matches(k, nav.Top):
		offset = 0
	case key.Matches(k, nav.Bottom):
		offset = total
	default:
		return offset, false
	}
	return max(min(offset, total-page), 0), true
}

// helpSection is one titled list of key, description pairs.
type helpSection struct {
	title string
	rows  [][2]string
	keyW  int // the widest key, capped
	width int // the widest line, capped
}

func (s *helpSection) height() int { return 1 + len(s.rows) }

func (h *helpOverlay) sections() []helpSection {
	var out []helpSection
	add := func(title string, rows [][2]string) {
		sec := helpSection{title: Sanitize(title), rows: rows}
		for i, r := range rows { // key names and descriptions may come from a keys file
			r = [2]string{Sanitize(r[0]), Sanitize(r[1])}
			rows[i] = r
			sec.keyW = max(sec.keyW, cellWidth(r[0]))
		}
		sec.keyW = min(sec.keyW, helpMaxKeyW)
		sec.width = cellWidth(sec.title)
		for _, r := range rows {
			sec.width = max(sec.width, sec.keyW+1+cellWidth(r[1]))
		}
		out = append(out, sec)
	}
	for _, g := range h.groups {
		if len(g.bindings) == 0 {
			continue
		}
		rows := make([][2]string, len(g.bindings))
		for i, b := range g.bindings {
			rows[i] = [2]string{b.Help().Key, b.Help().Desc}
		}
		add(g.title, rows)
	}
	rows := make([][2]string, len(h.cmds))
	for i, c := range h.cmds {
		rows[i] = [2]string{strings.TrimSpace(":" + c.Name + " " + c.Args), c.Help}
	}
	add("Commands", rows)
	return out
}

// lines lays the sections out in columns of one width, as many as fit
// with a gap between them, each section whole in one column, in order,
// and the columns as short as that allows.
func (h *helpOverlay) lines() []string {
	w := max(h.width, 1)
	if h.laidOut != nil && h.laidOutWidth == w {
		return h.laidOut
	}
	secs := h.sections()
	colW, tallest, total := 1, 0, -1
	for _, s := range secs {
		colW = max(colW, s.width)
		tallest = max(tallest, s.height())
		total += s.height() + 1
	}
	colW = min(colW, helpMaxCol, w)
	ncols := max((w+helpGap)/(colW+helpGap), 1)
	var cols [][]int // section indexes per column
	for ht := tallest; ; ht++ {
		cols = packSections(secs, ht)
		if len(cols) <= ncols || ht >= total {
			break
		}
	}
	st := h.c.Styles
	rendered := make([][]string, len(cols))
	height := 0
	for c, idx := range cols {
		var col []string
		for n, i := range idx {
			s := secs[i]
			if n > 0 {
				col = append(col, strings.Repeat(" ", colW))
			}
			title := s.title
			if cellWidth(title) > colW {
				title = fit(title, colW)
			}
			col = append(col, st.HelpGroup.Render(title)+strings.Repeat(" ", colW-cellWidth(title)))
			keyW := min(s.keyW, max(colW-2, 0)) // leave a description at least "…"
			for _, r := range s.rows {
				line := st.HintKey.Render(fit(r[0], keyW))
				if descW := colW - keyW - 1; descW > 0 {
					line += " " + fit(r[1], descW)
				}
				col = append(col, line+strings.Repeat(" ", max(colW-ansiWidth(line), 0)))
			}
		}
		rendered[c] = col
		height = max(height, len(col))
	}
	gap := strings.Repeat(" ", helpGap)
	blank := strings.Repeat(" ", colW)
	out := make([]string, height)
	for i := range out {
		var b strings.Builder
		for c, col := range rendered {
			if c > 0 {
				b.WriteString(gap)
			}
			if i < len(col) {
				b.WriteString(col[i])
			} else {
				b.WriteString(blank)
			}
		}
		out[i] = b.String()
	}
	h.laidOut, h.laidOutWidth = out, w
	return out
}

// packSections puts the sections, in order, into columns of at most ht
// lines (a blank line between two sections); a section taller than ht gets
// a column of its own.
func packSections(secs []helpSection, ht int) [][]int {
	var cols [][]int
	used := 0
	for i, s := range secs {
		if len(cols) > 0 && used+1+s.height() <= ht {
			cols[len(cols)-1] = append(cols[len(cols)-1], i)
			used += 1 + s.height()
			continue
		}
		cols = append(cols, []int{i})
		used = s.height()
	}
	return cols
}

func (h *helpOverlay) View() string {
	lines := h.lines()
	page := h.page()
	h.offset = max(min(h.offset, len(lines)-page), 0)
	end := min(h.offset+page, len(lines))
	g, nav := h.c.Keys.Global, h.c.Keys.Nav
	footer := KeyHint(g.Back) + "/" + KeyHint(g.Help) + " close · " +
		KeyHint(nav.Down) + "/" + KeyHint(nav.Up) + " " + KeyHint(nav.Top) + "/" + KeyHint(nav.Bottom) + " scroll"
	if len(lines) > page {
		footer += fmt.Sprintf(" · lines %d-%d of %d", h.offset+1, end, len(lines))
	}
	return strings.Join(lines[h.offset:end], "\n") + "\n" + h.c.Styles.Muted.Render(fit(footer, min(cellWidth(footer), max(h.width, 1))))
}
