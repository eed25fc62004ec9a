package rooms

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"

	tea "github.com/charmbracelet/bubbletea"
)

// membersFixture opens the members view of a room without a pod.
func membersFixture(t *testing.T, readOnly bool) *Tab {
	t.Helper()
	v := New(viewtest.NewCommon(readOnly), tab.Deps{})
	v.SetSize(120, 30)
	r := roomsFixture("room-1", "Ops Room", true)
	if cmd := v.openMembers(r); cmd == nil {
		t.Fatal("opening a room should load its members")
	}
	return v
}

func memberListMsg(v *Tab, err error, ms ...pod.MemberInfo) ui.Result[memberList] {
	return ui.Result[memberList]{View: ViewID, Gen: v.members.gen.Current(), Value: memberList{RoomID: "room-1", Members: ms}, Err: err}
}

// A failed load is shown with the retry key; the retry is a new generation
// and the old answer is then dropped.
func TestMembersLoadErrorOffersRetry(t *testing.T) {
	v := membersFixture(t, false)
	v.Update(memberListMsg(v, errors.New("the pod refused GET /pod/v2/room/{id}/membership/list as invalid")))
	out := v.View()
	if !strings.Contains(out, "could not load the members: the pod refused") || !strings.Contains(out, "r retry") {
		t.Fatalf("no error with retry key:\n%s", out)
	}
	old := memberListMsg(v, nil, pod.MemberInfo{ID: 1})
	if _, cmd := v.Update(roomsKeyRunes("r")); cmd == nil {
		t.Fatal("r should reload")
	}
	v.Update(old)
	if len(v.members.list) != 0 {
		t.Fatal("the answer to the failed generation was applied after the retry")
	}
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: 1, Owner: true}, pod.MemberInfo{ID: 2}))
	if got := v.View(); !strings.Contains(got, "2 members · 1 owner") || strings.Contains(got, "could not load") {
		t.Fatalf("after the retry:\n%s", got)
	}
}

// Members of another pod are marked external; owners are marked; unknown
// names show as #id until resolved.
func TestMembersRowsOwnerExternal(t *testing.T) {
	v := membersFixture(t, false)
	self := int64(7) << 36
	v.Update(ui.Result[pod.User]{View: ViewID, Value: pod.User{ID: self}})
	local, ext := self+1, int64(9)<<36|5
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: self, Owner: true}, pod.MemberInfo{ID: local}, pod.MemberInfo{ID: ext}))
	rows := map[string][]string{}
	for _, id := range []int64{self, local, ext} {
		v.members.table.SetCursor(fmt.Sprint(id))
		r, _ := v.members.table.CursorRow()
		rows[r.ID] = r.Cells
	}
	if c := rows[fmt.Sprint(self)]; c[2] != "owner" || c[4] != "" || c[0] != fmt.Sprintf("#%d", self) {
		t.Errorf("self row %q", c)
	}
	if c := rows[fmt.Sprint(local)]; c[2] != "" || c[4] != "" {
		t.Errorf("local member row %q", c)
	}
	if c := rows[fmt.Sprint(ext)]; c[4] != "external" {
		t.Errorf("external member row %q", c)
	}
}

// Promote leaves owners out (and says so when nothing is left), the dialog
// names the targets and defaults to No.
func TestMembersConfirmNamesTargets(t *testing.T) {
	v := membersFixture(t, false)
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: 1, Owner: true}, pod.MemberInfo{ID: 2}, pod.MemberInfo{ID: 3}))
	if _, cmd := v.Update(roomsKeyRunes("+")); cmd == nil {
		t.Fatal("promoting an owner should say why nothing happens")
	} else if msg, ok := cmd().(ui.StatusMsg); !ok || !strings.Contains(msg.Text, "already an owner") {
		t.Fatalf("promoting an owner: %#v", msg)
	}
	v.Update(roomsKeyRunes(" ")) // mark #1, cursor to #2
	v.Update(roomsKeyRunes(" ")) // mark #2
	v.Update(roomsKeyRunes(" ")) // mark #3
	_, cmd := v.Update(roomsKeyRunes("+"))
	open, ok := cmd().(ui.OpenModalMsg)
	if !ok {
		t.Fatal("no confirm dialog")
	}
	d := open.Modal
	d.SetSize(120, 30)
	view := d.View()
	for _, want := range []string{"Make owner of Ops Room: 2 items?", "1 owner is left out", "#2", "#3", "[>No<]"} {
		if !strings.Contains(view, want) {
			t.Errorf("dialog lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "#1") {
		t.Errorf("the owner is listed as a target:\n%s", view)
	}
}

// In read-only mode no mutating key opens anything.
func TestMembersReadOnlyKeysDoNothing(t *testing.T) {
	v := membersFixture(t, true)
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: 1, Owner: true}, pod.MemberInfo{ID: 2}))
	for _, k := range []string{"a", "b", "X", "+", "-"} {
		if _, cmd := v.Update(roomsKeyRunes(k)); cmd != nil {
			t.Errorf("key %q did something in read-only mode", k)
		}
	}
}

// A room with more than 100 members: every name is resolved, in lookups
// of at most 100 ids.
func TestMembersNamesResolvedInBatches(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	self, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var bigID string
	most := 0
	for r, err := range h.Admin.SearchAllRooms(ctx, pod.RoomSearchCriteria{Member: &pod.UserRef{ID: self.ID}}, true) {
		if err != nil {
			t.Fatal(err)
		}
		if !r.RoomSystemInfo.Active {
			continue
		}
		ms, err := h.Admin.RoomMembers(ctx, r.RoomSystemInfo.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > most {
			most, bigID = len(ms), r.RoomSystemInfo.ID
		}
	}
	if most <= 100 {
		t.Fatalf("the seed has no room over 100 members (largest %d)", most)
	}

	n := roomCount(t, h)
	f := startRoomsFlow(t, h, 160, 50)
	f.waitFor(roomsDone(n)) // the creators' names are resolved by then
	before := h.Emu.Stats().Routes["GET /pod/v3/users"].Requests
	f.openRoom(bigID, most) // the members show first; their names follow
	ms, err := h.Admin.RoomMembers(ctx, bigID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ms))
	for i, mi := range ms {
		ids[i] = mi.ID
	}
	deadline := time.Now().Add(viewtest.FlowWait)
	for len(h.Names.Missing(ids)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d members still have no name", len(h.Names.Missing(ids)), len(ids))
		}
		time.Sleep(20 * time.Millisecond) // the lookups run in the console's commands
	}
	f.finish()
	lookups := h.Emu.Stats().Routes["GET /pod/v3/users"].Requests - before
	if max := (most + 99) / 100; lookups < 1 || lookups > max {
		t.Fatalf("%d name lookups for %d members; want 1..%d", lookups, most, max)
	}
}

// A room's members show as soon as the membership is in, named as far as
// the cache knows; the names follow, memberNameWindow lookups of
// memberNameBatch ids at a time, and each batch renames its rows.
func TestMembersShowBeforeTheirNames(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	f := pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}
	list, err := h.Admin.AdminStreams(ctx, f, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var big pod.AdminStreamInfo
	for _, s := range list.Streams {
		if s.Attributes.MembersCount > big.Attributes.MembersCount {
			big = s
		}
	}
	n := big.Attributes.MembersCount
	if n <= memberNameBatch*2 {
		t.Fatalf("the seed's largest room has %d members", n)
	}
	v := New(h.Common, h.Deps)
	v.SetSize(120, 40)
	open := v.openMembers(pod.Room{RoomAttributes: pod.RoomAttributes{Name: "Big"}, RoomSystemInfo: pod.RoomSystemInfo{ID: big.ID, Active: true}})
	var naming tea.Cmd
	for _, msg := range viewtest.RunCmd(open) {
		_, naming = v.Update(msg)
	}
	out := v.View()
	viewtest.MustContain(t, "members before their names", out, ui.Thousands(n)+" members")
	viewtest.MustContain(t, "members before their names", out, "names ↻")
	viewtest.MustContain(t, "members before their names", out, "#")
	want := min(memberNameWindow, (n+memberNameBatch-1)/memberNameBatch)
	if asked := leafCmds(naming); asked != want || v.members.inflight != want {
		t.Fatalf("%d lookups asked at once, want %d", asked, want)
	}
	viewtest.Drive(t, v, naming)
	out = v.View()
	if strings.Contains(out, "names ↻") || v.members.naming || len(h.Names.Missing(idsOf(v.members.list))) > 0 {
		t.Fatalf("after the lookups:\n%s", out)
	}
}

// The tab's count stays the rooms' while a room's members are open and
// filtered: the members are counted on their own title line.
func TestRoomsTallyStaysTheRoomsWithMembersOpen(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(120, 30)
	v.Update(roomsPageMsg(v, 0, 2, roomsFixture("room-1", "Ops Room", true), roomsFixture("room-2", "Desk", true)))
	want := v.Tally()
	if want.Total != 2 {
		t.Fatalf("the rooms' tally: %+v", want)
	}
	v.openMembers(roomsFixture("room-1", "Ops Room", true))
	v.Update(memberListMsg(v, nil, pod.MemberInfo{ID: 1, Owner: true}, pod.MemberInfo{ID: 2}, pod.MemberInfo{ID: 3}))
	v.members.table.SetFilter("#2")
	if got := v.Tally(); got != want {
		t.Fatalf("with the members open and filtered the tally is %+v, want the rooms' %+v", got, want)
	}
	viewtest.MustContain(t, "the members' title", v.View(), "1 of 3 members · 1 owner")
}

func idsOf(ms []pod.MemberInfo) []int64 {
	out := make([]int64, len(ms))
	for i, mi := range ms {
		out[i] = mi.ID
	}
	return out
}
