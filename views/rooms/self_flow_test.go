package rooms

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

// A demote or remove of many marked members holds back the account the
// console signs in as, and the confirm says so; and a finished change
// unmarks only the members it was done for: one the pod refused stays
// marked, so that a retry is one key.
func TestMembersFlowBulkHoldsBackSelfAndKeepsFailedMarked(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	us := plainUsers(t, h, 2)
	owned := makeRoom(t, h, "Zephyr Self", us[0])
	if err := h.Admin.PromoteOwner(ctx, owned, us[0].ID); err != nil {
		t.Fatal(err)
	}
	// The console is only a member here (an administrator): the user owns it alone.
	handed := makeRoom(t, h, "Zephyr Handed", us[0], us[1])
	if err := h.Admin.PromoteOwner(ctx, handed, us[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.DemoteOwner(ctx, handed, me.ID); err != nil {
		t.Fatal(err)
	}

	f := startRoomsFlow(t, h, 160, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Self", 2)
	f.key(tea.KeyCtrlA)
	f.runes("-")
	f.waitFor("Demote owner of Zephyr Self: 1 item?", "the account this console signs in as, is left out")
	f.runes("y")
	f.waitFor("Demoted " + us[0].DisplayName)
	if got := roomMembership(t, h, owned); got[us[0].ID] || !got[me.ID] {
		t.Fatalf("owners after the demote: %v; want the console's account alone", got)
	}

	f.key(tea.KeyEsc)
	f.openRoom("Zephyr Handed", 3)
	f.key(tea.KeyCtrlA)
	f.runes("X")
	f.waitFor("Remove from Zephyr Handed (as administrator): 2 items?", "the account this console signs in as, is left out")
	f.runes("y")
	f.waitFor("Cannot remove the last owner")
	if got := roomMembership(t, h, handed); len(got) != 2 || !got[us[0].ID] {
		t.Fatalf("members after the remove: %v; want the owner and the console's account", got)
	}
	final := f.finish()
	marked := final.Views()[0].(*Tab).members.table.Marked()
	slices.Sort(marked)
	// The one refused stays marked for a retry; the console's own account,
	// left out as the confirm said, does not: its mark alone would carry
	// the next key to it.
	want := []string{strconv.FormatInt(us[0].ID, 10)}
	if !slices.Equal(marked, want) {
		t.Errorf("marked after the remove: %v; want the one refused %v", marked, want)
	}
}

// Chosen alone, the console's own account is changed, and the confirm
// says whose account it is.
func TestMembersOwnAccountAloneIsNamed(t *testing.T) {
	m := &roomMembers{selfID: 7}
	if got := m.ownNote(opRemoveMember, []int64{7}); !strings.Contains(got, "the console leaves the room") {
		t.Errorf("remove of the own account alone: note %q", got)
	}
	if got := m.ownNote(opDemoteMember, []int64{7}); !strings.Contains(got, "no longer owns the room") {
		t.Errorf("demote of the own account alone: note %q", got)
	}
	for _, c := range []struct {
		op  memberOp
		ids []int64
	}{{opRemoveMember, []int64{8}}, {opRemoveMember, []int64{7, 8}}, {opPromoteMember, []int64{7}}} {
		if got := m.ownNote(c.op, c.ids); got != "" {
			t.Errorf("%v %v: note %q, want none", c.op, c.ids, got)
		}
	}
}
