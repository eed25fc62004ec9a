package users

import (
	"errors"
	"testing"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// FuzzRenderUsers is the render corpus test's fuzz target for the Users
// tab: one string in every text field of a user (its row, detail pane and
// edit form) and in a pod error, drawn by the real tab (the answers are
// handed to it as the pod would give them, so it runs without a pod):
// nothing drawn can drive the terminal or hide text.
func FuzzRenderUsers(f *testing.F) {
	viewtest.AddHostileSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := viewtest.NewCommon(false)
		c.Pod, c.Identity = s, s
		d := tab.Deps{Names: tab.NewNames()}
		const w, h = 120, 30
		check := func(where, out string) {
			t.Helper()
			viewtest.CheckDrawable(t, where, out)
		}

		det := pod.UserDetail{
			UserAttributes: pod.UserAttributes{DisplayName: s, FirstName: s, LastName: s, UserName: "u" + s, EmailAddress: s,
				CompanyName: s, Department: s, Division: s, Title: s, Location: s, JobFunction: s, AccountType: s,
				WorkPhoneNumber: s, MobilePhoneNumber: s},
			UserSystemInfo: pod.UserSystemInfo{ID: 42, Status: s, SuspensionReason: s, Suspended: true, CreatedBy: s},
			Roles:          []string{s, "INDIVIDUAL"},
		}
		users := New(c, d)
		users.SetSize(w, h)
		users.reload() // the commands it returns would reach the pod: not run
		users.Update(ui.Result[usersPage]{View: ViewID, Gen: users.listGen.Current(), Value: usersPage{Users: []userRec{recFromDetail(det)}}})
		users.detail.open = true
		users.layout()
		dg := users.detail.gen.Next()
		users.detail.id, users.detail.loading = 42, true
		users.Update(ui.Result[userInfo]{View: ViewID, Gen: dg, Value: userInfo{ID: 42, Detail: det,
			Features: []pod.Feature{{Entitlement: s, Enabled: true}}, Presence: pod.Presence{Category: pod.Category(s)}}})
		check("users tab", users.View())
		form := viewtest.OpenedModal(t, users.editForm(recFromDetail(det), det.UserAttributes))
		form.SetSize(w, h)
		check("user edit form", form.View())
		users.Update(ui.Result[userChange]{View: ViewID, Err: errors.New(s)})
		check("users tab after an error", users.View())

		viewtest.CheckFrameDrawable(t, c, s, w, h, users)
	})
}
