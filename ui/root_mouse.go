package ui

import tea "github.com/charmbracelet/bubbletea"

// handleMouse acts on a click or the wheel, on what the last frame showed:
// a tab is shown, a dialog button answers as its key would, the wheel
// scrolls a dialog; in the body, the view under the pointer gets the
// message (its table moves the cursor to a clicked row). With the mouse
// off, or the command line open, nothing happens; nor does a click reach a
// view whose text input has focus.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	ev := tea.MouseEvent(msg)
	if !m.c.Mouse || m.cmdline.active || (!isClick(ev) && wheel(ev) == 0) {
		return nil
	}
	if m.modal != nil {
		if !m.modalFits() {
			return nil // nothing of it is on screen to scroll or click
		}
		if d := wheel(ev); d != 0 {
			k := tea.KeyMsg{Type: tea.KeyDown}
			if d < 0 {
				k.Type = tea.KeyUp
			}
			return m.updateModal(k)
		}
		if k, ok := m.buttonKey(ev.X, ev.Y); ok {
			return m.updateModal(k)
		}
		return nil
	}
	if z, ok := m.c.zoneAt(ev.X, ev.Y, zoneTab, zoneTab+m.tabs); ok && isClick(ev) {
		m.SetActive(z.id - zoneTab)
		return nil
	}
	v := m.viewAt(ev.X, ev.Y)
	if v < 0 || m.views[v].InputFocused() {
		return nil
	}
	return m.updateView(v, msg)
}

// buttonKey is the key a click at x, y on a dialog button stands for.
func (m *Model) buttonKey(x, y int) (tea.KeyMsg, bool) {
	z, ok := m.c.zoneAt(x, y, zoneYes, zoneNo+1)
	if !ok {
		return tea.KeyMsg{}, false
	}
	dk := m.c.Keys.Dialog
	if z.id == zoneYes {
		return keyFor(dk.Yes)
	}
	return keyFor(dk.No)
}

// viewAt is the index of the view drawn at x, y of the body, or -1.
func (m *Model) viewAt(x, y int) int {
	top := chromeHeight - 1
	if y < top || y >= top+m.bodyHeight() {
		return -1
	}
	switch {
	case m.shown >= 0:
		return m.shown
	case m.paneMode == PaneZoomed && m.pane >= 0:
		return m.pane
	case m.active >= m.tabs:
		return -1
	case m.paneBeside() && x >= m.c.Width-m.paneWidth():
		return m.pane
	}
	return m.active
}
