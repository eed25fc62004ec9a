package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// openModal shows md over the body; its result goes to view owner (the
// root itself when owner is -1).
func (m *Model) openModal(md Modal, owner int) {
	if m.modal != nil {
		m.waiting = append(m.waiting, waitingModal{md, owner})
		return
	}
	m.modal, m.modalOwner = md, owner
	md.SetSize(m.c.Width, m.bodyHeight())
}

// waitingModal is a modal to show once the open one closes, and the view
// its result goes to.
type waitingModal struct {
	modal Modal
	owner int
}

// closeModal closes the open modal and shows the next waiting one.
func (m *Model) closeModal() {
	m.modal = nil
	if len(m.waiting) > 0 {
		next := m.waiting[0]
		m.waiting = m.waiting[1:]
		m.openModal(next.modal, next.owner)
	}
}

// updateModal passes msg to the open modal and, when it closes, delivers
// its result to the view that opened it.
func (m *Model) updateModal(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && !m.modalFits() && !m.closesModal(k) {
		// The operator cannot read it: no key may answer it (y would
		// carry out a change never seen), only close it.
		return m.say(LevelWarning, "the dialog does not fit the terminal: enlarge it to answer, or "+KeyHint(m.c.Keys.Dialog.Cancel)+" closes it")
	}
	md, cmd := m.modal.Update(msg)
	m.modal = md
	res, done := md.Done()
	if !done {
		return cmd
	}
	owner := m.modalOwner
	m.closeModal()
	if res == nil {
		return cmd
	}
	if owner < 0 {
		return tea.Batch(cmd, m.ownResult(res))
	}
	return tea.Batch(cmd, m.updateView(owner, res))
}

// openHelp shows the keys of view f and every command. Keys that would do
// nothing here are left out: tabs that do not exist, pane keys without a
// pane.
func (m *Model) openHelp(f int) {
	g := m.c.Keys.Global
	hide := []key.Binding{g.Tab1, g.Tab2, g.Tab3, g.Tab4}[min(m.tabs, 4):]
	if m.pane < 0 {
		hide = append(hide, g.Pane, g.ZoomPane)
	}
	if len(m.pages) == 0 {
		hide = append(hide, g.Log) // a frame without the log
	}
	v := m.views[f]
	m.openModal(&helpOverlay{c: m.c, groups: helpGroups(m.c.Keys, v.Title(), v.KeyBindings(), hide...), cmds: m.allCommands()}, f)
}

// modalFits reports whether the open modal shows whole in the body, as
// bodyView draws it; when not, the body says the terminal is too small.
func (m *Model) modalFits() bool {
	v := m.modal.View()
	return lipgloss.Width(v) <= m.c.Width && lipgloss.Height(v) <= m.bodyHeight()
}

// closesModal: the keys that close a dialog without answering it.
func (m *Model) closesModal(k tea.KeyMsg) bool {
	return key.Matches(k, m.c.Keys.Dialog.Cancel, m.c.Keys.Form.Cancel)
}
