package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// chromeHeight: header, tab bar, status line.
const chromeHeight = 3

func (m *Model) bodyHeight() int { return max(m.c.Height-chromeHeight+1-m.statusHeight(), 1) }

// paneBeside reports whether the side pane is drawn next to the active tab.
func (m *Model) paneBeside() bool {
	return m.paneMode == PaneBeside && m.pane >= 0 && m.pane != m.active && m.c.Width >= paneMinWidth
}

func (m *Model) paneWidth() int {
	return min(max(m.c.Width*2/5, 30), m.c.Width-40)
}

// relayout gives each visible view its size, only when the layout changed.
func (m *Model) relayout() {
	k := layoutKey{m.c.Width, m.c.Height, m.active, m.pane, m.paneMode, m.statusHeight()}
	if k == m.layout && m.sized {
		return
	}
	m.layout = k
	bh := m.bodyHeight()
	switch {
	case m.paneMode == PaneZoomed && m.pane >= 0:
		m.views[m.pane].SetSize(m.c.Width, bh)
	case m.paneBeside():
		pw := m.paneWidth()
		if m.active < m.tabs {
			m.views[m.active].SetSize(m.c.Width-pw-1, bh)
		}
		m.views[m.pane].SetSize(pw, bh)
	case m.active < m.tabs:
		m.views[m.active].SetSize(m.c.Width, bh)
	}
	if m.modal != nil {
		m.modal.SetSize(m.c.Width, bh)
	}
}

// View renders the frame: exactly Height lines of at most Width cells.
func (m *Model) View() string {
	w, bh := m.c.Width, m.bodyHeight()
	var b strings.Builder
	b.Grow(w * (bh + chromeHeight) * 2)
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	b.WriteString(m.tabsView())
	b.WriteByte('\n')
	b.WriteString(m.bodyView(w, bh))
	b.WriteByte('\n')
	b.WriteString(m.statusView())
	frame := b.String()
	if m.c.Styles.marks {
		frame, m.c.zones = extractZones(frame, m.c.zones[:0])
	}
	safe := guardFrame(frame)
	if safe != frame {
		m.guarded++
	}
	return safe
}

// GuardedFrames is how many frames the last guard had to clean: a
// component drew something unsafe. Always 0 unless there is a bug; the
// render tests hold it there.
func (m *Model) GuardedFrames() int { return m.guarded }

func (m *Model) bodyView(w, h int) string {
	if m.modal != nil {
		return block(m.c.Styles.Renderer.Place(w, h, lipgloss.Center, lipgloss.Center, fitDialog(m.modal.View(), w, h, m.c.Styles)), w, h)
	}
	switch {
	case m.paneMode == PaneZoomed && m.pane >= 0:
		return block(m.views[m.pane].View(), w, h)
	case m.active >= m.tabs:
		return block("", w, h)
	case m.paneBeside():
		pw := m.paneWidth()
		left := block(m.views[m.active].View(), w-pw-1, h)
		right := m.c.Styles.Pane.Render(block(m.views[m.pane].View(), pw, h))
		return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	}
	return block(m.views[m.active].View(), w, h)
}

// block forces s to exactly h lines, each padded or truncated to w cells,
// so a misbehaving view cannot break the frame.
func block(s string, w, h int) string {
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	b.Grow((w + 8) * h)
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		lw := cellWidth(line)
		if lw > w {
			line = ansi.Truncate(line, w, "")
			lw = cellWidth(line)
		}
		b.WriteString(line)
		if lw < w {
			b.WriteString(strings.Repeat(" ", w-lw))
		}
	}
	return b.String()
}
