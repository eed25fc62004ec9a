package users

import tea "github.com/charmbracelet/bubbletea"

// mouse: a click or the wheel on the table moves the cursor, as the
// navigation keys do (the detail pane follows).
func (v *Tab) mouse(msg tea.MouseMsg) tea.Cmd {
	if v.rooms != nil {
		v.rooms.table.HandleMouse(msg)
		return nil
	}
	if v.inputOpen || !v.table.HandleMouse(msg) {
		return nil
	}
	return v.scheduleDetail()
}
