package views

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/tab"
)

const interestRoute = "POST /pod/v1/user/presence/register"

// interestHarness is a harness whose views have a running presence tracker.
func interestHarness(t *testing.T) (*harness, *presence.Tracker) {
	t.Helper()
	h := newHarness(t, smallPod())
	tr := presence.New(h.Client, presence.Options{Interval: time.Hour, CallTimeout: 10 * time.Second})
	tr.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tr.Close(ctx)
	})
	h.Deps.Presence = tr
	waitTracker(t, tr, "the first load", func(s presence.Snapshot) bool { return s.Synced })
	return h, tr
}

func waitTracker(t *testing.T, tr *presence.Tracker, what string, cond func(presence.Snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond(tr.Snapshot(0)) {
		if time.Now().After(deadline) {
			t.Fatalf("tracker: no %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settleTracker lets the tracker run one cycle, which starts by sending
// every registration asked for until then.
func settleTracker(t *testing.T, tr *presence.Tracker) {
	t.Helper()
	p0 := tr.Snapshot(0).Polls
	tr.Refresh()
	waitTracker(t, tr, "poll", func(s presence.Snapshot) bool { return s.Polls > p0 })
}

func registrations(h *harness) int { return h.Emu.Stats().Routes[interestRoute].Requests }

// externalUsers are n users of other pods than the caller's.
func externalUsers(t *testing.T, h *harness, n int) []pod.User {
	t.Helper()
	self, err := h.Admin.SessionInfo(h.ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Admin.SearchUsers(h.ctx(t), pod.UserSearchQuery{}, false, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []pod.User
	for _, u := range res.Users {
		if pod.IsExternalUser(u.ID, pod.TenantOf(self.ID)) {
			out = append(out, u)
			if len(out) == n {
				return out
			}
		}
	}
	t.Fatalf("only %d external users in the seed", len(out))
	return nil
}

// registeredWithin waits until the tracker has registered every id and
// the emulator counted a registration.
func registeredWithin(t *testing.T, h *harness, tr *presence.Tracker, ids ...int64) {
	t.Helper()
	waitTracker(t, tr, "registration", func(presence.Snapshot) bool {
		for _, id := range ids {
			if !tr.Registered(id) {
				return false
			}
		}
		return registrations(h) > 0
	})
}

// The Users tab registers presence interest for the external users it
// shows, and for nobody while it shows only the pod's own users.
func TestUsersRegisterPresenceInterestForExternalUsers(t *testing.T) {
	h, tr := interestHarness(t)
	ext := externalUsers(t, h, 1)[0]

	v, _ := newTestUsers(t, h, 120, 40)
	if v.selfID == 0 || len(v.listIDs) == 0 {
		t.Fatalf("caller %d, %d users listed", v.selfID, len(v.listIDs))
	}
	settleTracker(t, tr)
	if n := registrations(h); n != 0 {
		t.Fatalf("the pod's own users led to %d registrations", n)
	}

	drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "user", Arg: ext.EmailAddress} })
	if _, shown := v.pos[ext.ID]; !shown {
		t.Fatalf("%d is not shown", ext.ID)
	}
	registeredWithin(t, h, tr, ext.ID)
	if n := registrations(h); n != 1 {
		t.Errorf("%d registrations; want 1", n)
	}
	for _, id := range v.listIDs[:20] {
		if tr.Registered(id) {
			t.Fatalf("the pod's own user %d was registered", id)
		}
	}
}

// The members sub-view registers presence interest for the external members
// of the room it lists, and for nobody in a room of the pod's own users.
func TestMembersRegisterPresenceInterestForExternalMembers(t *testing.T) {
	h, tr := interestHarness(t)
	local := plainUsers(t, h, 2)
	ext := externalUsers(t, h, 2)
	localRoom := makeRoom(t, h, "Interest Local", local...)
	mixedRoom := makeRoom(t, h, "Interest Mixed", local[0], ext[0], ext[1])

	v := NewRooms(h.Common, h.Deps)
	v.SetSize(120, 40)
	drive(t, v, v.Init())
	if v.selfID == 0 {
		t.Fatal("the caller is not known")
	}
	drive(t, v, v.openMembers(roomsFixture(localRoom, "Interest Local", true)))
	if len(v.members.list) != 3 {
		t.Fatalf("local room: %d members listed", len(v.members.list))
	}
	settleTracker(t, tr)
	if n := registrations(h); n != 0 {
		t.Fatalf("a room of the pod's own users led to %d registrations", n)
	}

	drive(t, v, v.openMembers(roomsFixture(mixedRoom, "Interest Mixed", true)))
	if len(v.members.list) != 4 {
		t.Fatalf("mixed room: %d members listed", len(v.members.list))
	}
	registeredWithin(t, h, tr, ext[0].ID, ext[1].ID)
	if n := registrations(h); n != 1 {
		t.Errorf("%d registrations; want 1", n)
	}
	for _, u := range local {
		if tr.Registered(u.ID) {
			t.Errorf("the pod's own user %d was registered", u.ID)
		}
	}
}

// Members listed before the caller is known are registered once it is.
func TestMembersRegisterPresenceInterestWhenTheCallerIsKnown(t *testing.T) {
	h, tr := interestHarness(t)
	ext := externalUsers(t, h, 1)
	room := makeRoom(t, h, "Interest Late", ext...)

	v := NewRooms(h.Common, h.Deps)
	v.SetSize(120, 40)
	drive(t, v, v.openMembers(roomsFixture(room, "Interest Late", true)))
	settleTracker(t, tr)
	if n := registrations(h); n != 0 || v.selfID != 0 {
		t.Fatalf("%d registrations with the caller unknown (%d)", n, v.selfID)
	}
	drive(t, v, tab.LoadSelf(RoomsViewID, h.Deps))
	registeredWithin(t, h, tr, ext[0].ID)
}
