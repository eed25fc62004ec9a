package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/redact"
)

// maxErrorLines: an error may take this many status lines, so that its
// cause shows without a dialog; the body gives them back at the next key.
const maxErrorLines = 3

func (m *Model) statusHeight() int { return max(len(m.errorLines()), 1) }

// errorLines is the error on the status line wrapped to the width (nil when
// no error shows): at most maxErrorLines, and never so many that the body
// has no line; a longer error ends in "…".
func (m *Model) errorLines() []string {
	if m.cmdline.active || m.status.text == "" || m.status.level != LevelError {
		return nil
	}
	w := max(m.c.Width, 1)
	limit := min(maxErrorLines, max(m.c.Height-chromeHeight, 1))
	k := errorWrapKey{m.status.seq, w, limit}
	if k == m.errKey {
		return m.errLines
	}
	ls := strings.Split(ansi.Wrap("error: "+m.status.text, w, ""), "\n")
	if len(ls) > limit {
		last := m.cutLine(strings.Join(ls[limit-1:], " "), w)
		ls = ls[:limit]
		ls[limit-1] = last
	}
	m.errKey, m.errLines = k, ls
	return ls
}

// cutLine fits a status line to w cells: it keeps the start, where a
// message says what happened, and marks the cut with where to read the
// rest ("… :messages"), or with "…" alone when the line is too narrow.
func (m *Model) cutLine(s string, w int) string {
	if cellWidth(s) <= w {
		return s
	}
	more := "… " + KeyHint(m.c.Keys.Global.Command) + messagesCommand
	if w >= cellWidth(more)+12 {
		return ansi.Truncate(s, w-cellWidth(more), "") + more
	}
	return ansi.Truncate(s, max(w-1, 0), "") + "…"
}

// errorWrapKey is what errorLines' result depends on.
type errorWrapKey struct{ seq, w, limit int }

func (m *Model) statusView() string {
	st := m.c.Styles
	w := m.c.Width
	if m.cmdline.active {
		return block(m.cmdline.view(w, st), w, 1)
	}
	if m.status.text != "" {
		switch m.status.level {
		case LevelError:
			ls := m.errorLines()
			styled := make([]string, len(ls)) // not in place: errLines is a cache
			for i, l := range ls {
				styled[i] = st.StatusError.Render(l)
			}
			return block(strings.Join(styled, "\n"), w, len(ls))
		case LevelWarning:
			return block(st.StatusWarn.Render(m.cutLine("! "+m.status.text, w)), w, 1)
		}
		return block(st.StatusInfo.Render(m.cutLine(m.status.text, w)), w, 1)
	}
	if m.modal != nil {
		return block("", w, 1) // dialogs show their own keys; q and : do nothing there
	}
	return block(m.hints(), w, 1)
}

// hints: the focused view's first bindings, then the essentials, fitted to
// the width. The rendered line is reused while the bindings it shows and
// the width are the same.
func (m *Model) hints() string {
	var bs []key.Binding
	if f := m.focused(); f >= 0 && f < len(m.views) {
		bs = append(bs, m.views[f].KeyBindings()...)
	}
	g := m.c.Keys.Global
	var kb strings.Builder
	fmt.Fprintf(&kb, "%d\x00", m.c.Width)
	for _, b := range append(bs, g.Help, g.Command, g.Quit) {
		if b.Enabled() {
			kb.WriteString(b.Help().Key)
			kb.WriteByte(0)
			kb.WriteString(b.Help().Desc)
			kb.WriteByte(0)
		}
	}
	if k := kb.String(); k != m.hintsKey {
		m.hintsKey, m.hintsLine = k, m.renderHints(bs, m.c.Width)
	}
	return m.hintsLine
}

// maxViewHints: more than this many of a view's bindings make the line
// hard to scan even when they fit; help lists them all.
const maxViewHints = 6

// renderHints lays out the view's hints (its own actions first, then the
// table's; moving needs no hint) and "? help  : command  q quit" in w
// cells. When they do not fit, whole hints go from the view's end (and
// ": command" with the first of them), marked by "…"; "? help" always
// stays, "q quit" while there is room.
func (m *Model) renderHints(bs []key.Binding, w int) string {
	st := m.c.Styles
	g := m.c.Keys.Global
	generic := map[string]int{}
	for _, e := range m.c.Keys.Entries() {
		switch e.Group {
		case "Navigation":
			generic[e.Binding.Help().Desc] = 2
		case "Table":
			generic[e.Binding.Help().Desc] = 1
		}
	}
	hint := func(b key.Binding) string {
		return st.HintKey.Render(b.Help().Key) + " " + st.HintDesc.Render(b.Help().Desc)
	}
	var view []string
	for _, pass := range []int{0, 1} {
		for _, b := range bs {
			if generic[b.Help().Desc] == pass && b.Enabled() && len(view) < maxViewHints {
				view = append(view, hint(b))
			}
		}
	}
	var full, short []string // the essentials, and those kept when hints are dropped
	for _, b := range []key.Binding{g.Help, g.Command, g.Quit} {
		if b.Enabled() {
			full = append(full, hint(b))
			if !sameBinding(b, g.Command) {
				short = append(short, hint(b))
			}
		}
	}
	join := func(parts ...[]string) string {
		var all []string
		for _, p := range parts {
			all = append(all, p...)
		}
		return strings.Join(all, "  ")
	}
	if line := join(view, full); ansi.StringWidth(line) <= w {
		return line
	}
	more := []string{st.Muted.Render("…")}
	for len(short) > 0 {
		for n := len(view); n >= 0; n-- {
			if line := join(view[:n], more, short); ansi.StringWidth(line) <= w {
				return line
			}
		}
		if len(short) == 1 {
			break
		}
		short = short[:1] // "? help" alone
	}
	return ansi.Truncate(join(short), w, "…")
}

// say shows text on the status line and logs it for :messages, with what
// is shaped like a secret withheld as the API log withholds it: a value
// the operator typed (":user eyJ…") comes back in errors.
func (m *Model) say(l Level, text string) tea.Cmd { return m.show(l, redact.Secrets(text)) }

// stale reports a correction of a note the status line no longer shows.
func (m *Model) stale(msg StatusMsg) bool {
	return msg.Replaces != "" && m.status.text != Sanitize(redact.Secrets(msg.Replaces))
}

// show is say without the withholding: for a text known to hold no secret.
func (m *Model) show(l Level, text string) tea.Cmd {
	cmd := m.status.show(l, text, m.tick)
	m.log.add(m.c.now(), l, m.status.text)
	return cmd
}

// logConnState logs the error of a new connection state: the header can
// show only the start of it. While the state lasts, the errors of the
// calls that keep failing (each naming its own request) are not logged
// again, or an outage would fill the log. A retry that recovers (a 5xx, a
// lost answer, then connected again) is no change of the connection: it
// is logged only if it does not, when the connection goes offline or
// :messages opens while it lasts.
func (m *Model) logConnState(msg ConnStateMsg) {
	switch {
	case msg.State == ConnConnected:
		m.retrying = nil
		return
	case msg.Err == nil || (m.conn.State == msg.State && m.conn.Err != nil):
		return
	}
	e := loggedMessage{at: m.c.now(), level: LevelWarning, text: "connection " + msg.State.String() + ": " + Sanitize(redact.Secrets(msg.Err.Error()))}
	if msg.State == ConnRetrying {
		if len(m.retrying) < maxRetryingHeld {
			m.retrying = append(m.retrying, e)
		}
		return
	}
	if msg.State == ConnOffline {
		e.level = LevelError
	}
	m.flushRetrying()
	m.log.add(e.at, e.level, e.text)
}

// maxRetryingHeld bounds the retries held back: the first few say it.
const maxRetryingHeld = 8

// flushRetrying logs the retries held back: they did not recover.
func (m *Model) flushRetrying() {
	for _, e := range m.retrying {
		m.log.add(e.at, e.level, e.text)
	}
	m.retrying = nil
}
