package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// messagesCommand opens the message log.
const messagesCommand = "messages"

// messagesModal is ":messages": the log, each message whole with its time
// and level, wrapped to the width, newest last; it opens at the newest.
// The navigation keys scroll; esc, q or enter close it.
type messagesModal struct {
	c             *Common
	log           []loggedMessage
	offset        int
	width, height int
	atEnd         bool // follow the newest until the operator scrolls
	done          bool

	lines     []string // laid out for linesWidth
	linesWith int
}

func newMessagesModal(c *Common, log []loggedMessage) *messagesModal {
	return &messagesModal{c: c, log: log, atEnd: true, width: 80, height: 20}
}

func (m *messagesModal) SetSize(w, h int)      { m.width, m.height = w, h }
func (m *messagesModal) Done() (tea.Msg, bool) { return nil, m.done }

// page is how many lines show: the body less the title and the footer.
func (m *messagesModal) page() int { return max(m.height-2, 1) }

func (m *messagesModal) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	g := m.c.Keys.Global
	if key.Matches(k, g.Back, g.Quit) || k.Type == tea.KeyEnter || k.Type == tea.KeyCtrlC {
		m.done = true
		return m, nil
	}
	if m.atEnd {
		m.offset = len(m.layout()) - m.page() // where the view shows it
	}
	var moved bool
	if m.offset, moved = scrollKey(m.c.Keys.Nav, k, m.offset, m.page(), len(m.layout())); moved {
		m.atEnd = false
	}
	return m, nil
}

// layout wraps every message to the width: "15:04:05 error  text", the
// continuation lines indented under the text.
func (m *messagesModal) layout() []string {
	w := max(m.width, 20)
	if m.lines != nil && m.linesWith == w {
		return m.lines
	}
	st := m.c.Styles
	const head = 8 + 1 + 7 + 1 // time, level, spaces
	var out []string
	for _, e := range m.log {
		text := e.text
		if e.count > 1 {
			text += fmt.Sprintf(" (×%d)", e.count)
		}
		level := fmt.Sprintf("%-7s", e.level.String())
		style := st.StatusInfo
		switch e.level {
		case LevelWarning:
			style = st.StatusWarn
		case LevelError:
			style = st.StatusError
		}
		body := strings.Split(ansi.Wrap(Sanitize(text), max(w-head, 10), ""), "\n")
		for i, l := range body {
			prefix := strings.Repeat(" ", head)
			if i == 0 {
				prefix = st.Muted.Render(e.at.Format("15:04:05")) + " " + style.Render(level) + " "
			}
			out = append(out, prefix+l)
		}
	}
	m.lines, m.linesWith = out, w
	return out
}

func (m *messagesModal) View() string {
	st := m.c.Styles
	lines := m.layout()
	page := m.page()
	if m.atEnd {
		m.offset = len(lines) - page
	}
	m.offset = max(min(m.offset, len(lines)-page), 0)
	end := min(m.offset+page, len(lines))
	title := fmt.Sprintf("Messages: the last %d, newest last", len(m.log))
	if len(m.log) == 0 {
		title = "Messages: none yet"
	}
	g, nav := m.c.Keys.Global, m.c.Keys.Nav
	footer := KeyHint(g.Back) + " close · " + KeyHint(nav.Down) + "/" + KeyHint(nav.Up) + " " + KeyHint(nav.Top) + "/" + KeyHint(nav.Bottom) + " scroll"
	if len(lines) > page {
		footer += fmt.Sprintf(" · lines %d-%d of %d", m.offset+1, end, len(lines))
	}
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(title, max(m.width, 1))))
	for _, l := range lines[m.offset:end] {
		b.WriteString("\n" + l)
	}
	for i := end - m.offset; i < page; i++ {
		b.WriteString("\n")
	}
	b.WriteString("\n" + st.Muted.Render(fit(footer, min(cellWidth(footer), max(m.width, 1)))))
	return b.String()
}
