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
	"symtui/ui"
)

// usersFlowWait is generous: the race detector on two cores is slow.
const usersFlowWait = 20 * time.Second

// consoleFlow is the root with the Users and Connections tabs in teatest.
type consoleFlow struct {
	t     *testing.T
	tm    *teatest.TestModel
	users *Users
	conns *Connections
}

func startConsole(t *testing.T, h *harness, w, hgt int) *consoleFlow {
	t.Helper()
	users := NewUsers(h.Common, h.Deps).WithClipboard(func(string) (string, error) { return "test", nil })
	conns := NewConnections(h.Common, h.Deps)
	tm := teatest.NewTestModel(t, ui.New(h.Common, users, conns), teatest.WithInitialTermSize(w, hgt))
	t.Cleanup(func() { _ = tm.Quit() })
	return &consoleFlow{t: t, tm: tm, users: users, conns: conns}
}

// waitFor waits until the output shows text (a short sentinel).
func (f *consoleFlow) waitFor(text string) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(usersFlowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

func (f *consoleFlow) send(keys ...tea.KeyMsg) {
	for _, k := range keys {
		f.tm.Send(k)
	}
}

func (f *consoleFlow) command(line string) {
	f.send(runeKey(":"))
	f.tm.Type(line)
	f.send(typeKey(tea.KeyEnter))
}

// finish quits and returns the final root model.
func (f *consoleFlow) finish() *ui.Model {
	f.t.Helper()
	_ = f.tm.Quit()
	return f.tm.FinalModel(f.t, teatest.WithFinalTimeout(usersFlowWait)).(*ui.Model)
}

// plainLocalUser is an enabled NORMAL user of the pod with an ASCII name
// nobody else has, easy to find on screen.
func plainLocalUser(t *testing.T, h *harness, skip int) pod.UserDetail {
	t.Helper()
	list, err := h.Admin.ListUsers(h.ctx(t), 0, 200)
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
			!isPlain(a.DisplayName+a.EmailAddress) {
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

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// podWrites counts the changing requests the emulator served.
func podWrites(h *harness) int {
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
	h := newHarness(t, smallPod())
	target := plainLocalUser(t, h, 0)
	id := target.UserSystemInfo.ID
	email := target.UserAttributes.EmailAddress

	f := startConsole(t, h, 120, 40)
	f.waitFor("all users · ")
	f.command("user " + email)
	f.waitFor("roles     ")

	f.send(runeKey("D"))
	f.waitFor("Disable user")
	f.send(typeKey(tea.KeyEnter)) // the default is No
	f.waitFor("nothing changed")
	if st, err := h.Admin.UserStatus(h.ctx(t), id); err != nil || st.Status != pod.UserEnabled {
		t.Fatalf("after declining: status %+v, %v; want ENABLED", st, err)
	}

	f.send(runeKey("D"))
	f.waitFor("Disable user")
	f.send(runeKey("y"))
	f.waitFor("disabled " + target.UserAttributes.DisplayName)
	// A terminal shrunk to 40x10 and back, detail pane open: no panic.
	f.tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	f.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	f.send(runeKey("j"), runeKey("k"))
	final := f.finish()
	if got := strings.Count(final.View(), "\n") + 1; got != 40 {
		t.Fatalf("after the resize the frame has %d lines, want 40", got)
	}

	if st, err := h.Admin.UserStatus(h.ctx(t), id); err != nil || st.Status != pod.UserDisabled {
		t.Fatalf("after confirming: status %+v, %v; want DISABLED", st, err)
	}
	other := plainLocalUser(t, h, 0) // the first enabled plain user is someone else now
	if other.UserSystemInfo.ID == id {
		t.Fatal("the disabled user still lists as enabled")
	}
	v := final.Views()[0].(*Users)
	if r := v.recs[id]; r.Status != pod.UserDisabled {
		t.Fatalf("the row still says %q", r.Status)
	}
	mustContain(t, "users view", v.View(), "DISABLED")
}

// A role picked in the picker is granted once confirmed.
func TestUsersFlowAddRoleViaPicker(t *testing.T) {
	h := newHarness(t, smallPod())
	target := plainLocalUser(t, h, 1)
	id := target.UserSystemInfo.ID
	if slices.Contains(target.Roles, "L2_SUPPORT") {
		t.Fatal("the seed gave the user L2_SUPPORT already")
	}

	f := startConsole(t, h, 120, 40)
	f.waitFor("all users · ")
	f.command("user " + target.UserAttributes.EmailAddress)
	f.waitFor("roles     ")
	f.send(runeKey("+"))
	f.waitFor("Add a role to")
	f.tm.Type("l2_")
	f.waitFor("L2 Support")
	f.send(typeKey(tea.KeyEnter))
	f.waitFor("Grant role L2_SUPPORT")
	f.send(runeKey("y"))
	f.waitFor("added role L2_SUPPORT")
	f.finish()

	d, err := h.Admin.UserDetail(h.ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Roles, "L2_SUPPORT") {
		t.Fatalf("roles after the add: %v", d.Roles)
	}
}

// Accepting an incoming request makes the connection ACCEPTED on the pod.
func TestConnectionsFlowAcceptPending(t *testing.T) {
	h := newHarness(t, smallPod())
	ctx := h.ctx(t)
	pending, err := h.Admin.Connections(ctx, pod.ConnectionPendingIncoming)
	if err != nil || len(pending) == 0 {
		t.Fatalf("incoming requests in the seed: %v, %v", pending, err)
	}
	who := pending[len(pending)-1].UserID
	list, err := h.Admin.UsersByID(ctx, []int64{who}, pod.LookupOptions{})
	if err != nil || len(list.Users) != 1 {
		t.Fatalf("look up %d: %v", who, err)
	}
	email := list.Users[0].EmailAddress

	f := startConsole(t, h, 120, 40)
	f.waitFor("all users · ")
	f.send(runeKey("2"))
	f.waitFor("status: ALL")
	f.send(runeKey("f"))
	f.waitFor("status: PENDING_INCOMING")
	f.send(runeKey("/"))
	f.tm.Type(email)
	f.send(typeKey(tea.KeyEnter))
	f.waitFor("1 of ")
	f.send(runeKey("A"))
	f.waitFor("accepted the connection request")
	f.finish()

	c, err := h.Admin.Connection(ctx, who)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != pod.ConnectionAccepted {
		t.Fatalf("connection with %d is %s; want ACCEPTED", who, c.Status)
	}
}

// Read-only: help lists no mutating key, and the keys do nothing.
func TestUsersFlowReadOnly(t *testing.T) {
	h := newHarness(t, smallPod(), withReadOnly())
	target := plainLocalUser(t, h, 0)
	before := podWrites(h)

	f := startConsole(t, h, 120, 40)
	f.waitFor("all users · ")
	f.command("user " + target.UserAttributes.EmailAddress)
	f.waitFor("roles     ")
	for _, k := range []string{"D", "R", "+", "-", "a", "e", "F", "Z", "m"} {
		f.send(runeKey(k))
	}
	f.send(runeKey("?"))
	f.waitFor("Navigation")
	final := f.finish()
	help := final.View()
	for _, word := range []string{"disable user", "enable user", "add role", "remove role", "create user", "edit user", "features", "suspend", "start IM"} {
		if strings.Contains(help, word) {
			t.Errorf("read-only help offers %q:\n%s", word, help)
		}
	}
	mustContain(t, "read-only help", help, "details")
	if st, err := h.Admin.UserStatus(h.ctx(t), target.UserSystemInfo.ID); err != nil || st.Status != pod.UserEnabled {
		t.Fatalf("status %+v, %v; want ENABLED", st, err)
	}
	if after := podWrites(h); after != before {
		t.Fatalf("read-only mode sent %d changing requests", after-before)
	}

	// The Connections tab's mutating keys are gone too.
	conns := final.Views()[1].(*Connections)
	for _, b := range conns.KeyBindings() {
		if b.Enabled() && (b.Help().Desc == "accept request" || b.Help().Desc == "reject request" ||
			b.Help().Desc == "remove connection" || b.Help().Desc == "request connection") {
			t.Errorf("read-only Connections offers %q", b.Help().Desc)
		}
	}
}
