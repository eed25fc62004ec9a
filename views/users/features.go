package users

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// featuresResultMsg closes the features dialog: Changed holds only the
// features the operator flipped, with their new state.
type featuresResultMsg struct {
	Rec     userRec
	Saved   bool
	Changed []pod.Feature
}

// featuresModal lists a user's features: up/down move, space toggles,
// enter saves, esc cancels.
type featuresModal struct {
	c        *ui.Common
	rec      userRec
	features []pod.Feature
	was      []bool
	cursor   int
	done     bool
	result   featuresResultMsg
	width    int
	height   int
}

func newFeaturesModal(c *ui.Common, r userRec, fs []pod.Feature) *featuresModal {
	m := &featuresModal{c: c, rec: r, features: append([]pod.Feature(nil), fs...), width: 60, height: 20}
	m.was = make([]bool, len(fs))
	for i, f := range fs {
		m.was[i] = f.Enabled
	}
	return m
}

// SetSize implements ui.Modal.
func (m *featuresModal) SetSize(w, h int) { m.width, m.height = w, h }

// Done implements ui.Modal.
func (m *featuresModal) Done() (tea.Msg, bool) { return m.result, m.done }

// Update implements ui.Modal.
func (m *featuresModal) Update(msg tea.Msg) (ui.Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || m.done {
		return m, nil
	}
	km := m.c.Keys
	switch {
	case key.Matches(k, km.Dialog.Cancel) || k.Type == tea.KeyCtrlC:
		m.done, m.result = true, featuresResultMsg{Rec: m.rec}
	case key.Matches(k, km.Dialog.Up, km.Nav.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, km.Dialog.Down, km.Nav.Down):
		m.cursor = min(m.cursor+1, max(len(m.features)-1, 0))
	case key.Matches(k, km.Form.Toggle):
		if m.cursor < len(m.features) {
			m.features[m.cursor].Enabled = !m.features[m.cursor].Enabled
		}
	case key.Matches(k, km.Dialog.Confirm):
		var changed []pod.Feature
		for i, f := range m.features {
			if f.Enabled != m.was[i] {
				changed = append(changed, f)
			}
		}
		m.done, m.result = true, featuresResultMsg{Rec: m.rec, Saved: true, Changed: changed}
	}
	return m, nil
}

// View implements ui.Modal.
func (m *featuresModal) View() string {
	st := m.c.Styles
	inner := max(min(m.width-4, 60), 24)
	rows := max(min(m.height-6, len(m.features)), 1)
	top := max(m.cursor-rows+1, 0)
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(tab.FitCells("Features of "+m.rec.label(), inner)))
	for i := top; i < len(m.features) && i < top+rows; i++ {
		f := m.features[i]
		box := "[ ]"
		if f.Enabled {
			box = "[x]"
		}
		changed := " "
		if f.Enabled != m.was[i] {
			changed = "*"
		}
		line := tab.FitCells(box+changed+ui.Sanitize(f.Entitlement), inner-2)
		if i == m.cursor {
			b.WriteString("\n" + st.TableCursor.Render("> "+line))
		} else {
			b.WriteString("\n  " + line)
		}
	}
	help := m.c.Keys.Form.Toggle.Help().Key + " toggle · " + m.c.Keys.Dialog.Confirm.Help().Key + " save · " +
		m.c.Keys.Dialog.Cancel.Help().Key + " cancel"
	b.WriteString("\n\n" + st.Muted.Render(tab.FitCells(help, inner)))
	return st.DialogBorder.Render(b.String())
}
