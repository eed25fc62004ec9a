package rooms

import (
	"testing"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// FuzzRenderRooms is the render corpus test's fuzz target for the Rooms
// tab: one string in every text field of a room (row, detail, edit form,
// members) and in a pod error, drawn by the real tab (the answers are
// handed to it as the pod would give them, so it runs without a pod):
// nothing drawn can drive the terminal or hide text.
func FuzzRenderRooms(f *testing.F) {
	viewtest.AddHostileSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := viewtest.NewCommon(false)
		c.Pod, c.Identity = s, s
		names := tab.NewNames()
		d := tab.Deps{Names: names}
		const w, h = 120, 30
		check := func(where, out string) {
			t.Helper()
			viewtest.CheckDrawable(t, where, out)
		}

		room := pod.Room{
			RoomAttributes: pod.RoomAttributes{Name: s, Description: s, Keywords: []pod.RoomTag{{Key: s, Value: s}}, SubType: s},
			RoomSystemInfo: pod.RoomSystemInfo{ID: "r" + s, Active: true, CreatedByUserID: 42},
		}
		rooms := New(c, d)
		rooms.SetSize(w, h)
		rg := rooms.gen.Next()
		rooms.Update(ui.Result[roomPage]{View: ViewID, Gen: rg, Value: roomPage{Rooms: []pod.Room{room}, Count: 1}})
		check("rooms tab", rooms.View())
		form := viewtest.OpenedModal(t, rooms.editForm(room))
		form.SetSize(w, h)
		check("room edit form", form.View())
		names.Put(pod.User{ID: 42, DisplayName: s, EmailAddress: s, Username: s, Company: s})
		rooms.openMembers(room)
		rooms.Update(ui.Result[memberList]{View: ViewID, Gen: rooms.members.gen.Current(),
			Value: memberList{RoomID: room.RoomSystemInfo.ID, Members: []pod.MemberInfo{{ID: 42, Owner: true}, {ID: 7}}}})
		check("members", rooms.View())

		viewtest.CheckFrameDrawable(t, c, s, w, h, rooms)
	})
}
