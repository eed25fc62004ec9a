package views

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/connections"
	"symtui/views/internal/viewtest"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/tab"
	"symtui/views/users"
)

// wholeConsole is the console on c over h's pod, w x hgt: the four tabs,
// each loaded, and presence as the side pane (tab 4) fed a fixed snapshot
// of three named users.
func wholeConsole(t *testing.T, h *viewtest.Harness, c *ui.Common, w, hgt int) (*ui.Model, []ui.View) {
	t.Helper()
	usersTab := users.New(c, h.Deps).WithTimer(viewtest.Immediate)
	roomsTab := rooms.New(c, h.Deps)
	conns := connections.New(c, h.Deps)
	paneDeps := tab.Deps{Presence: presence.New(nil, presence.Options{Interval: 5 * time.Second}), Names: tab.NewNames()}
	paneDeps.Names.Put(pod.User{ID: 1, DisplayName: "Ada Lovelace"}, pod.User{ID: 2, DisplayName: "Alan Turing"}, pod.User{ID: 3, DisplayName: "Grace Hopper"})
	pane := presencetab.NewPane(c, paneDeps)
	root := ui.New(c, usersTab, roomsTab, conns, pane)
	root.SetSidePaneTab(3)
	root.Update(tea.WindowSizeMsg{Width: w, Height: hgt})
	for _, v := range []ui.View{usersTab, roomsTab, conns} {
		v.SetSize(w, hgt-3)
		viewtest.Drive(t, v, v.Init())
	}
	snap := viewtest.GoldenPresence(viewtest.Now)
	pane.Update(tab.PresenceChangedMsg{Seq: snap.Seq, Complete: true, State: snap})
	return root, []ui.View{usersTab, roomsTab, conns, pane}
}
