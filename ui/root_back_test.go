package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"testing"
)

// esc leaves the zoomed side pane when the pane has nothing of its own to
// back out of, and returns to the layout the zoom started from.
func TestRootEscLeavesZoomedPane(t *testing.T) {
	for _, from := range []PaneMode{PaneHidden, PaneBeside} {
		m, users, _ := newRoot(t)
		presence := newListView(m.c, "presence", "Presence", "alice AVAILABLE", "bob AWAY")
		m.SetSidePane(plainView{presence})
		if from == PaneBeside {
			drive(t, m, keyMsg("p"))
		}
		drive(t, m, keyMsg("P"))
		if m.PaneMode() != PaneZoomed {
			t.Fatalf("P: mode %v", m.PaneMode())
		}
		drive(t, m, keyMsg("esc"))
		if m.PaneMode() != from || m.Active() != 0 {
			t.Fatalf("esc from the zoom: mode %v active %d, want mode %v", m.PaneMode(), m.Active(), from)
		}
		// Unzoomed, esc is the tab's again (it clears the tab's marks).
		drive(t, m, keyMsg(" "), keyMsg("esc"))
		if len(users.table.Marked()) != 0 || m.PaneMode() != from {
			t.Fatalf("esc on the tab: marks %v mode %v", users.table.Marked(), m.PaneMode())
		}
	}
}

// A pane view that reports something to back out of gets esc first.
func TestRootEscGoesToZoomedPaneThatCanGoBack(t *testing.T) {
	m, _, _ := newRoot(t)
	presence := newListView(m.c, "presence", "Presence", "alice AVAILABLE", "bob AWAY")
	m.SetSidePane(presence)
	drive(t, m, tea.BatchMsg{presence.Init()}, keyMsg("P"), keyMsg("/"), keyMsg("b"), keyMsg("enter"))
	if presence.table.Filter() != "b" || m.PaneMode() != PaneZoomed {
		t.Fatalf("filter %q mode %v", presence.table.Filter(), m.PaneMode())
	}
	drive(t, m, keyMsg("esc"))
	if presence.table.Filter() != "" || m.PaneMode() != PaneZoomed {
		t.Fatalf("first esc: filter %q mode %v (want the filter cleared, still zoomed)", presence.table.Filter(), m.PaneMode())
	}
	drive(t, m, keyMsg("esc"))
	if m.PaneMode() != PaneHidden {
		t.Fatalf("second esc: mode %v", m.PaneMode())
	}
}

// The pane may be one of the tabs (presence is tab 4 and the pane): esc
// leaves its zoom for the tab that was active.
func TestRootEscLeavesZoomedPaneTab(t *testing.T) {
	c := testCommon(t)
	views := []View{
		newListView(c, "users", "Users", "alice"),
		newListView(c, "rooms", "Rooms", "ops"),
		newListView(c, "conns", "Connections", "bob"),
		plainView{newListView(c, "presence", "Presence", "alice AVAILABLE")},
	}
	m := New(c, views...)
	m.SetSidePaneTab(3)
	drive(t, m, keyMsg("2"), keyMsg("P"))
	if m.PaneMode() != PaneZoomed {
		t.Fatal("P did not zoom")
	}
	drive(t, m, keyMsg("esc"))
	if m.PaneMode() != PaneHidden || m.Active() != 1 {
		t.Fatalf("esc: mode %v active %d", m.PaneMode(), m.Active())
	}
}
