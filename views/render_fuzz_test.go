package views

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// FuzzRenderViews is the render corpus test's fuzz target: one string in
// every text field of a user (its row, detail pane and edit form), a room
// (row, detail, edit form, members), a connection and a pod error, drawn
// by the real views (the answers are handed to them as the pod would give
// them, so it runs without a pod): nothing drawn can drive the terminal or
// hide text.
func FuzzRenderViews(f *testing.F) {
	for _, h := range viewtest.Hostile {
		f.Add(h.Value)
	}
	f.Add("⟨ESC⟩ typed, not a placeholder")
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

		// A user everywhere the Users tab shows one.
		det := pod.UserDetail{
			UserAttributes: pod.UserAttributes{DisplayName: s, FirstName: s, LastName: s, UserName: "u" + s, EmailAddress: s,
				CompanyName: s, Department: s, Division: s, Title: s, Location: s, JobFunction: s, AccountType: s,
				WorkPhoneNumber: s, MobilePhoneNumber: s},
			UserSystemInfo: pod.UserSystemInfo{ID: 42, Status: s, SuspensionReason: s, Suspended: true, CreatedBy: s},
			Roles:          []string{s, "INDIVIDUAL"},
		}
		users := NewUsers(c, d)
		users.SetSize(w, h)
		gen := users.gen.Next()
		users.Update(ui.Result[usersPage]{View: UsersViewID, Gen: gen, Value: usersPage{Users: []userRec{recFromDetail(det)}, Last: true}})
		users.detail.open = true
		users.layout()
		dg := users.detail.gen.Next()
		users.detail.id, users.detail.loading = 42, true
		users.Update(ui.Result[userInfo]{View: UsersViewID, Gen: dg, Value: userInfo{ID: 42, Detail: det,
			Features: []pod.Feature{{Entitlement: s, Enabled: true}}, Presence: pod.Presence{Category: pod.Category(s)}}})
		check("users tab", users.View())
		form := viewtest.OpenedModal(t, users.editForm(recFromDetail(det), det.UserAttributes))
		form.SetSize(w, h)
		check("user edit form", form.View())
		users.Update(ui.Result[userChange]{View: UsersViewID, Err: errors.New(s)})
		check("users tab after an error", users.View())

		// A room, its detail and edit form, its members.
		room := pod.Room{
			RoomAttributes: pod.RoomAttributes{Name: s, Description: s, Keywords: []pod.RoomTag{{Key: s, Value: s}}, SubType: s},
			RoomSystemInfo: pod.RoomSystemInfo{ID: "r" + s, Active: true, CreatedByUserID: 42},
		}
		rooms := NewRooms(c, d)
		rooms.SetSize(w, h)
		rg := rooms.gen.Next()
		rooms.Update(ui.Result[roomPage]{View: RoomsViewID, Gen: rg, Value: roomPage{Rooms: []pod.Room{room}, Count: 1}})
		check("rooms tab", rooms.View())
		form = viewtest.OpenedModal(t, rooms.editForm(room))
		form.SetSize(w, h)
		check("room edit form", form.View())
		names.Put(pod.User{ID: 42, DisplayName: s, EmailAddress: s, Username: s, Company: s})
		rooms.openMembers(room)
		rooms.Update(ui.Result[memberList]{View: RoomsViewID, Gen: rooms.members.gen.Current(),
			Value: memberList{RoomID: room.RoomSystemInfo.ID, Members: []pod.MemberInfo{{ID: 42, Owner: true}, {ID: 7}}}})
		check("members", rooms.View())

		// A connection with that user.
		conns := NewConnections(c, d)
		conns.SetSize(w, h)
		cg := conns.gen.Next()
		conns.Update(ui.Result[connsLoaded]{View: ConnectionsViewID, Gen: cg, Value: connsLoaded{
			List: []pod.Connection{{UserID: 42, Status: pod.ConnectionStatus(s)}}}})
		check("connections tab", conns.View())

		// The whole frame, with the pod's error on the status line.
		root := ui.New(c, users, rooms, conns)
		root.Update(tea.WindowSizeMsg{Width: w, Height: h})
		root.Update(ui.StatusMsg{Level: ui.LevelError, Text: s})
		check("frame", root.View())
		if root.GuardedFrames() != 0 {
			t.Fatal("the root's guard had to clean the frame")
		}
		if strings.Count(root.View(), "\n") != h-1 {
			t.Fatal("the frame lost its height")
		}
	})
}
