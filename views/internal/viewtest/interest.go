package viewtest

import (
	"context"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/presence"
)

// InterestRoute is the emulator's route of presence-interest registrations.
const InterestRoute = "POST /pod/v1/user/presence/register"

// NewTracked is a Harness on the small pod whose views have a running
// presence tracker, loaded once.
func NewTracked(t *testing.T) (*Harness, *presence.Tracker) {
	t.Helper()
	h := New(t, SmallPod())
	tr := h.Track(t, presence.Options{Interval: time.Hour, CallTimeout: 10 * time.Second})
	WaitTracker(t, tr, "the first load", func(s presence.Snapshot) bool { return s.Synced })
	return h, tr
}

// Track starts a presence tracker on h's client for the views built after
// (Deps.Presence), and closes it when the test ends.
func (h *Harness) Track(t testing.TB, opts presence.Options) *presence.Tracker {
	t.Helper()
	tr := presence.New(h.Client, opts)
	tr.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tr.Close(ctx)
	})
	h.Deps.Presence = tr
	return tr
}

// WaitTracker waits until the tracker's state meets cond (what names it
// for the failure).
func WaitTracker(t *testing.T, tr *presence.Tracker, what string, cond func(presence.Snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond(tr.Snapshot(0)) {
		if time.Now().After(deadline) {
			t.Fatalf("tracker: no %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// SettleTracker lets the tracker run one cycle, which starts by sending
// every registration asked for until then.
func SettleTracker(t *testing.T, tr *presence.Tracker) {
	t.Helper()
	p0 := tr.Snapshot(0).Polls
	tr.Refresh()
	WaitTracker(t, tr, "poll", func(s presence.Snapshot) bool { return s.Polls > p0 })
}

// Registrations is how many presence-interest registrations the emulator
// served.
func Registrations(h *Harness) int { return h.Emu.Stats().Routes[InterestRoute].Requests }

// ExternalUsers are n users of other pods than the caller's.
func ExternalUsers(t *testing.T, h *Harness, n int) []pod.User {
	t.Helper()
	self, err := h.Admin.SessionInfo(h.Ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Admin.SearchUsers(h.Ctx(t), pod.UserSearchQuery{}, false, 0, 500)
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

// RegisteredWithin waits until the tracker has registered every id and
// the emulator counted a registration.
func RegisteredWithin(t *testing.T, h *Harness, tr *presence.Tracker, ids ...int64) {
	t.Helper()
	WaitTracker(t, tr, "registration", func(presence.Snapshot) bool {
		for _, id := range ids {
			if !tr.Registered(id) {
				return false
			}
		}
		return Registrations(h) > 0
	})
}
