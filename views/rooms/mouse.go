package rooms

import tea "github.com/charmbracelet/bubbletea"

// mouse: a click or the wheel on the members' or the rooms' table moves
// the cursor, as the navigation keys do (the room's detail follows).
func (v *Tab) mouse(msg tea.MouseMsg) tea.Cmd {
	if m := v.members; m != nil {
		m.table.HandleMouse(msg)
		return nil
	}
	if v.bar.open || !v.table.HandleMouse(msg) {
		return nil
	}
	v.refreshDetail()
	return nil
}
