package soak

import (
	"errors"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// Each figure fails on what it is there to catch, and only on that.

func TestLostPresence(t *testing.T) {
	truth := map[int64]presenceRecord{
		1: {UserID: 1, Category: "AVAILABLE", Timestamp: 10},
		2: {UserID: 2, Category: "BUSY", Timestamp: 20},
		3: {UserID: 3, Category: "OFFLINE", Timestamp: 30}, // created, never changed
		4: {UserID: 4, Category: "AWAY", Timestamp: 40},    // another pod's user
		5: {UserID: 5, Category: "AWAY", Timestamp: 50},    // the tracker never heard of the change
	}
	local := func(id int64) bool { return id != 4 }
	tracker := []pod.Presence{
		{UserID: 1, Category: pod.CategoryAvailable, Timestamp: 10},
		{UserID: 2, Category: pod.CategoryAway, Timestamp: 15}, // a change lost
	}
	lost, compared, unseen := lostPresence(truth, tracker, local)
	if len(lost) != 2 || compared != 3 || unseen != 1 {
		t.Fatalf("lost %q, compared %d, unseen %d; want users 2 and 5 lost of 3 compared, 1 unseen", lost, compared, unseen)
	}
	if !strings.HasPrefix(lost[0], "user 2: AWAY at 15, the pod has BUSY at 20") || !strings.Contains(lost[1], "user 5") {
		t.Fatalf("lost %q", lost)
	}
	// The same category with another timestamp is a change the tracker missed too.
	tracker[1] = pod.Presence{UserID: 2, Category: pod.CategoryBusy, Timestamp: 19}
	if lost, _, _ := lostPresence(truth, tracker[:2], func(id int64) bool { return id < 3 }); len(lost) != 1 {
		t.Fatalf("a stale timestamp: lost %q", lost)
	}
	tracker[1].Timestamp = 20
	if lost, _, _ := lostPresence(truth, tracker[:2], func(id int64) bool { return id < 3 }); len(lost) != 0 {
		t.Fatalf("in step: lost %q", lost)
	}
}

func TestCreateFigures(t *testing.T) {
	rooms := map[string][]string{"twin": {"r1", "r2"}, "made": {"r3"}, "failed but made": {"r4"}, "unknown, made": {"r5"}}
	users := map[string]int64{"u-made": 7}
	intents := []createIntent{
		{room: true, name: "twin", outcome: created, gotID: "r1"},
		{room: true, name: "made", outcome: created, gotID: "r3"},
		{room: true, name: "wrong id", outcome: created, gotID: "r9"},
		{room: true, name: "failed but made", outcome: createFailed, err: errors.New("HTTP 500")},
		{room: true, name: "failed, not made", outcome: createFailed, err: errors.New("HTTP 400")},
		{room: true, name: "unknown, made", outcome: outcomeUnknown},
		{room: true, name: "unknown, not made", outcome: outcomeUnknown},
		{name: "u-made", outcome: created, gotID: "7"},
	}
	figs := createFigures(intents, func(n string) []string { return rooms[n] }, func(n string) (int64, bool) {
		id, ok := users[n]
		return id, ok
	})
	want := map[string]string{
		"duplicated creates":                    "1",
		"creates reported done, not made":       "1",
		"creates reported failed that happened": "1",
		"creates reported outcome unknown":      "2",
	}
	for _, f := range figs {
		if f.Value != want[f.Name] || f.Failed != (f.Bound != "") {
			t.Errorf("%s = %s (failed %v, bound %q); want %s", f.Name, f.Value, f.Failed, f.Bound, want[f.Name])
		}
	}
	if d := figs[3].Detail; !strings.HasPrefix(d, "1 happened, 1 did not") {
		t.Errorf("unknown outcomes: %s", d)
	}
	if len(figs) != len(want) {
		t.Fatalf("%d figures", len(figs))
	}
	clean := createFigures(intents[1:2], func(n string) []string { return rooms[n] }, nil)
	for _, f := range clean {
		if f.Failed {
			t.Errorf("a create done and made: %s failed", f.Name)
		}
	}
}

func TestMembershipFigures(t *testing.T) {
	const bot = 1
	pool := []poolUser{{id: 10}, {id: 11}, {id: 12}}
	rooms := []*roomIntent{{id: "A", state: map[int64]memberState{10: member, 11: owner, 12: unknown}, changes: 5, failed: 1}}
	truth := map[string][]emulator.Membership{"A": {{UserID: bot, Owner: true}, {UserID: 10}, {UserID: 11, Owner: true}, {UserID: 12}}}
	get := func(r string) ([]emulator.Membership, bool) { m, ok := truth[r]; return m, ok }
	figs := membershipFigures(rooms, pool, bot, get)
	if figs[0].Failed || figs[1].Failed || !strings.HasPrefix(figs[0].Detail, "2 room-user pairs in 1 rooms after 5 changes; 1 pairs left unknown") {
		t.Fatalf("as intended: %+v", figs)
	}
	for name, wrong := range map[string][]emulator.Membership{
		"a member missing":     {{UserID: bot, Owner: true}, {UserID: 11, Owner: true}},
		"an owner demoted":     {{UserID: bot, Owner: true}, {UserID: 10}, {UserID: 11}},
		"a stranger":           {{UserID: bot, Owner: true}, {UserID: 10}, {UserID: 11, Owner: true}, {UserID: 99}},
		"the bot not an owner": {{UserID: bot}, {UserID: 10}, {UserID: 11, Owner: true}},
	} {
		truth["A"] = wrong
		if f := membershipFigures(rooms, pool, bot, get)[0]; !f.Failed || f.Value != "1" {
			t.Errorf("%s: %+v", name, f)
		}
	}
	rooms[0].misreported = []string{"room A, user 12: absent -> member was made"}
	if f := membershipFigures(rooms, pool, bot, get)[1]; !f.Failed || !strings.Contains(f.Detail, "absent -> member") {
		t.Errorf("a change reported failed that was made: %+v", f)
	}
	if f := membershipFigures(rooms, pool, bot, func(string) ([]emulator.Membership, bool) { return nil, false })[0]; !f.Failed {
		t.Errorf("a room gone: %+v", f)
	}
}

func TestLoginFigure(t *testing.T) {
	const route = "POST /login/pubkey/authenticate"
	stats := func(ok, lost int) emulator.Stats {
		return emulator.Stats{
			Auth:   map[string]int{route: ok, "POST /sessionauth/v1/authenticate": 0},
			Routes: map[string]emulator.RouteStats{route: {Requests: ok, ByStatus: map[string]int{"200": ok}, Lost: lost}},
		}
	}
	for _, c := range []struct {
		ok, lost, expiries int
		value              string
		failed             bool
	}{
		{ok: 21, expiries: 20, value: "1.00"},
		{ok: 24, lost: 3, expiries: 20, value: "1.00"}, // three answers lost: asked again, not a second login
		{ok: 15, expiries: 20, value: "0.70"},          // the run ended before some expiries were met
		{ok: 22, expiries: 20, value: "1.05", failed: true},
		{ok: 3, expiries: 0, value: "2", failed: true},
	} {
		f := loginFigure(stats(c.ok, c.lost), c.expiries)
		if f.Value != c.value || f.Failed != c.failed {
			t.Errorf("%d logins answered, %d lost, %d expiries: %s (failed %v), want %s (failed %v)", c.ok, c.lost, c.expiries, f.Value, f.Failed, c.value, c.failed)
		}
	}
}

func TestReportCountsBoundedFigures(t *testing.T) {
	r := Report{Header: []string{"fault soak"}, Figures: []Figure{
		atMost("a", 0, 0, ""), atMost("b", 2, 0, "twice"), {Name: "c", Value: "7"},
	}}
	lines := r.Lines()
	if r.Passed() != 1 || r.Failed() != 1 || lines[len(lines)-1] != "1 passed, 1 failed" {
		t.Fatalf("%q", lines)
	}
	if !strings.HasPrefix(lines[2], "FAIL b") || !strings.HasPrefix(lines[3], "--   c") {
		t.Fatalf("%q", lines)
	}
}
