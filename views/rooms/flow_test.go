package rooms

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// Search a room by typing, open its members, add a user through the picker
// and confirm: the emulator has the new member.
func TestRoomsFlowSearchOpenAndAddViaPicker(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 3)
	roomID := makeRoom(t, h, "Zephyr Ops", us[0], us[1])
	newcomer := us[2]
	n := roomCount(t, h)

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.runes("/")
	f.typeText("zephyr")
	f.waitFor("Zephyr Ops")
	f.key(tea.KeyEnter) // keep the criteria, close the bar
	f.waitFor(roomsHits(1, n))
	f.key(tea.KeyEnter) // open the members
	f.waitFor(membersCount(3))

	f.runes("a")
	f.waitFor("Add a member to Zephyr Ops")
	f.typeText(newcomer.EmailAddress)
	f.waitFor(newcomer.DisplayName)
	f.key(tea.KeyEnter)
	f.waitFor("Add to Zephyr Ops")
	f.runes("y")
	f.waitFor("Added "+newcomer.DisplayName, membersCount(4))
	final := f.finish()

	got := roomMembership(t, h, roomID)
	if _, ok := got[newcomer.ID]; !ok || len(got) != 4 {
		t.Fatalf("members after the add: %v; want the three plus %d", keysOf(got), newcomer.ID)
	}
	v := final.Views()[0].(*Tab)
	if v.members == nil || v.members.roomID != roomID || len(v.members.list) != 4 {
		t.Fatalf("the members view should show the room's 4 members")
	}
	if !strings.Contains(v.View(), newcomer.DisplayName) {
		t.Fatalf("the new member is not listed:\n%s", v.View())
	}
}

// Remove a member: declining the dialog changes nothing, confirming removes
// only that member.
func TestRoomsFlowRemoveMemberDeclineThenConfirm(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 2)
	roomID := makeRoom(t, h, "Zephyr Removal", us[0], us[1])
	gone, stays := us[0], us[1]

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Removal", 3)
	f.runes("/")
	f.typeText(gone.EmailAddress)
	f.key(tea.KeyEnter)
	f.waitFor("1 of 3")

	f.runes("X")
	f.waitFor("Remove from Zephyr Removal: 1 item?")
	f.key(tea.KeyEnter) // the default is No
	f.waitFor("nothing changed")
	if got := roomMembership(t, h, roomID); len(got) != 3 {
		t.Fatalf("declining removed someone: %v", keysOf(got))
	}

	f.runes("X")
	f.waitFor("Remove from Zephyr Removal: 1 item?")
	f.runes("y")
	f.waitFor("Removed "+gone.DisplayName, membersCount(2))
	f.finish()

	got := roomMembership(t, h, roomID)
	if _, ok := got[gone.ID]; ok {
		t.Fatalf("%d is still a member", gone.ID)
	}
	if _, ok := got[stays.ID]; !ok || len(got) != 2 {
		t.Fatalf("members after the removal: %v; want the bot and %d", keysOf(got), stays.ID)
	}
}

// Promote two marked members at once, then demote one.
func TestRoomsFlowPromoteMarkedThenDemote(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 2)
	roomID := makeRoom(t, h, "Zephyr Owners", us[0], us[1])

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Owners", 3)
	// Rows are in join order: the bot (creator), then the two members.
	f.runes("j")
	f.runes(" ")
	f.runes(" ")
	f.runes("+")
	f.waitFor("Make owner of Zephyr Owners: 2 items?")
	f.runes("y")
	f.waitFor("Promoted to owner 2 members", "3 owners")
	if got := roomMembership(t, h, roomID); !got[us[0].ID] || !got[us[1].ID] {
		t.Fatalf("both should be owners: %v", got)
	}

	f.runes("g") // top: the bot
	f.runes("j") // the first member
	f.runes("-")
	f.waitFor("Demote owner of Zephyr Owners: 1 item?")
	f.runes("y")
	f.waitFor("Demoted "+us[0].DisplayName, "2 owners")
	f.finish()

	got := roomMembership(t, h, roomID)
	if got[us[0].ID] || !got[us[1].ID] {
		t.Fatalf("owners after the demotion: %v; want only %d (and the bot)", got, us[1].ID)
	}
}

// Paste a list of emails: the preview sorts them into found, already a
// member and not found; confirming adds the found ones only.
func TestRoomsFlowBulkAddPastedEmails(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 3)
	roomID := makeRoom(t, h, "Zephyr Bulk", us[0])

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Bulk", 2)
	f.runes("b")
	f.waitFor("Add many to Zephyr Bulk")
	paste := us[1].EmailAddress + "\n" + us[2].EmailAddress + ", nobody@nowhere.invalid\n" + us[0].EmailAddress + "\n"
	f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(paste), Paste: true})
	f.waitFor("4 entries")
	f.key(tea.KeyEnter)
	f.waitFor("Not found (1)")
	f.runes("y")
	f.waitFor("Added 2 members", membersCount(4))
	f.finish()

	got := roomMembership(t, h, roomID)
	for _, u := range us {
		if _, ok := got[u.ID]; !ok {
			t.Errorf("%s is not a member", u.EmailAddress)
		}
	}
	if len(got) != 4 {
		t.Fatalf("members: %v; want the bot and three users", keysOf(got))
	}
}

// Read-only: the mutating keys are not bound (and not offered), pressing
// them opens nothing and the pod sees no change.
func TestRoomsFlowReadOnlyChangesNothing(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithReadOnly())
	us := plainUsers(t, h, 2)
	roomID := makeRoom(t, h, "Zephyr Locked", us[0], us[1])
	before := membershipWrites(h)

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	for _, k := range []string{"a", "e", "D", "R"} {
		f.runes(k)
	}
	f.openRoom("Zephyr Locked", 3)
	f.runes("j")
	for _, k := range []string{"X", "+", "-", "a", "b"} {
		f.runes(k)
	}
	f.tm.Send(tea.KeyMsg{Type: tea.KeyDelete})
	// Keys are handled in order: once the filter shows, every key above was
	// handled (and none opened a dialog, which would have taken these keys).
	f.runes("/")
	f.typeText("zzz")
	f.waitFor("0 of 3")
	final := f.finish()

	if n := membershipWrites(h) - before; n != 0 {
		t.Fatalf("read-only mode sent %d changes", n)
	}
	if got := roomMembership(t, h, roomID); len(got) != 3 {
		t.Fatalf("membership changed: %v", keysOf(got))
	}
	out := final.View()
	lines := strings.Split(out, "\n")
	hints := lines[len(lines)-1]
	for _, word := range []string{"remove", "make owner", "demote", "bulk add", "add", "deactivate"} {
		if strings.Contains(hints, word) {
			t.Errorf("read-only hints offer %q: %s", word, hints)
		}
	}
	for _, dialog := range []string{"Add to", "Remove from", "Make owner of", "Demote owner of", "Add a member", "Add many"} {
		if strings.Contains(out, dialog) {
			t.Errorf("a dialog opened in read-only mode:\n%s", out)
		}
	}
	v := final.Views()[0].(*Tab)
	for _, b := range v.KeyBindings() {
		if b.Enabled() && (b.Help().Desc == "remove" || b.Help().Desc == "add" || b.Help().Desc == "bulk add" ||
			b.Help().Desc == "make owner" || b.Help().Desc == "demote owner") {
			t.Errorf("binding %q is enabled in read-only mode", b.Help().Desc)
		}
	}
	if _, err := h.Client.RoomMembers(h.Ctx(t), roomID); err != nil {
		t.Fatalf("reads must still work: %v", err)
	}
	if err := h.Client.RemoveMember(h.Ctx(t), roomID, us[0].ID); !errors.Is(err, pod.ErrReadOnly) {
		t.Fatalf("the read-only client should refuse a removal itself, got %v", err)
	}
}
