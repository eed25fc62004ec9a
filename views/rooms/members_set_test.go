package rooms

import (
	"maps"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// :members set on an open room: the pasted list's plan, as a dialog;
// declining writes nothing, confirming makes the room the list (the
// account itself held back), and says nothing else is left.
func TestMembersSetFlow(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 4)
	roomID := makeRoom(t, h, "Zephyr Set", us[0], us[1], us[2])
	paste := us[0].EmailAddress + ", " + us[3].EmailAddress + "\nnobody@example.invalid"

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Set", 4)
	h.Emu.ResetStats()
	open := func() {
		f.runes(":")
		f.typeText("members set")
		f.key(tea.KeyEnter)
		f.waitFor("Members of Zephyr Set, exactly")
		f.typeText(paste)
		f.key(tea.KeyEnter)
		f.waitFor("Set the members of Zephyr Set: 3 changes?", "To remove (2)", us[1].DisplayName, "To add (1)", us[3].DisplayName,
			"Held back (1)", "it is the account making the changes", "Unknown, skipped (1)", "nobody@example.invalid", "Unchanged: 1")
	}
	open()
	f.key(tea.KeyEnter) // the default is No
	f.waitFor("nothing changed")
	if n := membershipWrites(h); n != 0 {
		t.Fatalf("declining the plan wrote %d changes", n)
	}

	open()
	f.runes("y")
	f.waitFor("Members of Zephyr Set: 3 of 3 changes made · nothing left but the 1 held back", membersCount(3))
	f.finish()
	want := map[int64]bool{h.Emu.Credentials.BotUserID: true, us[0].ID: false, us[3].ID: false}
	if got := roomMembership(t, h, roomID); !maps.Equal(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
}

// :members set needs an open room.
func TestMembersSetNeedsARoom(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.runes(":")
	f.typeText("members set")
	f.key(tea.KeyEnter)
	f.waitFor("open a room first")
	f.finish()
}

// ":members set" with no room open is refused where it was typed (the
// root then stays on the tab shown); with a room open it goes through.
func TestMembersSetRefusedWithoutARoom(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(120, 30)
	cmd := v.RefuseCommand(ui.CommandMsg{Name: "members", Arg: "set"})
	if cmd == nil {
		t.Fatal("no refusal with no room open")
	}
	if msg, ok := cmd().(ui.StatusMsg); !ok || !strings.Contains(msg.Text, "open a room first") {
		t.Fatalf("refusal %#v", msg)
	}
	if v.RefuseCommand(ui.CommandMsg{Name: "room", Arg: "Ops"}) != nil {
		t.Fatal(":room refused")
	}
	v.openMembers(roomsFixture("room-1", "Ops Room", true))
	if v.RefuseCommand(ui.CommandMsg{Name: "members", Arg: "set"}) != nil {
		t.Fatal(":members set refused with a room open")
	}
}

// A pasted list that names no active user of the pod would empty the room:
// it is refused before any plan, and nothing is written.
func TestMembersSetRefusesAListOfNoOne(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 2)
	makeRoom(t, h, "Zephyr Keep", us[0], us[1])
	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Keep", 3)
	h.Emu.ResetStats()
	f.runes(":")
	f.typeText("members set")
	f.key(tea.KeyEnter)
	f.waitFor("Members of Zephyr Keep, exactly")
	f.typeText("nobody@example.invalid ghost.user")
	f.key(tea.KeyEnter)
	f.waitFor("no active user of the pod among the 2 entries (2 unknown, 0 disabled): nothing changed")
	f.finish()
	if n := membershipWrites(h); n != 0 {
		t.Fatalf("a list of no one wrote %d changes", n)
	}
}
