package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// With three tabs, 4 does nothing and help does not offer it; 1..3 work.
func TestRootTabKeysBeyondTheTabsAreOff(t *testing.T) {
	c := testCommon(t)
	m := New(c, newListView(c, "users", "Users", "alice"), newListView(c, "rooms", "Rooms", "ops"),
		newListView(c, "conns", "Connections", "bob"))
	drive(t, m, tea.WindowSizeMsg{Width: 140, Height: 60}, tea.BatchMsg{m.Init()})
	drive(t, m, keyMsg("3"))
	if m.Active() != 2 {
		t.Fatalf("3: active %d", m.Active())
	}
	drive(t, m, keyMsg("4"))
	if m.Active() != 2 {
		t.Fatalf("4 with three tabs: active %d", m.Active())
	}
	drive(t, m, keyMsg("?"))
	out := m.View()
	if !strings.Contains(out, "tab 3") || strings.Contains(out, "tab 4") {
		t.Errorf("help with three tabs:\n%s", out)
	}
}

// With presence as tab 4 and the side pane (as the console has it), 4 and
// :presence show the tab.
func TestRootFourthTabIsAlsoThePane(t *testing.T) {
	c := testCommon(t)
	m := New(c, newListView(c, "users", "Users", "alice"), newListView(c, "rooms", "Rooms", "ops"),
		newListView(c, "conns", "Connections", "bob"), newListView(c, "presence", "Presence", "alice AVAILABLE"))
	m.SetSidePaneTab(3)
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, tea.BatchMsg{m.Init()})
	drive(t, m, keyMsg("4"))
	if m.Active() != 3 || !strings.Contains(m.View(), "AVAILABLE") {
		t.Fatalf("4: active %d\n%s", m.Active(), m.View())
	}
	drive(t, m, keyMsg("1"), keyMsg(":"))
	drive(t, m, typeKeys("presence")...)
	drive(t, m, keyMsg("enter"))
	if m.Active() != 3 || m.PaneMode() == PaneZoomed {
		t.Fatalf(":presence: active %d mode %v", m.Active(), m.PaneMode())
	}
	drive(t, m, keyMsg("?"))
	if out := m.View(); !strings.Contains(out, "tab 4") {
		t.Errorf("help with four tabs lacks tab 4:\n%s", out)
	}
}
