package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// refusingView owns ":members", which it refuses while open is false.
type refusingView struct {
	*listView
	open bool
}

func (v *refusingView) Owns(msg tea.Msg) bool {
	if c, ok := msg.(CommandMsg); ok && c.Name == "members" {
		return true
	}
	return v.listView.Owns(msg)
}

func (v *refusingView) Update(msg tea.Msg) (View, tea.Cmd) {
	_, cmd := v.listView.Update(msg)
	return v, cmd
}

func (v *refusingView) RefuseCommand(cmd CommandMsg) tea.Cmd {
	if cmd.Name == "members" && !v.open {
		return Warn("open a room first")
	}
	return nil
}

// A command its view refuses as things stand is answered where it was
// typed: the tab on screen stays, and the view never sees the command.
func TestRootRefusedCommandKeepsTheTab(t *testing.T) {
	c := testCommon(t)
	users := newListView(c, "users", "Users", "alice")
	rooms := &refusingView{listView: newListView(c, "rooms", "Rooms", "ops")}
	m := New(c, users, rooms)
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20}, tea.BatchMsg{m.Init()})
	manualTicks(m) // the status stays until looked at

	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("members set")...)
	drive(t, m, keyMsg("enter"))
	if m.Active() != 0 || len(rooms.commands) != 0 {
		t.Fatalf("refused: active tab %d, the view got %+v", m.Active(), rooms.commands)
	}
	if !strings.Contains(m.View(), "open a room first") {
		t.Fatalf("the refusal is not on the status line:\n%s", m.View())
	}

	rooms.open = true
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("members set")...)
	drive(t, m, keyMsg("enter"))
	if m.Active() != 1 || len(rooms.commands) != 1 {
		t.Fatalf("let through: active tab %d, the view got %+v", m.Active(), rooms.commands)
	}
}
