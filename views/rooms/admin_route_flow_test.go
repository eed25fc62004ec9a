package rooms

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// ownedBy makes a room whose only owner is owner and which the bot (an
// administrator) left: it manages it from outside.
func ownedBy(t *testing.T, h *viewtest.Harness, name string, owner pod.User, members ...pod.User) string {
	t.Helper()
	id := makeRoom(t, h, name, append([]pod.User{owner}, members...)...)
	ctx := h.Ctx(t)
	if err := h.Admin.PromoteOwner(ctx, id, owner.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.RemoveMember(ctx, id, h.Emu.Credentials.BotUserID); err != nil {
		t.Fatal(err)
	}
	return id
}

// An administrator in a room it does not own adds and removes through the
// admin endpoints, and is told plainly that only an owner can promote.
func TestRoomsFlowAdministratorOutsideTheRoom(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 5)
	owner, member, newcomer := us[0], us[1], us[2]
	roomID := ownedBy(t, h, "Outpost Desk", owner, member)
	h.Emu.ResetStats()

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Outpost Desk", 2)

	f.runes("a")
	f.waitFor("Add a member to Outpost Desk")
	f.typeText(newcomer.EmailAddress)
	f.waitFor(newcomer.DisplayName)
	f.key(tea.KeyEnter)
	f.waitFor("Add to Outpost Desk (as administrator)")
	f.runes("y")
	f.waitFor("Added "+newcomer.DisplayName, membersCount(3))

	f.runes("j") // the member, after the owner
	f.runes("+")
	f.waitFor("cannot promote in Outpost Desk: only an owner of the room can promote")

	f.runes("X")
	f.waitFor("Remove from Outpost Desk (as administrator): 1 item?")
	f.runes("y")
	f.waitFor("Removed "+member.DisplayName, membersCount(2))

	// Many at once take the admin endpoint too, and the preview says so.
	f.runes("b")
	f.waitFor("Add many to Outpost Desk")
	f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(us[3].EmailAddress + "\n" + us[4].EmailAddress + "\n"), Paste: true})
	f.waitFor("2 entries")
	f.key(tea.KeyEnter)
	f.waitFor("Add to Outpost Desk (as administrator): 2 users?")
	f.runes("y")
	f.waitFor("Added 2 members", membersCount(4))
	f.finish()

	got := roomMembership(t, h, roomID)
	if len(got) != 4 || !got[owner.ID] || got[newcomer.ID] || got[us[3].ID] || got[us[4].ID] {
		t.Fatalf("members %v: want the owner and three plain members", got)
	}
	st := h.Emu.Stats().Routes
	for route, n := range map[string]int{
		"POST /pod/v1/admin/room/{id}/membership/add":    3,
		"POST /pod/v1/admin/room/{id}/membership/remove": 1,
		"POST /pod/v1/room/{id}/membership/add":          0,
		"POST /pod/v1/room/{id}/membership/remove":       0,
		"POST /pod/v1/room/{id}/membership/promoteOwner": 0,
	} {
		if st[route].Requests != n {
			t.Errorf("%s: %d requests, want %d", route, st[route].Requests, n)
		}
	}
}
