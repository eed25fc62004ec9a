package users

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// startConsole is the console with the Users tab over h.
func startConsole(t *testing.T, h *viewtest.Harness, w, hgt int) *viewtest.Console {
	t.Helper()
	users := New(h.Common, h.Deps).WithClipboard(func(string) (string, error) { return "test", nil })
	return viewtest.StartConsole(t, h.Common, w, hgt, users)
}

// plainLocalUser is an enabled NORMAL user of the pod with an ASCII name
// nobody else has, easy to find on screen.
func plainLocalUser(t *testing.T, h *viewtest.Harness, skip int) pod.UserDetail {
	t.Helper()
	list, err := h.Admin.ListUsers(h.Ctx(t), 0, 200)
	if err != nil {
		t.Fatalf("list users: %v", err)
	}
	names := map[string]int{}
	for _, u := range list {
		names[u.UserAttributes.DisplayName]++
	}
	for _, u := range list {
		a := u.UserAttributes
		if a.AccountType != pod.AccountNormal || u.UserSystemInfo.Status != pod.UserEnabled || names[a.DisplayName] != 1 ||
			!viewtest.IsPlain(a.DisplayName+a.EmailAddress) {
			continue
		}
		if skip == 0 {
			return u
		}
		skip--
	}
	t.Fatal("no plain user in the seed")
	return pod.UserDetail{}
}

// podWrites counts the changing requests the emulator served.
func podWrites(h *viewtest.Harness) int {
	n := 0
	for route, rs := range h.Emu.Stats().Routes {
		if strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "PUT ") || strings.HasPrefix(route, "DELETE ") {
			if strings.Contains(route, "/search") || strings.Contains(route, "/login/") || strings.Contains(route, "/streams/list") {
				continue // reads sent as POST, and logins
			}
			n += rs.Requests
		}
	}
	return n
}

// Disabling a user asks first: declining changes nothing, confirming
// disables exactly that user.
func TestUsersFlowDisableDeclineThenConfirm(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	target := plainLocalUser(t, h, 0)
	id := target.UserSystemInfo.ID
	email := target.UserAttributes.EmailAddress

	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · ")
	f.Command("user " + email)
	f.WaitFor("roles     ")

	f.Send(viewtest.RuneKey("D"))
	f.WaitFor("Disable user")
	f.Send(viewtest.TypeKey(tea.KeyEnter)) // the default is No
	f.WaitFor("nothing changed")
	if st, err := h.Admin.UserStatus(h.Ctx(t), id); err != nil || st.Status != pod.UserEnabled {
		t.Fatalf("after declining: status %+v, %v; want ENABLED", st, err)
	}

	f.Send(viewtest.RuneKey("D"))
	f.WaitFor("Disable user")
	f.Send(viewtest.RuneKey("y"))
	f.WaitFor("disabled " + target.UserAttributes.DisplayName)
	// A terminal shrunk to 40x10 and back, detail pane open: no panic.
	f.TM.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	f.TM.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	f.Send(viewtest.RuneKey("j"), viewtest.RuneKey("k"))
	final := f.Finish()
	if got := strings.Count(final.View(), "\n") + 1; got != 40 {
		t.Fatalf("after the resize the frame has %d lines, want 40", got)
	}

	if st, err := h.Admin.UserStatus(h.Ctx(t), id); err != nil || st.Status != pod.UserDisabled {
		t.Fatalf("after confirming: status %+v, %v; want DISABLED", st, err)
	}
	other := plainLocalUser(t, h, 0) // the first enabled plain user is someone else now
	if other.UserSystemInfo.ID == id {
		t.Fatal("the disabled user still lists as enabled")
	}
	v := final.Views()[0].(*Tab)
	if r := v.recs[id]; r.Status != pod.UserDisabled {
		t.Fatalf("the row still says %q", r.Status)
	}
	viewtest.MustContain(t, "users view", v.View(), "DISABLED")
}

// A role picked in the picker is granted once confirmed.
func TestUsersFlowAddRoleViaPicker(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	target := plainLocalUser(t, h, 1)
	id := target.UserSystemInfo.ID
	if slices.Contains(target.Roles, "L2_SUPPORT") {
		t.Fatal("the seed gave the user L2_SUPPORT already")
	}

	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · ")
	f.Command("user " + target.UserAttributes.EmailAddress)
	f.WaitFor("roles     ")
	f.Send(viewtest.RuneKey("+"))
	f.WaitFor("Add a role to")
	f.TM.Type("l2_")
	f.WaitFor("L2 Support")
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("Grant role L2_SUPPORT")
	f.Send(viewtest.RuneKey("y"))
	f.WaitFor("added role L2_SUPPORT")
	f.Finish()

	d, err := h.Admin.UserDetail(h.Ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Roles, "L2_SUPPORT") {
		t.Fatalf("roles after the add: %v", d.Roles)
	}
}

// Read-only: help lists no mutating key, and the keys do nothing.
func TestUsersFlowReadOnly(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithReadOnly())
	target := plainLocalUser(t, h, 0)
	before := podWrites(h)

	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · ")
	f.Command("user " + target.UserAttributes.EmailAddress)
	f.WaitFor("roles     ")
	for _, k := range []string{"D", "R", "+", "-", "a", "e", "F", "Z", "m"} {
		f.Send(viewtest.RuneKey(k))
	}
	f.Send(viewtest.RuneKey("?"))
	f.WaitFor("Navigation")
	final := f.Finish()
	help := final.View()
	for _, word := range []string{"disable user", "enable user", "add role", "remove role", "create user", "edit user", "features", "suspend", "start IM"} {
		if strings.Contains(help, word) {
			t.Errorf("read-only help offers %q:\n%s", word, help)
		}
	}
	viewtest.MustContain(t, "read-only help", help, "details")
	if st, err := h.Admin.UserStatus(h.Ctx(t), target.UserSystemInfo.ID); err != nil || st.Status != pod.UserEnabled {
		t.Fatalf("status %+v, %v; want ENABLED", st, err)
	}
	if after := podWrites(h); after != before {
		t.Fatalf("read-only mode sent %d changing requests", after-before)
	}

}
