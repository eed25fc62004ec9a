package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pager is what the reading modals (a text or raw record, :messages)
// share: a window of laid-out lines under a title, the navigation keys
// scrolling it, esc, q or enter closing it, and a footer saying where
// the window is.
type pager struct {
	c             *Common
	offset        int
	width, height int
	atEnd         bool // follow the last line until the operator scrolls
	done          bool
}

func (p *pager) SetSize(w, h int)      { p.width, p.height = w, h }
func (p *pager) Done() (tea.Msg, bool) { return nil, p.done }

// page is how many lines show: the body less the title and the footer.
func (p *pager) page() int { return max(p.height-2, 1) }

// key closes the pager or scrolls it over total lines.
func (p *pager) key(msg tea.Msg, total int) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return
	}
	g := p.c.Keys.Global
	if key.Matches(k, g.Back, g.Quit) || k.Type == tea.KeyEnter || k.Type == tea.KeyCtrlC {
		p.done = true
		return
	}
	if p.atEnd {
		p.offset = total - p.page() // where the view shows it
	}
	var moved bool
	if p.offset, moved = scrollKey(p.c.Keys.Nav, k, p.offset, p.page(), total); moved {
		p.atEnd = false
	}
}

// render draws the title, the window of lines (each cut to the width when
// cut is set) and the footer.
func (p *pager) render(title string, lines []string, cut bool) string {
	st := p.c.Styles
	page := p.page()
	if p.atEnd {
		p.offset = len(lines) - page
	}
	p.offset = max(min(p.offset, len(lines)-page), 0)
	end := min(p.offset+page, len(lines))
	w := max(p.width, 1)
	g, nav := p.c.Keys.Global, p.c.Keys.Nav
	footer := KeyHint(g.Back) + " close · " + KeyHint(nav.Down) + "/" + KeyHint(nav.Up) + " " + KeyHint(nav.Top) + "/" + KeyHint(nav.Bottom) + " scroll"
	if len(lines) > page {
		footer += fmt.Sprintf(" · lines %d-%d of %d", p.offset+1, end, len(lines))
	}
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(title, w)))
	for _, l := range lines[p.offset:end] {
		if cut {
			l = fit(l, w)
		}
		b.WriteString("\n" + l)
	}
	for i := end - p.offset; i < page; i++ {
		b.WriteString("\n")
	}
	b.WriteString("\n" + st.Muted.Render(fit(footer, min(cellWidth(footer), w))))
	return b.String()
}
