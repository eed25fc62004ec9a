package views

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/views/connections"
	"symtui/views/internal/viewtest"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/users"
)

// asUserConsole is the whole console on behalf of a user, over a real
// emulator that enforces the app's permissions, with a real presence
// tracker on the user's session.
type asUserConsole struct {
	*viewtest.Console
	rooms *rooms.Tab
}

// startAsUser runs the console of h (acting as a user) in a w x hgt
// terminal.
func startAsUser(t *testing.T, h *viewtest.Harness, w, hgt int) *asUserConsole {
	t.Helper()
	h.Track(t, presence.Options{Interval: time.Second})
	c, d := h.Common, h.Deps
	r := rooms.New(c, d)
	con := viewtest.StartConsole(t, c, w, hgt, users.New(c, d).WithTimer(viewtest.Immediate), r,
		connections.New(c, d), presencetab.NewPane(c, d))
	return &asUserConsole{Console: con, rooms: r}
}

// keys sends keys by name: "enter", "esc", or runes.
func (f *asUserConsole) keys(ks ...string) {
	for _, k := range ks {
		switch k {
		case "enter":
			f.Send(viewtest.TypeKey(tea.KeyEnter))
		case "esc":
			f.Send(viewtest.TypeKey(tea.KeyEsc))
		default:
			f.Send(viewtest.RuneKey(k))
		}
	}
}

// help opens help, waits for it, and returns the screen with the runs of
// spaces that align its columns made one ("a add"); help closes.
func (f *asUserConsole) help(sentinel string) string {
	f.T.Helper()
	f.keys("?")
	var screen string
	teatest.WaitFor(f.T, f.TM.Output(), func(b []byte) bool {
		// The footer is the help's last line: until it has arrived, the
		// frame may have been read only in part.
		if i := bytes.LastIndex(b, []byte("Global")); i >= 0 && bytes.Contains(b[i:], []byte(sentinel)) && bytes.Contains(b[i:], []byte("close · ")) {
			screen = strings.Join(strings.Fields(string(b[i:])), " ")
			return true
		}
		return false
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
	f.keys("esc")
	return screen
}

// addMember opens the room named room, adds who through the picker and
// the confirmation, and waits for outcome on the status line.
func (f *asUserConsole) addMember(room string, who person, outcome string) {
	f.T.Helper()
	f.Command("room " + room)
	f.WaitFor("Rooms › ", room+" ·")
	f.keys("a")
	f.WaitFor("Add a member")
	f.TM.Type(who.name())
	f.WaitFor(prefix(who.UserAttributes.EmailAddress, 16))
	f.keys("enter")
	f.WaitFor("Add to " + room)
	f.keys("y")
	f.WaitFor(outcome)
}

// addRefused opens room and asks to add a member where the user may not:
// the console knows the room's rules and refuses with them before any
// call.
func (f *asUserConsole) addRefused(room, reason string) {
	f.T.Helper()
	f.Command("room " + room)
	f.WaitFor("Rooms › ", room+" ·")
	f.keys("a")
	f.WaitFor(reason)
}

// person is a plain local user of the pod, and their rooms.
type person struct {
	pod.UserDetail
	rooms []pod.StreamAttributes
}

func (p person) id() int64        { return p.UserSystemInfo.ID }
func (p person) username() string { return p.UserAttributes.UserName }
func (p person) name() string     { return p.UserAttributes.DisplayName }

// plainPeople are n enabled local people with plain, unique names; the
// first is in at least one seeded room.
func plainPeople(t *testing.T, h *viewtest.Harness, n int) []person {
	t.Helper()
	ctx := h.Ctx(t)
	list, err := h.Admin.ListUsers(ctx, 0, 300)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for _, u := range list {
		names[u.UserAttributes.DisplayName]++
	}
	var out []person
	for _, u := range list {
		a, s := u.UserAttributes, u.UserSystemInfo
		if a.AccountType != pod.AccountNormal || s.Status != pod.UserEnabled || names[a.DisplayName] != 1 ||
			!viewtest.IsPlain(a.DisplayName+a.UserName) || pod.IsExternalUser(s.ID, pod.TenantOf(list[0].UserSystemInfo.ID)) {
			continue
		}
		p := person{UserDetail: u}
		if len(out) == 0 {
			p.rooms = userRooms(t, h, s.ID)
			if len(p.rooms) == 0 {
				continue
			}
		}
		if out = append(out, p); len(out) == n {
			return out
		}
	}
	t.Fatalf("only %d plain people in the seed", len(out))
	return nil
}

// userRooms are the rooms uid is in, active or not, as the pod has them.
func userRooms(t *testing.T, h *viewtest.Harness, uid int64) []pod.StreamAttributes {
	t.Helper()
	rs, err := pod.Collect(h.Admin.AllUserStreams(h.Ctx(t), uid, pod.StreamFilter{
		StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}, IncludeInactiveStreams: true}))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// roomFor creates an active room named name with the bot as owner, and
// user in it (an owner too when owner).
func roomFor(t *testing.T, h *viewtest.Harness, name string, user int64, owner, membersInvite bool) string {
	t.Helper()
	ctx := h.Ctx(t)
	yes := true
	r, err := h.Admin.CreateRoom(ctx, pod.RoomChanges{Name: &name, Discoverable: &yes, MembersCanInvite: &membersInvite})
	if err != nil {
		t.Fatal(err)
	}
	id := r.RoomSystemInfo.ID
	if err := h.Admin.AddMember(ctx, id, user); err != nil {
		t.Fatal(err)
	}
	if owner {
		if err := h.Admin.PromoteOwner(ctx, id, user); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// members reads a room's member ids from the emulator.
func members(t *testing.T, h *viewtest.Harness, roomID string) []int64 {
	t.Helper()
	ms, ok := h.Emu.RoomMembers(roomID)
	if !ok {
		t.Fatalf("no room %s", roomID)
	}
	var out []int64
	for _, m := range ms {
		out = append(out, m.UserID)
	}
	return out
}

// TestFlowAsUserThroughTheApp: the console on behalf of a user lists the
// user's rooms only (the admin list is never asked), adds a member to a
// room the user owns, is refused with the room's rule in a room the user
// does not own, searches the directory instead of listing it, and offers
// none of the administrator's actions in any tab's help.
func TestFlowAsUserThroughTheApp(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 40})
	ppl := plainPeople(t, h, 3)
	ana, bob, cyd := ppl[0], ppl[1], ppl[2]
	h.ActAs(t, ana.username())
	owned := roomFor(t, h, "Ana Owns This Desk", ana.id(), true, false)
	joined := roomFor(t, h, "Ana Joined This Floor", ana.id(), false, false)
	mine := userRooms(t, h, ana.id())
	if len(mine) != len(ana.rooms)+2 {
		t.Fatalf("ana is in %d rooms, want the %d seeded and two more", len(mine), len(ana.rooms))
	}

	h.Emu.ResetStats() // from here on, only the console's calls
	f := startAsUser(t, h, 140, 50)
	f.WaitFor("directory search as the user")
	f.keys("/")
	f.TM.Type(bob.UserAttributes.UserName)
	f.keys("enter")
	f.WaitFor(bob.name())
	usersHelp := f.help("Users")

	f.keys("2")
	f.WaitFor("the user's rooms", "Ana Owns This Desk")
	f.addMember("Ana Owns This Desk", bob, "Added "+bob.name())
	membersHelp := f.help("Rooms")
	f.keys("esc")
	f.addRefused("Ana Joined This Floor", "only an owner can add members to this room")
	f.keys("esc")
	listHelp := f.help("Rooms")

	f.keys("4")
	presenceHelp := f.help("poll now")
	f.keys("1")
	f.Finish()

	if got := members(t, h, owned); !slices.Contains(got, bob.id()) {
		t.Errorf("members of the room ana owns = %v: bob was not added", got)
	}
	if got := members(t, h, joined); slices.Contains(got, cyd.id()) {
		t.Errorf("members of the room ana does not own = %v: cyd was added", got)
	}
	if n := f.rooms.Tally().Total; n != len(mine) {
		t.Errorf("the Rooms tab holds %d rooms; ana is in %d", n, len(mine))
	}
	for route, rs := range h.Emu.Stats().Routes {
		if rs.Requests > 0 && (strings.Contains(route, "/admin/") || route == "GET /pod/v2/users/presence") {
			t.Errorf("the console called %s %d times on behalf of a user", route, rs.Requests)
		}
	}
	for _, tc := range []struct {
		what, screen string
		absent       []string
		present      []string
	}{
		{"users", usersHelp, []string{"create user", "edit user", "add role", "remove role", "features", "disable user", "enable user", "suspend", "status: all"},
			[]string{"/ search the directory", "m start IM", "enter details"}},
		{"members", membersHelp, nil, []string{"a add", "b bulk add", "+ make owner", "- demote owner", "X/delete remove"}},
		{"rooms", listHelp, nil, []string{"/ search", "enter open", "a add", "e edit", "D deactivate", "R reactivate"}},
		{"presence", presenceHelp, []string{"set a user's presence"}, []string{"e set my presence", "r poll now"}},
	} {
		for _, s := range tc.absent {
			if strings.Contains(tc.screen, s) {
				t.Errorf("%s help offers %q on behalf of a user", tc.what, s)
			}
		}
		for _, s := range tc.present {
			if !strings.Contains(tc.screen, s) {
				t.Errorf("%s help lacks %q", tc.what, s)
			}
		}
	}
}

func prefix(s string, n int) string { return s[:min(len(s), n)] }

// TestFlowAsUserWithoutManageRooms: an app without MANAGE_ROOMS lists the
// user's rooms (LIST_USER_STREAMS), and the first refusal naming the
// permission, on opening a room, takes every membership key and every
// room action away, with the reason on the status line and on their keys.
func TestFlowAsUserWithoutManageRooms(t *testing.T) {
	var granted []string
	for _, p := range emulator.AppPermissions() {
		if p != "MANAGE_ROOMS" {
			granted = append(granted, p)
		}
	}
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 40, AppPermissions: map[string][]string{emulator.AppID: granted}})
	ana := plainPeople(t, h, 1)[0]
	roomFor(t, h, "Ana Owns This Desk", ana.id(), true, true)
	h.ActAs(t, ana.username())
	mine := userRooms(t, h, ana.id())

	f := startAsUser(t, h, 140, 50)
	f.keys("2")
	f.WaitFor("the user's rooms", "Ana Owns This Desk")
	before := f.help("Rooms")
	f.keys("G", "enter") // the newest room: the one the test made
	f.WaitFor("MANAGE_ROOMS")
	membersHelp := f.help("Rooms")
	f.keys("a")
	f.WaitFor("add is not available")
	f.keys("esc")
	listHelp := f.help("Rooms")
	f.keys("e")
	f.WaitFor("edit is not available")
	f.Finish()

	if n := f.rooms.Tally().Total; n != len(mine) {
		t.Errorf("the Rooms tab holds %d rooms; ana is in %d", n, len(mine))
	}
	for _, s := range []string{"enter open", "e edit", "D deactivate", "/ search", "a add"} {
		if !strings.Contains(before, s) {
			t.Errorf("before any refusal the room list does not offer %q:\n%s", s, before)
		}
	}
	for _, s := range []string{"a add", "b bulk add", "make owner", "demote owner", "X/delete remove"} {
		if strings.Contains(membersHelp, s) {
			t.Errorf("members help offers %q after MANAGE_ROOMS was refused", s)
		}
	}
	for _, s := range []string{"enter open", "e edit", "D deactivate", "R reactivate", "/ search", "a add"} {
		if strings.Contains(listHelp, s) {
			t.Errorf("room list help offers %q after MANAGE_ROOMS was refused", s)
		}
	}
	if !strings.Contains(listHelp, "copy stream id") {
		t.Errorf("room list help lost what needs no permission:\n%s", listHelp)
	}
}
