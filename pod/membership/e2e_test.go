package membership

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/contract"
	"symtui/pod/emulator"
	"symtui/session"
)

// livePod is an emulator and the bot's client, through the contract
// validator unless faults are to reach the client as they are.
type livePod struct {
	emu    *emulator.Emulator
	cfg    *session.Config
	client *pod.Client
	people []int64 // enabled people of this pod
	bot    int64
}

func startPod(t *testing.T, validated bool, retry pod.RetryPolicy) *livePod {
	t.Helper()
	e, err := emulator.New(emulator.Options{Users: 300, Rooms: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	dir := t.TempDir()
	if err := e.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if validated {
		u, _ := url.Parse(contract.NewProxy(t, contract.RequireSpec(t), e.URL, nil))
		port, _ := strconv.Atoi(u.Port())
		for _, ep := range []*session.Endpoint{&cfg.Pod, &cfg.Agent, &cfg.KeyManager, &cfg.SessionAuth} {
			ep.Host, ep.Port = u.Hostname(), port
		}
	}
	p := &livePod{emu: e, cfg: cfg, bot: e.Credentials.BotUserID}
	p.client = p.newClient(t, retry)
	all, err := pod.Collect(p.client.AllUsers(ctx(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range all {
		if u.UserSystemInfo.Status == pod.UserEnabled && u.UserAttributes.AccountType == "NORMAL" {
			p.people = append(p.people, u.UserSystemInfo.ID)
		}
	}
	return p
}

func (p *livePod) newClient(t *testing.T, retry pod.RetryPolicy) *pod.Client {
	s, err := session.New(p.cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{Retry: &retry})
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

var quickRetries = pod.RetryPolicy{MaxAttempts: 10, InitialInterval: 5 * time.Millisecond, MaxInterval: 100 * time.Millisecond, Multiplier: 2}

// room makes a room of the bot's with these members.
func (p *livePod) room(t *testing.T, members ...int64) string {
	t.Helper()
	name := fmt.Sprintf("room %d", time.Now().UnixNano())
	r, err := p.client.CreateRoom(ctx(t), pod.RoomChanges{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if err := p.client.AddMember(ctx(t), r.RoomSystemInfo.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	return r.RoomSystemInfo.ID
}

func (p *livePod) truth(t *testing.T, room string) map[int64]bool {
	t.Helper()
	ms, _ := p.emu.RoomMembers(room)
	out := map[int64]bool{}
	for _, m := range ms {
		out[m.UserID] = m.Owner
	}
	return out
}

func (p *livePod) plan(t *testing.T, c *pod.Client, room string, target Target) SetPlan {
	t.Helper()
	a, err := Self(ctx(t), c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ReadRoom(ctx(t), c, a, room)
	if err != nil {
		t.Fatal(err)
	}
	return PlanSet(r, target, a, false)
}

// holdsIn reports whether the room's state m holds what c wanted.
func holdsIn(m map[int64]bool, c Change) bool {
	owner, member := m[c.UserID]
	switch c.Op {
	case OpAdd:
		return member
	case OpRemove:
		return !member
	case OpPromote:
		return member && owner
	}
	return member && !owner
}

// Under faults, with no retries, some changes fail; what the run calls
// done the pod holds, and what is left (read afresh) is exactly the
// difference between the pod and the list, each of it a change the run
// said failed or did not attempt. A second run with retries ends there.
func TestRunSetUnderFaultsReportsWhatIsLeft(t *testing.T) {
	p := startPod(t, false, pod.RetryPolicy{MaxAttempts: 1})
	var start []int64
	for i := range 30 {
		start = append(start, p.people[i])
	}
	room := p.room(t, start...)
	target := Target{Members: []pod.User{{ID: p.bot}}, Owners: []pod.User{{ID: p.bot}, {ID: p.people[20]}, {ID: p.people[40]}}, OwnersSet: true}
	want := map[int64]bool{p.bot: true, p.people[20]: true, p.people[40]: true}
	for i := 15; i < 55; i++ {
		target.Members = append(target.Members, pod.User{ID: p.people[i]})
		if !want[p.people[i]] {
			want[p.people[i]] = false
		}
	}
	plan := p.plan(t, p.client, room, target)
	if plan.Changes() != 15+25+2 {
		t.Fatalf("plan of %d changes", plan.Changes())
	}
	p.emu.SetFaults(emulator.Faults{ErrorRate: 0.1, LoseRate: 0.05, DropRate: 0.02})
	x := Executor{Pod: p.client, Actor: Actor{ID: p.bot, Admin: true}}
	results := x.RunSet(ctx(t), &plan, RunOptions{Bulk: bulk.Options{Workers: 4}})
	p.emu.SetFaults(emulator.Faults{})

	truth := p.truth(t, room)
	failed := map[Change]bool{}
	nFailed := 0
	for _, r := range results {
		switch r.Outcome {
		case Done, Already:
			if !holdsIn(truth, r.Change) {
				t.Errorf("%s %d reported %s, but the pod does not hold it", r.Op, r.UserID, r.Outcome)
			}
		default:
			failed[r.Change] = true
			nFailed++
		}
	}
	if nFailed == 0 {
		t.Fatalf("no change failed under %+v: the test proves nothing", p.emu.Stats().Faults)
	}
	clean := p.newClient(t, quickRetries)
	left := p.plan(t, clean, room, target)
	// The difference, computed here from the emulator's truth.
	diff := map[string]bool{}
	for uid, owner := range truth {
		w, wanted := want[uid]
		switch {
		case !wanted:
			diff[fmt.Sprint("remove ", uid)] = true
		case w && !owner:
			diff[fmt.Sprint("promote ", uid)] = true
		case !w && owner:
			diff[fmt.Sprint("demote ", uid)] = true
		}
	}
	for uid, w := range want {
		if _, in := truth[uid]; !in {
			diff[fmt.Sprint("add ", uid)] = true
			if w {
				diff[fmt.Sprint("promote ", uid)] = true
			}
		}
	}
	got := map[string]bool{}
	for _, ph := range left.Phases() {
		for _, c := range ph {
			got[fmt.Sprint(c.Op, " ", c.UserID)] = true
			c.Via = ViaRoom
			if !failed[c] {
				t.Errorf("left: %s %d, which the run did not report failed", c.Op, c.UserID)
			}
		}
	}
	if !maps.Equal(got, diff) {
		t.Fatalf("left %v, the pod differs from the list by %v", got, diff)
	}
	t.Logf("%d of %d changes failed; %d left; faults %+v", nFailed, len(results), len(got), p.emu.Stats().Faults)

	// The same under faults with retries reaches the list.
	p.emu.SetFaults(emulator.Faults{ErrorRate: 0.1, LoseRate: 0.05})
	retried := p.newClient(t, quickRetries)
	x.Pod = retried
	x.RunSet(ctx(t), &left, RunOptions{Bulk: bulk.Options{Workers: 4}})
	p.emu.SetFaults(emulator.Faults{})
	if got := p.truth(t, room); !maps.Equal(got, want) {
		t.Fatalf("after the second run: %d members, want %d", len(got), len(want))
	}
}

// An offboarding through the contract validator: the user's rooms read
// (the admin streams list and membership lists), the new owner added and
// promoted on the leaving owner's behalf, the user removed through the
// admin variant where the bot is no owner and the room's own endpoint
// where it is, the account disabled; then nothing is unmet.
func TestRunOffboardFollowsTheContract(t *testing.T) {
	p := startPod(t, true, quickRetries)
	c := ctx(t)
	leaver, heir, other := p.people[0], p.people[1], p.people[2]
	last := p.room(t, leaver, other)
	if err := p.client.PromoteOwner(c, last, leaver); err != nil {
		t.Fatal(err)
	}
	if err := p.client.RemoveMember(c, last, p.bot); err != nil {
		t.Fatal(err)
	}
	shared := p.room(t, leaver)
	a, err := Self(c, p.client)
	if err != nil || !a.Admin {
		t.Fatalf("actor %+v, %v", a, err)
	}
	read, err := ReadUserRooms(c, p.client, leaver, bulk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(p.cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	owners := NewOnBehalf(s, "test", pod.Options{Retry: &quickRetries})
	defer owners.Close()
	plan := PlanOffboard(leaver, read.Rooms, a, OffboardOptions{DefaultNewOwner: heir, Disable: true, OnBehalf: owners != nil})
	byID := map[string]RoomPlan{}
	for _, rp := range plan.Rooms {
		byID[rp.Room.ID] = rp
	}
	if byID[last].Action != Handover || byID[shared].Action != Remove {
		t.Fatalf("plan: last %v %q, shared %v %q", byID[last].Action, byID[last].Reason, byID[shared].Action, byID[shared].Reason)
	}
	x := Executor{Pod: p.client, Actor: a, Owners: owners}
	p.emu.ResetStats()
	for _, r := range x.RunOffboard(c, &plan, RunOptions{}) {
		if r.Outcome != Done {
			t.Errorf("%s %d in %s: %s %v", r.Op, r.UserID, r.Room, r.Outcome, r.Err)
		}
	}
	unmet, err := CheckOffboard(c, p.client, &plan, bulk.Options{})
	if err != nil || len(unmet) > 0 {
		t.Fatalf("unmet %v, %v", unmet, err)
	}
	if m := p.truth(t, last); !m[heir] || len(m) != 2 {
		t.Fatalf("the room whose last owner left: %v", m)
	}
	// Each change went where the plan said, and nowhere else.
	want := map[string]int{"POST /pod/v1/admin/user/{uid}/status/update": 1}
	for _, rp := range plan.Rooms {
		for _, c := range rp.Changes {
			route := map[Op]string{OpAdd: "add", OpRemove: "remove", OpPromote: "promoteOwner"}[c.Op]
			if c.Via == ViaAdmin {
				want["POST /pod/v1/admin/room/{id}/membership/"+route]++
			} else {
				want["POST /pod/v1/room/{id}/membership/"+route]++
			}
		}
	}
	if want["POST /pod/v1/admin/room/{id}/membership/remove"] == 0 || want["POST /pod/v1/room/{id}/membership/promoteOwner"] != 1 {
		t.Fatalf("the plan takes neither the admin variant nor a promotion: %v", want)
	}
	got := map[string]int{}
	for route, rs := range p.emu.Stats().Routes {
		if strings.HasPrefix(route, "POST /pod/v1/") && !strings.HasSuffix(route, "/list") {
			got[route] = rs.Requests
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("writes %v, want %v", got, want)
	}
}

// An administrator (de)activates a room it owns through the room's own
// endpoint, one it does not own through the admin variant.
func TestSetActiveTakesTheAdminVariantOutsideTheRoom(t *testing.T) {
	p := startPod(t, true, quickRetries)
	c := ctx(t)
	owned := p.room(t, p.people[0])
	outside := p.room(t, p.people[0])
	if err := p.client.PromoteOwner(c, outside, p.people[0]); err != nil {
		t.Fatal(err)
	}
	if err := p.client.RemoveMember(c, outside, p.bot); err != nil {
		t.Fatal(err)
	}
	a := Actor{ID: p.bot, Admin: true}
	p.emu.ResetStats()
	for _, id := range []string{owned, outside} {
		if err := SetActive(c, p.client, a, id, false); err != nil {
			t.Fatal(err)
		}
		if info, err := p.client.RoomInfo(c, id); err != nil || info.RoomSystemInfo.Active {
			t.Fatalf("room %s still active (%v)", id, err)
		}
	}
	st := p.emu.Stats().Routes
	if st["POST /pod/v1/room/{id}/setActive"].Requests != 1 || st["POST /pod/v1/admin/room/{id}/setActive"].Requests != 1 {
		t.Fatalf("setActive: own %d, admin %d", st["POST /pod/v1/room/{id}/setActive"].Requests, st["POST /pod/v1/admin/room/{id}/setActive"].Requests)
	}
}
