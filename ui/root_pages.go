package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Pages are views the tab bar does not list (the API log, the audit
// trail): a page is shown over the tabs, full screen, by its command (its
// title as a command, as a tab's) or its key, and esc goes back to the tab
// (unless the page has something of its own to back out of, Backer).
// Switching tabs or the side pane leaves it too. Like every view it gets
// the messages it owns while it is not shown.

// Shower is implemented by a page that wants to know when it is shown and
// when it leaves the screen: to load the first time it shows, to follow
// what changes only while it is seen.
type Shower interface {
	Shown() tea.Cmd
	Hidden()
}

// Summarizer is implemented by a view that says in a phrase what it
// holds, for :info: "2,000 users (1,990 enabled, 10 disabled)", and
// whether its loading is done.
type Summarizer interface {
	Summary() string
}

// page is a view of m.views that is a page, and the key that shows it.
type page struct {
	index int
	show  key.Binding
}

const (
	infoCommand   = "info"
	exportCommand = "export"
)

// AddPage adds v as a page, shown by its command and by the show key (a
// binding of the keymap, so help lists it; unbound: by the command only).
// Add pages after the side pane.
func (m *Model) AddPage(v View, show key.Binding) {
	m.views = append(m.views, v)
	m.pages = append(m.pages, page{index: len(m.views) - 1, show: show})
}

// shiftPages renumbers the pages after the view at i was removed.
func (m *Model) shiftPages(i int) {
	for k := range m.pages {
		if m.pages[k].index > i {
			m.pages[k].index--
		}
	}
	if m.shown > i {
		m.shown--
	}
}

// ShownPage is the page on screen, if any.
func (m *Model) ShownPage() (View, bool) {
	if m.shown < 0 {
		return nil, false
	}
	return m.views[m.shown], true
}

func (m *Model) isPage(i int) bool {
	return slices.ContainsFunc(m.pages, func(p page) bool { return p.index == i })
}

// showPage puts page i on screen.
func (m *Model) showPage(i int) tea.Cmd {
	if m.shown == i {
		return nil
	}
	m.hidePage()
	m.shown = i
	m.relayout()
	if s, ok := m.views[i].(Shower); ok {
		return s.Shown()
	}
	return nil
}

// hidePage takes the page shown, if any, off the screen.
func (m *Model) hidePage() {
	if m.shown < 0 {
		return
	}
	v := m.views[m.shown]
	m.shown = -1
	m.relayout()
	if s, ok := v.(Shower); ok {
		s.Hidden()
	}
}

// pageKey shows (or, shown, hides) the page whose key k is.
func (m *Model) pageKey(k tea.KeyMsg) (tea.Cmd, bool) {
	for _, p := range m.pages {
		if key.Matches(k, p.show) {
			if m.shown == p.index {
				m.hidePage()
				return nil, true
			}
			return m.showPage(p.index), true
		}
	}
	return nil, false
}

// pageNamed is the index of the page whose command is name, -1 for none.
func (m *Model) pageNamed(name string) int {
	for _, p := range m.pages {
		if tabCommand(m.views[p.index]) == strings.ToLower(name) {
			return p.index
		}
	}
	return -1
}

// pageCommands are the pages' commands that no registered command
// describes better.
func (m *Model) pageCommands() []Command {
	var out []Command
	for _, p := range m.pages {
		name := tabCommand(m.views[p.index])
		if !slices.ContainsFunc(m.commands, func(c Command) bool { return c.Name == name }) {
			out = append(out, Command{Name: name, Help: "show " + Sanitize(m.views[p.index].Title())})
		}
	}
	return out
}

// focusedCommand hands a command that is about what is on screen
// (:export) to the focused view; one that does not own it says so.
func (m *Model) focusedCommand(name, arg string) tea.Cmd {
	msg := CommandMsg{Name: name, Arg: arg}
	f := m.focused()
	if f < 0 || f >= len(m.views) || !m.views[f].Owns(msg) {
		title := "this view"
		if f >= 0 && f < len(m.views) {
			title = Sanitize(m.views[f].Title())
		}
		return m.say(LevelError, ":"+name+" is not available in "+title)
	}
	return m.updateView(f, msg)
}

// info says the pod's totals, from what the views hold.
func (m *Model) info() tea.Cmd {
	var parts []string
	for _, v := range m.views {
		if s, ok := v.(Summarizer); ok {
			if t := s.Summary(); t != "" {
				parts = append(parts, t)
			}
		}
	}
	if len(parts) == 0 {
		return m.say(LevelInfo, "nothing loaded yet")
	}
	return m.say(LevelInfo, strings.Join(parts, " · "))
}
