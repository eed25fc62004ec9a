package rooms

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// Deactivating acts on the marked rooms the list shows: those the filter
// hides are left out and the confirm says so; with every marked room
// hidden nothing is done, not even to the cursor row.
func TestRoomsMarksHiddenByTheFilterAreLeftOut(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	hidden := []string{makeRoom(t, h, "Zephyr Hide One"), makeRoom(t, h, "Zephyr Hide Two")}
	keep := makeRoom(t, h, "Zephyr Keep")
	v := New(h.Common, h.Deps)
	v.SetSize(140, 40)
	viewtest.Drive(t, v, v.Init())

	v.table.SetFilter("zephyr")
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlA))
	v.table.SetFilter("zephyr keep")
	if !strings.Contains(v.View(), "3 marked, 2 hidden") {
		t.Fatalf("the footer does not count the hidden marks:\n%s", v.View())
	}
	out := viewtest.Press(t, v, viewtest.RuneKey("D"))
	if len(out.Modals) != 1 {
		t.Fatalf("no confirm; status %q", out.LastStatus())
	}
	dialog := out.Modals[0].View()
	viewtest.MustContain(t, "the confirm", dialog, "Deactivate room (no messages, membership locked): 1")
	viewtest.MustContain(t, "the confirm", dialog, "2 marked rows hidden by the filter are left out")
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if roomInfo(t, h, keep).RoomSystemInfo.Active {
		t.Error("the room shown is still active")
	}
	for _, id := range hidden {
		if !roomInfo(t, h, id).RoomSystemInfo.Active {
			t.Errorf("%s, hidden by the filter, was deactivated", id)
		}
	}

	// Only rooms the filter hides are marked: refused.
	v.table.SetFilter("zephyr keep")
	out = viewtest.Press(t, v, viewtest.RuneKey("R"))
	if len(out.Modals) != 0 {
		t.Fatalf("a confirm opened with every marked room hidden:\n%s", out.Modals[0].View())
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "nothing done: the 2 marked rows are all hidden by the filter · esc clears the filter to show them")
	if roomInfo(t, h, keep).RoomSystemInfo.Active {
		t.Error("the cursor row was reactivated in the hidden rows' stead")
	}
}

// Removing members acts on the marked members the filter shows.
func TestMembersMarksHiddenByTheFilterAreLeftOut(t *testing.T) {
	v := membersFixture(t, false)
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: 1}, pod.MemberInfo{ID: 2}, pod.MemberInfo{ID: 3}, pod.MemberInfo{ID: 4}))
	for range 3 {
		v.Update(roomsKeyRunes(" ")) // #1, #2, #3
	}
	v.members.table.SetFilter("#3")
	_, cmd := v.Update(roomsKeyRunes("X"))
	open, ok := cmd().(ui.OpenModalMsg)
	if !ok {
		t.Fatal("no confirm dialog")
	}
	open.Modal.SetSize(120, 30)
	view := open.Modal.View()
	for _, want := range []string{": 1 item?", "#3", "2 marked rows hidden by the filter are left out"} {
		viewtest.MustContain(t, "the confirm", view, want)
	}
	if strings.Contains(view, "#1") || strings.Contains(view, "#2") {
		t.Errorf("a hidden member is a target:\n%s", view)
	}

	v.members.table.SetFilter("#4")
	_, cmd = v.Update(roomsKeyRunes("X"))
	msg, ok := cmd().(ui.StatusMsg)
	if !ok || !strings.Contains(msg.Text, "the 3 marked rows are all hidden by the filter") {
		t.Fatalf("with every marked member hidden: %#v", msg)
	}
}

// A keyword whose key is only an escape shows as placeholders in the
// detail pane, as in the edit form, rather than vanishing.
func TestRoomDetailShowsAnEscapeKeyword(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(160, 40)
	r := roomsFixture("room-1", "Ops Room", true)
	r.RoomAttributes.Keywords = []pod.RoomTag{{Key: "\x1b[2J", Value: "\u202ebad"}, {Key: "region", Value: "EMEA"}}
	v.Update(roomsPageMsg(v, 0, 1, r))
	out := v.View()
	viewtest.MustContain(t, "the detail pane", out, "⟨ESC⟩[2J=⟨U+202E⟩bad, region=EMEA")
}
