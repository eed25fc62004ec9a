package rooms

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// Create a room through the form, rename it, deactivate it (declining
// once), then go back from its members to the list: the emulator holds
// each change.
func TestRoomsFlowCreateEditDeactivate(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	n := roomCount(t, h)

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.runes("a")
	f.waitFor("Create room")
	f.typeText("Zephyr Fresh")
	f.key(tea.KeyTab)
	f.typeText("Made by a test")
	f.key(tea.KeyTab)
	f.typeText("region=EMEA")
	f.key(tea.KeyEnter)
	f.waitFor("Created room Zephyr Fresh", roomsDone(n+1))

	found := searchRooms(t, h, "Zephyr Fresh")
	if len(found) != 1 || found[0].RoomAttributes.Description != "Made by a test" ||
		len(found[0].RoomAttributes.Keywords) != 1 || found[0].RoomAttributes.Keywords[0].Value != "EMEA" {
		t.Fatalf("created room: %+v", found)
	}
	id := found[0].RoomSystemInfo.ID

	// The cursor landed on the new room: edit it.
	f.runes("e")
	f.waitFor("Edit room Zephyr Fresh")
	f.key(tea.KeyCtrlC) // clear the name
	f.typeText("Zephyr Renamed")
	f.key(tea.KeyEnter)
	f.waitFor("Save 1 change?", "Zephyr Fresh → Zephyr Renamed")
	f.key(tea.KeyEnter)
	f.waitFor("Updated name for room Zephyr Renamed")

	f.runes("D")
	f.waitFor("Deactivate room")
	f.runes("n")
	f.waitFor("nothing changed")
	if r := roomInfo(t, h, id); !r.RoomSystemInfo.Active {
		t.Fatal("declining deactivated the room")
	}
	f.runes("D")
	f.waitFor("Deactivate room")
	f.runes("y")
	f.waitFor("Deactivated room Zephyr Renamed")

	// Its members: the bot alone; esc goes back to the list.
	f.key(tea.KeyEnter)
	f.waitFor(membersCount(1), "INACTIVE")
	f.runes("a") // membership is locked: said, not sent
	f.waitFor("membership is locked")
	f.key(tea.KeyEsc)
	f.waitFor("search: all rooms")
	final := f.finish()

	r := roomInfo(t, h, id)
	if r.RoomAttributes.Name != "Zephyr Renamed" || r.RoomSystemInfo.Active {
		t.Fatalf("room after the flow: name %q active %v", r.RoomAttributes.Name, r.RoomSystemInfo.Active)
	}
	v := final.Views()[0].(*Tab)
	if v.members != nil || v.table.CursorID() != id {
		t.Fatalf("back on the list with the cursor on the room: members open %v, cursor %q", v.members != nil, v.table.CursorID())
	}
}

func searchRooms(t *testing.T, h *viewtest.Harness, q string) []pod.Room {
	t.Helper()
	res, err := h.Admin.SearchRooms(h.Ctx(t), pod.RoomSearchCriteria{Query: q}, pod.RoomSearchOptions{IncludeNonDiscoverable: true})
	if err != nil {
		t.Fatalf("search rooms: %v", err)
	}
	return res.Rooms
}

func roomInfo(t *testing.T, h *viewtest.Harness, id string) pod.Room {
	t.Helper()
	r, err := h.Admin.RoomInfo(h.Ctx(t), id)
	if err != nil {
		t.Fatalf("room info: %v", err)
	}
	return r
}
