package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// handleKey routes a key: to the command line while it is open, else to
// the open modal, else to the focused view when it has an input focused;
// otherwise the global keys (quit, help, command line, tabs, pane) come
// first and the focused view gets the rest.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	m.status.keyPressed()
	if m.cmdline.active {
		line, submitted, cmd := m.cmdline.key(k, m.allCommands())
		if submitted {
			return tea.Batch(cmd, m.runCommand(line))
		}
		return cmd
	}
	if m.modal != nil {
		return m.updateModal(k)
	}
	f := m.focused()
	if f < 0 || f >= len(m.views) {
		if key.Matches(k, m.c.Keys.Global.Quit, m.c.Keys.Global.Interrupt) {
			return tea.Quit
		}
		return nil
	}
	if m.views[f].InputFocused() {
		return m.updateView(f, k)
	}
	g := m.c.Keys.Global
	switch {
	case key.Matches(k, g.Interrupt), key.Matches(k, g.Quit):
		return tea.Quit
	case key.Matches(k, g.Help):
		m.openHelp(f)
		return nil
	case key.Matches(k, g.Command):
		return m.cmdline.open()
	case key.Matches(k, g.NextTab):
		m.SetActive((m.active + 1) % max(m.tabs, 1))
		return nil
	case key.Matches(k, g.PrevTab):
		m.SetActive((m.active - 1 + m.tabs) % max(m.tabs, 1))
		return nil
	case key.Matches(k, g.Tab1):
		m.SetActive(0)
		return nil
	case key.Matches(k, g.Tab2):
		m.SetActive(1)
		return nil
	case key.Matches(k, g.Tab3):
		m.SetActive(2)
		return nil
	case key.Matches(k, g.Tab4):
		m.SetActive(3)
		return nil
	case key.Matches(k, g.Pane) && m.pane >= 0:
		if m.paneMode == PaneHidden {
			m.SetPaneMode(PaneBeside)
		} else {
			m.SetPaneMode(PaneHidden)
		}
		return nil
	case key.Matches(k, g.Back) && m.shown >= 0 && !canGoBack(m.views[f]):
		m.hidePage()
		return nil
	case key.Matches(k, g.Back) && m.paneMode == PaneZoomed && f == m.pane && !canGoBack(m.views[f]):
		m.SetPaneMode(m.zoomFrom)
		return nil
	case key.Matches(k, g.ZoomPane) && m.pane >= 0:
		if m.paneMode == PaneZoomed {
			m.SetPaneMode(m.zoomFrom)
		} else {
			m.SetPaneMode(PaneZoomed)
		}
		return nil
	}
	if cmd, ok := m.pageKey(k); ok {
		return cmd
	}
	if key.Matches(k, m.c.Keys.Action.Refresh) {
		m.c.Recheck() // a retry asks the pod again what it refused
	}
	return m.updateView(f, k)
}

// canGoBack reports whether v has a state of its own for esc to back out of.
func canGoBack(v View) bool {
	b, ok := v.(Backer)
	return ok && b.CanGoBack()
}
