package presence

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

// onBehalfOf is a client of tp's pod acting on behalf of a local person
// through the emulator's app, recording its routes like tp's; the person's
// id comes back too.
func onBehalfOf(t *testing.T, tp *testPod) (*testPod, int64) {
	t.Helper()
	users, err := tp.client.ListUsers(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var who pod.UserDetail
	for _, u := range users {
		if u.UserAttributes.AccountType == pod.AccountNormal && u.UserSystemInfo.Status == pod.UserEnabled {
			who = u
			break
		}
	}
	dir := t.TempDir()
	if err := tp.emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(dir + "/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test", OBOUsername: who.UserAttributes.UserName})
	if err != nil {
		t.Fatal(err)
	}
	obo := &testPod{emu: tp.emu}
	obo.client = pod.New(s, pod.Options{
		Retry:    &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Observer: obo.observe,
	})
	return obo, who.UserSystemInfo.ID
}

// TestTrackerOnBehalfOfAUserFollowsTheUsersWatched: a session on behalf of
// a user never asks for everyone's presence (an administrator's); it holds
// its own and that of the users watched, read one by one without calling
// them changes, and the feed keeps them current, through a resync too.
func TestTrackerOnBehalfOfAUserFollowsTheUsersWatched(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 200})
	obo, self := onBehalfOf(t, tp)
	tr := startTracker(t, obo, Options{Interval: testInterval})
	s := waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 1 })
	if !s.Watched || s.Users != 1 {
		t.Fatalf("before any watch: watched %v, %d users known; want the user's own presence only", s.Watched, s.Users)
	}
	if _, ok := tr.Get(self); !ok {
		t.Fatal("the user's own presence is not known")
	}

	// The pod's own users: another pod's show OFFLINE to a user who has
	// neither a connection nor a registered interest (as the user sees them).
	truth := tp.truth(t)
	var ids []int64
	for id := range truth {
		if id != self && !pod.IsExternalUser(id, pod.TenantOf(self)) && len(ids) < 12 {
			ids = append(ids, id)
		}
	}
	tr.Watch(ids)
	tr.Watch(ids) // again: nothing more to read
	s = waitFor(t, tr, "the watched users", func(s Snapshot) bool { return s.Learned >= 1 && s.Users == 1+len(ids) })
	for id, c := range tr.Lookup(ids) {
		if c != truth[id].Category {
			t.Errorf("user %d: %s, the pod says %s", id, c, truth[id].Category)
		}
	}
	if s.Seq != 0 {
		t.Errorf("reading the watched users made %d changes; they are not moves", s.Seq)
	}

	want := changePresence(t, tp, tr, ids[:3])
	waitFor(t, tr, "the changes from the feed", func(s Snapshot) bool {
		for id, c := range want {
			if p, _ := tr.Get(id); p.Category != c {
				return false
			}
		}
		return true
	})
	tp.emu.ExpireFeeds()
	waitFor(t, tr, "a resync", func(s Snapshot) bool { return s.Resyncs == 1 && s.LastErr == nil })
	if got := tr.Snapshot(0).Users; got != 1+len(ids) {
		t.Errorf("after a resync the tracker knows %d users; want the user and the %d watched", got, len(ids))
	}
	reads := 0
	for _, r := range obo.seen() {
		switch r {
		case "GET " + "/pod/v2/users/presence":
			t.Fatalf("the tracker asked for everyone's presence on behalf of a user")
		case "GET /pod/v3/user/{uid}/presence":
			reads++
		}
	}
	if reads != 2*len(ids) {
		t.Errorf("%d reads of one user's presence; want each watched user read once, and again at the resync (%d)", reads, 2*len(ids))
	}
}

// TestTrackerStopsWhenThePodRefusesPresence: an app without GET_PRESENCE
// gets one refusal naming it; the tracker then says presence is not
// available, stops asking (no backoff, no retries, no stale badge), and a
// refresh asks nothing either.
func TestTrackerStopsWhenThePodRefusesPresence(t *testing.T) {
	tp := startPod(t, emulator.Options{Users: 50, AppPermissions: map[string][]string{
		emulator.AppID: {"GET_BASIC_USER_INFO", "GET_BASIC_CONTACT_INFO"},
	}})
	obo, _ := onBehalfOf(t, tp)
	tr := startTracker(t, obo, Options{Interval: testInterval})
	s := waitFor(t, tr, "the refusal", func(s Snapshot) bool { return s.Unavailable != "" })
	if !strings.Contains(s.Unavailable, "GET_PRESENCE") || s.LastErr != nil || !s.NextPoll.IsZero() {
		t.Fatalf("unavailable %q, last error %v, next poll %v; want the permission named and no retry", s.Unavailable, s.LastErr, s.NextPoll)
	}
	asked := obo.seen()
	tr.Refresh()
	tr.Watch([]int64{1, 2, 3})
	time.Sleep(10 * testInterval)
	if got := obo.seen(); len(got) != len(asked) {
		t.Errorf("after the refusal the tracker still called %v", got[len(asked):])
	}
	if s := tr.Snapshot(0); s.Stale(time.Now().Add(time.Hour)) {
		t.Error("presence that is not available shows as stale")
	}
	if n := slices.Index(asked, "POST /pod/v1/presence/feed/create"); n < 0 || slices.Contains(asked, "GET /pod/v2/users/presence") {
		t.Errorf("calls before stopping: %v", asked)
	}
}
