package rooms

import (
	"fmt"
	"slices"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
)

// TestRoomsAsUserListTheUsersRooms: on behalf of a user the list is the
// user's own rooms, inactive ones included, read from the user's streams
// list in pages to its end (never the admin list); it says nothing it does
// not know (access, creator), and asking for private rooms goes to the
// pod's search, which knows. Room names, hostile ones included, are drawn
// inert.
func TestRoomsAsUserListTheUsersRooms(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 200, Rooms: 120})
	ana := busiestPerson(t, h)
	name := "Ana's \x1b[31mold\x1b[0m desk"
	old := makeRoom(t, h, name, pod.User{ID: ana})
	if _, err := h.Admin.SetRoomActive(h.Ctx(t), old, false); err != nil {
		t.Fatal(err)
	}
	for n := len(userRoomIDs(t, h, ana)); n <= roomPageSize; n++ { // more than a page
		makeRoom(t, h, fmt.Sprintf("Ana's desk %d", n), pod.User{ID: ana})
	}
	want := userRoomIDs(t, h, ana)
	var username string
	if det, err := h.Admin.UserDetail(h.Ctx(t), ana); err == nil {
		username = det.UserAttributes.UserName
	}
	h.ActAs(t, username)
	h.Emu.ResetStats()

	v := New(h.Common, h.Deps)
	v.SetSize(160, 40)
	viewtest.Drive(t, v, v.Init())

	var got []string
	for id := range v.rooms {
		got = append(got, id)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || v.list.Len() != len(want) || !v.listDone {
		t.Fatalf("the list holds %d rooms (done %v); the user is in %d", len(got), v.listDone, len(want))
	}
	if n := viewtest.RouteCount(h, "POST /pod/v2/admin/streams/list"); n != 0 {
		t.Errorf("the admin list was asked %d times on behalf of a user", n)
	}
	if n := viewtest.RouteCount(h, "POST /pod/v1/streams/list"); n < 2 {
		t.Errorf("the user's streams list was asked %d times: want it paged", n)
	}
	viewtest.MustContain(t, "the bar", v.View(), "the user's rooms")
	viewtest.CheckInert(t, "the list", v.View())
	if c := v.cell(old, 2); c != "" {
		t.Errorf("access of a room the streams list described: %q", c)
	}
	if c := v.cell(old, 1); c != "inactive" {
		t.Errorf("state of the inactive room: %q", c)
	}
	v.table.SetCursor(old)
	v.detailFor = ""
	v.refreshDetail()
	viewtest.MustContain(t, "the detail", v.View(), "members  enter lists them")
	viewtest.CheckInert(t, "the detail", v.View())

	v.crit = roomCriteria{Private: triYes}
	viewtest.Drive(t, v, v.search(0))
	if v.table != v.found || viewtest.RouteCount(h, "POST /pod/v3/room/search") == 0 {
		t.Error("asking for private rooms did not go to the pod's search: the streams list does not say")
	}
}

// busiestPerson is the local person in the most rooms.
func busiestPerson(t *testing.T, h *viewtest.Harness) int64 {
	t.Helper()
	users := plainUsers(t, h, 20)
	best, most := int64(0), -1
	for _, u := range users {
		if n := len(userRoomIDs(t, h, u.ID)); n > most {
			best, most = u.ID, n
		}
	}
	return best
}

// userRoomIDs are the ids of the rooms uid is in, active or not, sorted.
func userRoomIDs(t *testing.T, h *viewtest.Harness, uid int64) []string {
	t.Helper()
	rs, err := pod.Collect(h.Admin.AllUserStreams(h.Ctx(t), uid, pod.StreamFilter{
		StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}, IncludeInactiveStreams: true}))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}
