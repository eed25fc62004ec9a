package rooms

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// roomsFlow is the console (root and Rooms tab) running in teatest.
type roomsFlow struct {
	t     *testing.T
	h     *viewtest.Harness
	tm    *teatest.TestModel
	rooms *Tab
}

func startRoomsFlow(t *testing.T, h *viewtest.Harness, w, hgt int) *roomsFlow {
	t.Helper()
	v := New(h.Common, h.Deps)
	root := ui.New(h.Common, v)
	tm := viewtest.NewTestModel(t, root, w, hgt)
	t.Cleanup(func() { _ = tm.Quit() })
	return &roomsFlow{t: t, h: h, tm: tm, rooms: v}
}

// waitFor waits until the output written since the last wait shows every
// text (short sentinels). Sentinels that may land in the same frame must be
// waited for together: a wait consumes what it read.
func (f *roomsFlow) waitFor(texts ...string) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

func (f *roomsFlow) typeText(s string) { f.tm.Type(s) }

func (f *roomsFlow) key(t tea.KeyType) { f.tm.Send(tea.KeyMsg{Type: t}) }

func (f *roomsFlow) runes(s string) { f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

// finish quits and returns the final root model.
func (f *roomsFlow) finish() *ui.Model {
	f.t.Helper()
	return viewtest.FinalRoot(f.t, f.tm)
}

// openRoom runs ":room NAME" and waits for the members of a room with n members.
func (f *roomsFlow) openRoom(name string, n int) {
	f.t.Helper()
	f.runes(":")
	f.typeText("room " + name)
	f.key(tea.KeyEnter)
	f.waitFor(membersCount(n))
}

func membersCount(n int) string {
	if n == 1 {
		return "1 member ·"
	}
	return strconv.Itoa(n) + " members ·"
}

// plainUsers returns n local, enabled users with plain ASCII names that no
// other of them shares, and unique emails: easy to find on screen.
func plainUsers(t *testing.T, h *viewtest.Harness, n int) []pod.User {
	t.Helper()
	res, err := h.Admin.SearchUsers(h.Ctx(t), pod.UserSearchQuery{}, true, 0, 200)
	if err != nil {
		t.Fatalf("search users: %v", err)
	}
	seen := map[string]int{}
	for _, u := range res.Users {
		seen[u.DisplayName]++
	}
	var out []pod.User
	for _, u := range res.Users {
		if u.AccountType != pod.AccountNormal || seen[u.DisplayName] != 1 || u.DisplayName != ui.Sanitize(u.DisplayName) || !isASCII(u.DisplayName+u.EmailAddress) {
			continue
		}
		out = append(out, u)
		if len(out) == n {
			return out
		}
	}
	t.Fatalf("only %d plain users in the seed", len(out))
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// makeRoom creates a room owned by the bot with the given members.
func makeRoom(t *testing.T, h *viewtest.Harness, name string, members ...pod.User) string {
	t.Helper()
	ctx := h.Ctx(t)
	yes := true
	r, err := h.Admin.CreateRoom(ctx, pod.RoomChanges{Name: &name, Discoverable: &yes, MembersCanInvite: &yes})
	if err != nil {
		t.Fatalf("create room: %v", err)
	}
	id := r.RoomSystemInfo.ID
	for _, u := range members {
		if err := h.Admin.AddMember(ctx, id, u.ID); err != nil {
			t.Fatalf("add member: %v", err)
		}
	}
	return id
}

// roomMembership reads a room's members from the emulator: id -> owner.
func roomMembership(t *testing.T, h *viewtest.Harness, roomID string) map[int64]bool {
	t.Helper()
	ms, err := h.Admin.RoomMembers(h.Ctx(t), roomID)
	if err != nil {
		t.Fatalf("list members: %v", err)
	}
	out := map[int64]bool{}
	for _, m := range ms {
		out[m.ID] = m.Owner
	}
	return out
}

// membershipWrites counts the membership changes the emulator served.
func membershipWrites(h *viewtest.Harness) int {
	n := 0
	for route, rs := range h.Emu.Stats().Routes {
		if strings.HasPrefix(route, "POST ") && (strings.Contains(route, "/membership/") || strings.Contains(route, "setActive") ||
			strings.Contains(route, "/room/create") || strings.Contains(route, "/update")) {
			n += rs.Requests
		}
	}
	return n
}

func keysOf(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
