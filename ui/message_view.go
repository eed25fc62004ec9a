package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// messagesCommand opens the message log.
const messagesCommand = "messages"

// messagesModal is ":messages": the log, each message whole with its time
// and level, wrapped to the width, newest last; it opens at the newest.
// The navigation keys scroll; esc, q or enter close it.
type messagesModal struct {
	pager
	log []loggedMessage

	lines     []string // laid out for linesWidth
	linesWith int
}

func newMessagesModal(c *Common, log []loggedMessage) *messagesModal {
	return &messagesModal{pager: pager{c: c, atEnd: true, width: 80, height: 20}, log: log}
}

func (m *messagesModal) Update(msg tea.Msg) (Modal, tea.Cmd) {
	m.key(msg, len(m.layout()))
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
	title := fmt.Sprintf("Messages: the last %d, newest last", len(m.log))
	if len(m.log) == 0 {
		title = "Messages: none yet"
	}
	return m.render(title, m.layout(), false)
}
