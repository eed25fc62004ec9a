package users

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// checkFrame fails when a frame draws anything unsafe or a line wider than w.
func checkFrame(t *testing.T, where, frame string, w int) {
	t.Helper()
	viewtest.CheckInert(t, where, frame)
	for i, l := range strings.Split(frame, "\n") {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("%s: line %d is %d cells wide, more than %d: %q", where, i, n, w, l)
		}
	}
}

// A hostile user in rooms with hostile names, the last owner of some: the
// rooms view and the offboarding preview draw every value inert, within
// the width, at every size.
func TestOffboardHostileValuesStayInert(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	u := viewtest.CreateHostileUser(t, h, "Leaver", 0)
	uid := u.UserSystemInfo.ID
	for i := range viewtest.Hostile {
		r := viewtest.CreateHostileRoom(t, h, "Room", i, uid)
		if i%3 == 0 {
			id := r.RoomSystemInfo.ID
			if err := h.Admin.PromoteOwner(h.Ctx(t), id, uid); err != nil {
				t.Fatal(err)
			}
			if err := h.Admin.RemoveMember(h.Ctx(t), id, h.Emu.Credentials.BotUserID); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, size := range [][2]int{{150, 45}, {80, 24}, {40, 12}} {
		w, hgt := size[0], size[1]
		v, _ := newTestUsers(t, h, w, hgt)
		viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(uid, 10)} })
		viewtest.Press(t, v, viewtest.RuneKey("o"))
		if v.rooms == nil || len(v.rooms.rooms) != len(viewtest.Hostile) {
			t.Fatalf("%dx%d: the rooms view shows %v", w, hgt, v.rooms)
		}
		checkFrame(t, "rooms view", v.View(), w)
		d := viewtest.Press(t, v, viewtest.RuneKey("O"))
		if len(d.Modals) != 1 {
			t.Fatalf("%dx%d: no preview; status %q", w, hgt, d.LastStatus())
		}
		md := d.Modals[0]
		md.SetSize(w, hgt)
		for range viewtest.Hostile {
			checkFrame(t, "preview", md.View(), w)
			if n := strings.Count(md.View(), "\n") + 1; n > hgt {
				t.Fatalf("%dx%d: the preview is %d lines high", w, hgt, n)
			}
			md, _ = md.Update(viewtest.TypeKey(tea.KeyDown))
		}
		p := md.(*offboardPreview)
		if got := p.plan.Changes(); got != len(viewtest.Hostile)-6 {
			t.Fatalf("%d changes; want one removal per room the user does not own alone", got)
		}
	}
}

// The preview's plan is the pure plan of the read: the cursor, the toggle
// and a picked owner change it, and the confirm carries what it shows.
func TestOffboardPreviewKeys(t *testing.T) {
	c := viewtest.NewCommon(false)
	rooms := []membership.Room{
		{ID: "A", Name: "Alone", Type: "ROOM", Active: true, Members: []pod.MemberInfo{{ID: 7, Owner: true}}},
		{ID: "B", Name: "Shared", Type: "ROOM", Active: true, Members: []pod.MemberInfo{{ID: 7}, {ID: 9, Owner: true}}},
	}
	s := offboardState{UID: 7, Name: "Leaver", Rooms: rooms, Actor: membership.Actor{ID: 1, Admin: true},
		Opts: membership.OffboardOptions{NewOwner: map[string]int64{}, OnBehalf: true}, Owners: map[int64]string{}}
	p := newOffboardPreview(c, s, 100, 30)
	if p.plan.Changes() != 1 || !strings.Contains(p.View(), "the last owner: pick a new owner") {
		t.Fatalf("first plan:\n%s", p.View())
	}
	p.Update(viewtest.RuneKey("d"))
	if !strings.Contains(p.View(), "[x] disable the account") || p.plan.Changes() != 2 {
		t.Fatalf("after d:\n%s", p.View())
	}
	p.Update(viewtest.RuneKey("j"))
	p.Update(viewtest.RuneKey("+")) // Shared: the user is no owner there
	if p.done || !strings.Contains(p.View(), "a new owner is picked for a room whose last owner leaves") {
		t.Fatalf("+ on a room with other owners:\n%s", p.View())
	}
	p.Update(viewtest.RuneKey("k"))
	p.Update(viewtest.RuneKey("+"))
	pick, ok := p.result.(offboardPick)
	if !p.done || !ok || pick.Room != "A" || !pick.State.Opts.Disable {
		t.Fatalf("+ on the last owner's room: %#v", p.result)
	}
	s = pick.State.withOwner("A", 42, "Heir")
	p = newOffboardPreview(c, s, 100, 30)
	if !strings.Contains(p.View(), "hand over to Heir, then remove") || p.plan.Changes() != 5 {
		t.Fatalf("with a new owner (%d changes):\n%s", p.plan.Changes(), p.View())
	}
	if len(pick.State.Opts.NewOwner) != 0 {
		t.Fatal("picking changed the state the picker carried")
	}
	p.Update(viewtest.RuneKey("y"))
	res, _ := p.result.(ui.ConfirmResultMsg)
	if got, ok := res.Payload.(offboardState); !res.Confirmed || !ok || got.Opts.NewOwner["A"] != 42 {
		t.Fatalf("confirm: %#v", p.result)
	}
}

// The rooms view: its filter takes every key, esc goes back to the users,
// enter on a room asks the Rooms tab for its members.
func TestUserRoomsViewKeys(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	viewtest.Drive(t, v, func() tea.Msg {
		return ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(h.Emu.Credentials.BotUserID, 10)}
	})
	viewtest.Press(t, v, viewtest.RuneKey("o"))
	if v.rooms == nil || len(v.rooms.rooms) == 0 {
		t.Fatal("the bot's rooms are not shown")
	}
	if !strings.Contains(v.View(), "read in ") || !strings.Contains(strings.Join(helpKeys(v), " "), "offboard") {
		t.Fatalf("rooms view:\n%s", v.View())
	}
	viewtest.Press(t, v, viewtest.RuneKey("/"))
	if !v.InputFocused() {
		t.Fatal("the rooms filter does not hold the keys")
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc)) // closes the filter, not the view
	if v.rooms == nil || v.InputFocused() {
		t.Fatal("esc in the filter should close the filter only")
	}
	first := v.rooms.rooms[0]
	for i := range v.rooms.rooms {
		if v.rooms.rooms[i].IsRoom {
			first = v.rooms.rooms[i]
			break
		}
	}
	v.rooms.table.SetCursor(first.ID)
	_, cmd := v.Update(viewtest.TypeKey(tea.KeyEnter))
	if msgs := viewtest.RunCmd(cmd); len(msgs) != 1 || msgs[0] != (ui.CommandMsg{Name: "room", Arg: first.ID}) {
		t.Fatalf("enter on a room: %#v", msgs)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	if v.rooms != nil {
		t.Fatal("esc did not go back to the users")
	}
}

func helpKeys(v *Tab) []string {
	var out []string
	for _, b := range v.KeyBindings() {
		out = append(out, b.Help().Desc)
	}
	return out
}
