package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Bubble Tea reports the runes of one read as one KeyRunes message:
// keys typed fast, held down, or coalesced over SSH arrive as "jjj", and
// no key binding matches "jjj". Outside text inputs the root hands them
// on one key at a time, as they were typed; inside a text input they
// stay one message, which the input takes as text.

// handleKeys routes k, one rune at a time when it carries several keys.
func (m *Model) handleKeys(k tea.KeyMsg) tea.Cmd {
	if k.Type != tea.KeyRunes || len(k.Runes) < 2 || k.Paste || m.takesText() {
		return m.handleKey(k)
	}
	return m.typeRunes(k.Runes)
}

// typeRunes handles runes as keys typed one after the other. A key may
// focus a text input (the filter, the command line): the runes after it
// are typed into it. A key other than a cursor move may open a dialog,
// which comes back as a message of its command: the runes after it are
// sent once that command has run, so the dialog gets them, as it would
// get the next key of a typist.
func (m *Model) typeRunes(runes []rune) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range runes {
		if m.takesText() {
			cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: runes[i:]}))
			break
		}
		one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		cmd := m.handleKey(one)
		if rest := runes[i+1:]; cmd != nil && len(rest) > 0 && !m.movesCursor(one) {
			cmds = append(cmds, tea.Sequence(cmd, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: rest} }))
			break
		}
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// takesText reports whether a text input has the keys: the command line,
// a dialog's input, or a view's.
func (m *Model) takesText() bool {
	switch {
	case m.cmdline.active:
		return true
	case m.modal != nil:
		t, ok := m.modal.(TextModal)
		return ok && t.InputFocused()
	}
	f := m.focused()
	return f >= 0 && f < len(m.views) && m.views[f].InputFocused()
}

// movesCursor reports a navigation key: it opens nothing.
func (m *Model) movesCursor(k tea.KeyMsg) bool {
	n := m.c.Keys.Nav
	return key.Matches(k, n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown, n.HalfPageUp, n.HalfPageDown)
}
