package views

import (
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// keyedViews builds every view over c, with the members sub-view open, so
// their bindings can be read without a pod.
func keyedViews(t *testing.T, c *ui.Common) (users *Users, rooms, members *Rooms, conns *Connections, pane *PresencePane) {
	t.Helper()
	users = NewUsers(c, tab.Deps{})
	rooms = NewRooms(c, tab.Deps{})
	members = NewRooms(c, tab.Deps{})
	members.SetSize(120, 30)
	members.openMembers(roomsFixture("room-1", "Ops Room", true))
	members.Update(ui.Result[memberList]{View: RoomsViewID, Gen: members.members.gen.Current(),
		Value: memberList{RoomID: "room-1", Members: []pod.MemberInfo{{ID: 1, Owner: true}, {ID: 2}}}})
	conns = NewConnections(c, tab.Deps{})
	pane = NewPresencePane(c, tab.Deps{Presence: presence.New(nil, presence.Options{Interval: 5 * time.Second})})
	return users, rooms, members, conns, pane
}

// Every key a view offers is a keymap binding: rebinding in keys.yaml,
// conflict checks and read-only mode reach all of them.
func TestViewBindingsComeFromTheKeyMap(t *testing.T) {
	c := viewtest.NewCommon(false)
	var known [][]string
	for _, e := range c.Keys.Entries() {
		known = append(known, e.Binding.Keys())
	}
	users, rooms, members, conns, pane := keyedViews(t, c)
	for name, v := range map[string]ui.View{"users": users, "rooms": rooms, "members": members, "connections": conns, "presence": pane} {
		for _, b := range v.KeyBindings() {
			if !slices.ContainsFunc(known, func(ks []string) bool { return slices.Equal(ks, b.Keys()) }) {
				t.Errorf("%s offers %q (%s), which is no keymap binding", name, b.Keys(), b.Help().Desc)
			}
		}
	}
}

// A rebinding reaches the view-specific actions: the new key works, the
// old one no longer does.
func TestViewActionsFollowRebinding(t *testing.T) {
	c := viewtest.NewCommon(false)
	err := c.Keys.Rebind(map[string][]string{
		"action.bulk_add": {"B"}, "action.filter_status": {"v"}, "action.pause": {"ctrl+s"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, members, conns, pane := keyedViews(t, c)

	if _, cmd := members.Update(roomsKeyRunes("b")); cmd != nil {
		t.Error("b still opens bulk add after it was rebound")
	}
	if _, cmd := members.Update(roomsKeyRunes("B")); cmd == nil {
		t.Error("B does not open bulk add")
	}

	conns.Update(roomsKeyRunes("f"))
	if conns.filter != 0 {
		t.Error("f still changes the status filter after it was rebound")
	}
	conns.Update(roomsKeyRunes("v"))
	if conns.filter != 1 {
		t.Errorf("v: filter %d; want the next status", conns.filter)
	}

	pane.Update(roomsKeyRunes("z"))
	if pane.tr.Snapshot(0).Paused {
		t.Error("z still pauses after pause was rebound")
	}
	pane.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !pane.tr.Snapshot(0).Paused {
		t.Error("ctrl+s does not pause")
	}
}
