package rooms

import (
	"testing"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// keyedRooms builds the Rooms tab over c twice, the second with the members
// sub-view open, so their bindings can be read without a pod.
func keyedRooms(t *testing.T, c *ui.Common) (rooms, members *Tab) {
	t.Helper()
	rooms = New(c, tab.Deps{})
	members = New(c, tab.Deps{})
	members.SetSize(120, 30)
	members.openMembers(roomsFixture("room-1", "Ops Room", true))
	members.Update(ui.Result[memberList]{View: ViewID, Gen: members.members.gen.Current(),
		Value: memberList{RoomID: "room-1", Members: []pod.MemberInfo{{ID: 1, Owner: true}, {ID: 2}}}})
	return rooms, members
}

// Every key the Rooms tab and its members sub-view offer is a keymap
// binding: rebinding in keys.yaml, conflict checks and read-only mode reach
// all of them.
func TestRoomsBindingsComeFromTheKeyMap(t *testing.T) {
	c := viewtest.NewCommon(false)
	rooms, members := keyedRooms(t, c)
	viewtest.CheckKeyMapBindings(t, c, map[string]ui.View{"rooms": rooms, "members": members})
}

// A rebinding reaches the members' bulk add: the new key works, the old
// one no longer does.
func TestRoomsActionsFollowRebinding(t *testing.T) {
	c := viewtest.NewCommon(false)
	if err := c.Keys.Rebind(map[string][]string{"action.bulk_add": {"B"}}); err != nil {
		t.Fatal(err)
	}
	_, members := keyedRooms(t, c)
	if _, cmd := members.Update(roomsKeyRunes("b")); cmd != nil {
		t.Error("b still opens bulk add after it was rebound")
	}
	if _, cmd := members.Update(roomsKeyRunes("B")); cmd == nil {
		t.Error("B does not open bulk add")
	}
}
