package rooms

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// statusTexts are the status lines among msgs.
func statusTexts(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(ui.StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}

func threeRooms(t *testing.T, v *Tab) {
	t.Helper()
	v.SetSize(120, 30)
	v.Update(roomsPageMsg(v, 0, 3,
		roomsFixture("a", "Alpha Room", true), roomsFixture("b", "Beta Room", true), roomsFixture("c", "Gamma Room", true)))
}

// Deactivate acts on the marked rooms, not the cursor row, and the
// confirm names them with their count; edit and open act on the cursor
// row and say so.
func TestRoomsDeactivateActsOnMarkedRooms(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	threeRooms(t, v)
	v.Update(roomsKeyRunes(" ")) // mark Alpha, cursor to Beta
	v.Update(roomsKeyRunes(" ")) // mark Beta, cursor to Gamma
	if v.table.CursorID() != "c" {
		t.Fatalf("cursor on %q", v.table.CursorID())
	}
	_, cmd := v.Update(roomsKeyRunes("D"))
	open, ok := cmd().(ui.OpenModalMsg)
	if !ok {
		t.Fatal("no confirm dialog")
	}
	open.Modal.SetSize(120, 30)
	out := open.Modal.View()
	if !strings.Contains(out, "Deactivate rooms (no messages, membership locked): 2 items?") ||
		!strings.Contains(out, "Alpha Room") || !strings.Contains(out, "Beta Room") || strings.Contains(out, "Gamma Room") {
		t.Fatalf("the confirm should name the two marked rooms:\n%s", out)
	}
	if _, ok := open.Modal.(*ui.Confirm); !ok {
		t.Fatalf("deactivate opened a %T, not a Confirm", open.Modal)
	}
	_, cmd = v.Update(roomsKeyRunes("e"))
	texts := statusTexts(viewtest.RunCmdSkipping(cmd))
	if len(texts) != 1 || !strings.Contains(texts[0], "the cursor row Gamma Room, not the 2 marked rooms") {
		t.Fatalf("edit with marks should say it took the cursor row: %q", texts)
	}
}

// esc on the list clears a committed search and shows every room again,
// from memory.
func TestRoomsEscClearsSearch(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	threeRooms(t, v)
	v.Update(roomsKeyRunes("/"))
	v.Update(roomsKeyRunes("A"))
	v.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if v.crit.Query != "A" || v.table != v.found {
		t.Fatalf("query %q", v.crit.Query)
	}
	gen := v.gen.Current()
	v.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if !v.crit.empty() || v.gen.IsCurrent(gen) || v.table != v.list || v.table.Shown() != 3 {
		t.Fatalf("esc should clear the search and show the list: %+v", v.crit)
	}
	if !strings.Contains(v.View(), "search: all rooms") {
		t.Fatalf("label after esc:\n%s", v.View())
	}
}

// c copies the stream id of the room under the cursor.
func TestRoomsCopyStreamID(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	threeRooms(t, v)
	var got string
	v.copyText = func(s string) (string, error) { got = s; return "clipboard", nil }
	v.Update(roomsKeyRunes("j"))
	_, cmd := v.Update(roomsKeyRunes("c"))
	if cmd == nil {
		t.Fatal("c did nothing")
	}
	res := cmd()
	if got != "b" {
		t.Fatalf("copied %q, want the stream id b", got)
	}
	_, cmd = v.Update(res)
	if texts := statusTexts(viewtest.RunCmd(cmd)); len(texts) != 1 || texts[0] != "copied stream id b (clipboard)" {
		t.Fatalf("status %q", texts)
	}
}

// A refusal leads with the pod's reason and stays short enough to read
// on the status line.
func TestMemberOpErrorLeadsWithPodReason(t *testing.T) {
	refusal := &pod.Error{Status: 400, Message: "Cannot demote the last owner of the room", Endpoint: "POST /pod/v1/room/{id}/membership/demoteOwner"}
	p := memberOpPayload{Op: opDemoteMember, RoomName: "Algo Execution Chat 124", IDs: []int64{1}, Labels: []string{"Aisha Sørensen"}}
	texts := statusTexts(viewtest.RunCmd(memberOpStatus(memberOpDone{Payload: p, Report: bulk.Report{Total: 1, Failed: []bulk.Failure{{Index: 0, Err: refusal}}}})))
	if len(texts) != 1 || texts[0] != "cannot demote Aisha Sørensen: Cannot demote the last owner of the room" {
		t.Fatalf("status %q", texts)
	}
	p.IDs, p.Labels = []int64{1, 2, 3}, []string{"A", "B", "C"}
	texts = statusTexts(viewtest.RunCmd(memberOpStatus(memberOpDone{Payload: p, Report: bulk.Report{Total: 3, Done: []int{0, 1}, Failed: []bulk.Failure{{Index: 2, Err: refusal}}}})))
	if len(texts) != 1 || texts[0] != "Demoted 2 of 3 members (Algo Execution Chat 124); 1 failed: Cannot demote the last owner of the room (C)" {
		t.Fatalf("status %q", texts)
	}
	if got := tab.PodReason(errors.New("the pod at x did not answer")); got != "the pod at x did not answer" {
		t.Fatalf("a non-pod error keeps its sentence: %q", got)
	}
	// A room change the pod refused says so the same way.
	v := New(viewtest.NewCommon(false), tab.Deps{})
	_, cmd := v.Update(ui.Result[setActiveDone]{View: ViewID, Value: setActiveDone{Payload: setActivePayload{IDs: []string{"ops"}, Names: []string{"Ops"}},
		Report: bulk.Report{Total: 1, Failed: []bulk.Failure{{Index: 0, Err: &pod.Error{Status: 403, Message: "You are not an owner"}}}}}})
	if texts := statusTexts(viewtest.RunCmd(cmd)); len(texts) != 1 || texts[0] != "cannot deactivate room Ops: You are not an owner" {
		t.Fatalf("status %q", texts)
	}
}

// A failed search does not leave the previous rows under the new
// criteria: the list is emptied and says the search failed.
func TestRoomsFailedSearchClearsRows(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	threeRooms(t, v)
	v.crit = roomCriteria{Owner: "luca"}
	v.search(0)
	v.Update(ui.Result[roomPage]{View: ViewID, Gen: v.gen.Current(), Value: roomPage{Source: sourceSearch}, Err: errors.New("owner \"luca\": no such user on the pod")})
	out := v.View()
	if strings.Contains(out, "Alpha Room") || !strings.Contains(out, "0 of 3 rooms") || !strings.Contains(out, "search failed: owner") {
		t.Fatalf("the old rows stay under the failed search:\n%s", out)
	}
}

// A change says it started at once, and its result is applied even when
// the list was searched again meanwhile (a change is never stale).
func TestRoomsMutationsInFlightAndNeverStale(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 2)
	roomID := makeRoom(t, h, "Zephyr Flight", us[0], us[1])
	v := New(h.Common, h.Deps)
	v.SetSize(120, 30)
	v.openMembers(roomsFixture(roomID, "Zephyr Flight", true))
	v.Update(memberListMsg2(v, roomID, pod.MemberInfo{ID: us[0].ID}, pod.MemberInfo{ID: us[1].ID}))
	p := memberOpPayload{Op: opRemoveMember, RoomID: roomID, RoomName: "Zephyr Flight", IDs: []int64{us[0].ID, us[1].ID}, Labels: []string{"x", "y"}}
	_, cmd := v.Update(ui.ConfirmResultMsg{Payload: p, Confirmed: true})
	viewtest.InFlightFirst(t, cmd)
	msgs := viewtest.RunCmd(cmd)
	if texts := statusTexts(msgs); len(texts) != 1 || texts[0] != "removing 2 members…" {
		t.Fatalf("in-flight status %q", texts)
	}
	// The operator went back and searched meanwhile: the result still lands.
	v.closeMembers()
	v.search(0)
	var done []string
	for _, m := range msgs {
		if r, ok := m.(ui.Result[memberOpDone]); ok {
			_, c := v.Update(r)
			done = statusTexts(viewtest.RunCmd(c))
		}
	}
	if len(done) != 1 || done[0] != "Removed 2 members (Zephyr Flight)" {
		t.Fatalf("result status %q", done)
	}
	if got := roomMembership(t, h, roomID); len(got) != 1 {
		t.Fatalf("members left %v", keysOf(got))
	}

	// Deactivate: in flight, then the row changes though a search began.
	v.Update(roomsPageMsg(v, 0, 1, roomsFixture(roomID, "Zephyr Flight", true)))
	_, cmd = v.Update(ui.ConfirmResultMsg{Payload: setActivePayload{IDs: []string{roomID}, Names: []string{"Zephyr Flight"}}, Confirmed: true})
	viewtest.InFlightFirst(t, cmd)
	msgs = viewtest.RunCmd(cmd)
	if texts := statusTexts(msgs); len(texts) != 1 || texts[0] != "deactivating room Zephyr Flight…" {
		t.Fatalf("in-flight status %q", texts)
	}
	v.gen.Next() // a search started meanwhile
	for _, m := range msgs {
		if r, ok := m.(ui.Result[setActiveDone]); ok {
			_, c := v.Update(r)
			done = statusTexts(viewtest.RunCmd(c))
		}
	}
	if len(done) != 1 || done[0] != "Deactivated room Zephyr Flight" || v.rooms[roomID].RoomSystemInfo.Active {
		t.Fatalf("result status %q, row active %v", done, v.rooms[roomID].RoomSystemInfo.Active)
	}
}

func memberListMsg2(v *Tab, roomID string, ms ...pod.MemberInfo) ui.Result[memberList] {
	return ui.Result[memberList]{View: ViewID, Gen: v.members.gen.Current(), Value: memberList{RoomID: roomID, Members: ms}}
}

// The unfiltered list is the admin stream list: every room of the pod,
// also the non-discoverable ones the caller is not in, which the room
// search hides. Without the admin role it falls back to the search and
// says so.
func TestRoomsAllRoomsFromAdminList(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	all := roomCount(t, h)
	visible := int64(len(searchAllRooms(t, h)))
	if visible >= all {
		t.Fatalf("the seed should hide rooms from the search: %d visible of %d", visible, all)
	}
	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: all rooms", roomsDone(all))

	// A query searches, non-discoverable rooms of the caller included.
	makeRoomHidden(t, h, "Zephyr Hidden")
	f.runes("/")
	f.typeText("Zephyr Hidden")
	f.key(tea.KeyEnter)
	f.waitFor("discoverable or yours", roomsHits(1, all)) // the list was loaded before the room was made
	f.finish()
}

func searchAllRooms(t *testing.T, h *viewtest.Harness) []pod.Room {
	t.Helper()
	var out []pod.Room
	for r, err := range h.Admin.SearchAllRooms(h.Ctx(t), pod.RoomSearchCriteria{}, true) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func makeRoomHidden(t *testing.T, h *viewtest.Harness, name string) string {
	t.Helper()
	no := false
	r, err := h.Admin.CreateRoom(h.Ctx(t), pod.RoomChanges{Name: &name, Discoverable: &no})
	if err != nil {
		t.Fatalf("create room: %v", err)
	}
	return r.RoomSystemInfo.ID
}

// Without an admin role the pod refuses the admin list: the tab lists the
// rooms the room search shows and labels them so.
func TestRoomsFallsBackWithoutAdminRole(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	ctx := h.Ctx(t)
	self, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range self.Roles {
		if role == "SUPER_ADMINISTRATOR" || role == "ADMINISTRATOR" {
			if err := h.Admin.RemoveRole(ctx, self.ID, role); err != nil {
				t.Fatalf("remove role %s: %v", role, err)
			}
		}
	}
	if _, err := h.Admin.AdminStreams(ctx, pod.AdminStreamFilter{}, 0, 1); !pod.IsForbidden(err) {
		t.Fatalf("the admin list should be refused now: %v", err)
	}
	n := len(searchAllRooms(t, h))
	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor("search: rooms you can see", roomsDone(n))
	f.finish()
}

// A bulk add says it is looking the paste up while it does.
func TestBulkAddLookupSaysItStarted(t *testing.T) {
	v := membersFixture(t, false)
	_, cmd := v.Update(bulkTextMsg{RoomID: "room-1", Text: "a@x.com, b@y.com"})
	if texts := statusTexts(viewtest.RunCmdSkipping(cmd)); len(texts) != 1 || texts[0] != "looking up 2 entries…" {
		t.Fatalf("in-flight status %q", texts)
	}
}

// Over the emulator: g space space D deactivates the two marked rooms, not
// the cursor row; then demoting the last owner shows the pod's reason whole.
func TestRoomsFlowDeactivateMarkedAndPodReason(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 1)
	n := roomCount(t, h)
	soloID := makeRoom(t, h, "Zephyr Solo", us[0])

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor(roomsDone(n + 1))
	f.runes("g")
	f.runes(" ")
	f.runes(" ")
	f.runes("D")
	f.waitFor("Deactivate rooms (no messages, membership locked): 2 items?")
	f.runes("y")
	f.waitFor("Deactivated 2 rooms")
	final := f.finish()
	v := final.Views()[0].(*Tab)
	ids := v.list.ShownIDs()[:3]
	for i, id := range ids {
		active := roomInfo(t, h, id).RoomSystemInfo.Active
		if want := i == 2; active != want {
			t.Errorf("room %d (%s) active %v, want %v", i, id, active, want)
		}
	}

	// The bot is the only owner of Zephyr Solo: the pod refuses the demotion.
	f = startRoomsFlow(t, h, 120, 40)
	f.waitFor(roomsDone(n + 1))
	f.openRoom(soloID, 2)
	f.runes("-")
	f.waitFor("Demote owner of Zephyr Solo: 1 item?")
	f.runes("y")
	f.waitFor("cannot demote Symtui Bot")
	final = f.finish()
	if out := final.View(); !strings.Contains(out, "cannot demote Symtui Bot: Cannot demote the last owner of the room") {
		t.Fatalf("the pod's reason is not shown whole:\n%s", out)
	}
}
