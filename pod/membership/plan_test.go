package membership

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"symtui/pod"
)

const (
	bot   = int64(100) // the account making the changes
	alice = int64(1)
	bob   = int64(2)
	carol = int64(3)
	dave  = int64(4)
	erin  = int64(5)
)

func room(active bool, members ...pod.MemberInfo) Room {
	return Room{ID: "R1", Name: "Rates", Type: pod.StreamRoom, Active: active, MembersCanInvite: true, Members: members}
}

func owner(id int64) pod.MemberInfo  { return pod.MemberInfo{ID: id, Owner: true} }
func member(id int64) pod.MemberInfo { return pod.MemberInfo{ID: id} }

func users(ids ...int64) []pod.User {
	out := make([]pod.User, len(ids))
	for i, id := range ids {
		out[i] = pod.User{ID: id}
	}
	return out
}

// ops renders changes as "add 4 room", in order.
func ops(cs []Change) string {
	var out []string
	for _, c := range cs {
		s := fmt.Sprintf("%s %d %s", c.Op, c.UserID, c.Via)
		if c.Via == ViaOwner {
			s += fmt.Sprintf(" as %d", c.AsUser)
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func held(p SetPlan) string {
	var out []string
	for _, h := range p.Held {
		out = append(out, fmt.Sprintf("%s %d: %s", h.Op, h.UserID, h.Reason))
	}
	return strings.Join(out, "; ")
}

func TestPlanSetAsOwner(t *testing.T) {
	r := room(true, owner(bot), owner(alice), member(bob), member(carol))
	// bob stays, carol goes, dave comes; alice stays owner (no owners list).
	p := PlanSet(r, Target{Members: users(alice, bob, dave, bot)}, Actor{ID: bot}, false)
	if got := ops(p.Remove) + " | " + ops(p.Add); got != "remove 3 room | add 4 room" {
		t.Fatalf("plan: %s", got)
	}
	if p.Unchanged != 3 || len(p.Held) != 0 || p.Changes() != 2 {
		t.Fatalf("unchanged %d, held %q, changes %d", p.Unchanged, held(p), p.Changes())
	}
	// With owners: erin comes as an owner, alice is demoted, bob promoted.
	p = PlanSet(r, Target{Members: users(alice, bob, bot), Owners: users(bot, bob, erin), OwnersSet: true}, Actor{ID: bot}, false)
	if got := ops(p.Remove) + " | " + ops(p.Add) + " | " + ops(p.Promote) + " | " + ops(p.Demote); got != "remove 3 room | add 5 room | promote 2 room, promote 5 room | demote 1 room" {
		t.Fatalf("plan: %s", got)
	}
}

func TestPlanSetGuards(t *testing.T) {
	r := room(true, owner(bot), member(alice))
	// The list leaves the account out: it is held, not removed.
	p := PlanSet(r, Target{Members: users(alice)}, Actor{ID: bot}, false)
	if len(p.Remove) != 0 || len(p.Held) != 1 || p.Held[0].Hold != HoldSelf {
		t.Fatalf("self: remove %s, held %q", ops(p.Remove), held(p))
	}
	// --include-self lets it go, last, after alice is made owner.
	p = PlanSet(r, Target{Members: users(alice), Owners: users(alice), OwnersSet: true}, Actor{ID: bot}, true)
	if got := ops(p.Phases()[2]) + " | " + ops(p.Phases()[5]); got != "promote 1 room | remove 100 room" {
		t.Fatalf("include-self phases: %s (held %q)", got, held(p))
	}
	// Removing every owner with no new one: the owners stay.
	r = room(true, owner(alice), owner(bob), member(carol), member(dave))
	p = PlanSet(r, Target{Members: users(carol)}, Actor{ID: bot, Admin: true}, false)
	if ops(p.Remove) != "remove 4 admin" || len(p.Held) != 2 || p.Held[0].Hold != HoldLastOwner {
		t.Fatalf("last owner: remove %s, held %q", ops(p.Remove), held(p))
	}
	// One of them staying is enough.
	p = PlanSet(r, Target{Members: users(carol, bob)}, Actor{ID: bot, Admin: true}, false)
	if ops(p.Remove) != "remove 1 admin, remove 4 admin" || len(p.Held) != 0 {
		t.Fatalf("one owner stays: remove %s, held %q", ops(p.Remove), held(p))
	}
	// The owners' removal comes after the promotions.
	p = PlanSet(room(true, owner(bot), owner(alice), member(bob)), Target{Members: users(bob, bot), Owners: users(bob, bot), OwnersSet: true}, Actor{ID: bot}, false)
	ph := p.Phases()
	if ops(ph[2]) != "promote 2 room" || ops(ph[4]) != "remove 1 room" || len(ph[0]) != 0 {
		t.Fatalf("phases: %v", ph)
	}
}

func TestPlanSetRights(t *testing.T) {
	r := room(true, owner(alice), member(bob))
	// An administrator outside the room: admin variants for add and
	// remove, promote and demote held with the reason.
	p := PlanSet(r, Target{Members: users(alice, carol), Owners: users(carol), OwnersSet: true}, Actor{ID: bot, Admin: true}, false)
	if got := ops(p.Remove) + " | " + ops(p.Add); got != "remove 2 admin | add 3 admin" {
		t.Fatalf("admin: %s", got)
	}
	if len(p.Promote)+len(p.Demote) != 0 || !strings.Contains(held(p), "only an owner of the room can promote") {
		t.Fatalf("admin promote: %s %s, held %q", ops(p.Promote), ops(p.Demote), held(p))
	}
	// A plain member may add where members invite, and nothing else.
	r = room(true, owner(alice), member(bot), member(bob))
	p = PlanSet(r, Target{Members: users(alice, bot, carol)}, Actor{ID: bot}, false)
	if ops(p.Add) != "add 3 room" || !strings.Contains(held(p), "remove 2: only an owner of the room or an administrator") {
		t.Fatalf("member: add %s, held %q", ops(p.Add), held(p))
	}
	r.MembersCanInvite = false
	p = PlanSet(r, Target{Members: users(alice, bot, bob, carol)}, Actor{ID: bot}, false)
	if len(p.Add) != 0 || !strings.Contains(held(p), "members may not invite") {
		t.Fatalf("no invites: add %s, held %q", ops(p.Add), held(p))
	}
	// An inactive room changes for no one.
	p = PlanSet(room(false, owner(bot), member(alice)), Target{Members: users(bot, bob)}, Actor{ID: bot}, false)
	if p.Changes() != 0 || len(p.Held) != 2 || !strings.Contains(held(p), "inactive") {
		t.Fatalf("inactive: %d changes, held %q", p.Changes(), held(p))
	}
}

func TestPlanSetUnknownAndDisabled(t *testing.T) {
	r := room(true, owner(bot), member(alice), member(bob))
	// bob is listed but disabled: he stays; carol is disabled and out: not added.
	p := PlanSet(r, Target{Members: users(bot, alice, bob, carol), Disabled: users(bob, carol), Unknown: []string{"nobody"}}, Actor{ID: bot}, false)
	if p.Changes() != 0 || p.Unchanged != 3 || len(p.Unknown) != 1 || len(p.Disabled) != 2 {
		t.Fatalf("plan: %d changes, %d unchanged, unknown %v, disabled %v", p.Changes(), p.Unchanged, p.Unknown, p.Disabled)
	}
	// The plan of the state it leads to is empty.
	p = PlanSet(r, Target{Members: users(bot, carol)}, Actor{ID: bot}, false)
	after := room(true, owner(bot), member(carol))
	if q := PlanSet(after, Target{Members: users(bot, carol)}, Actor{ID: bot}, false); q.Changes() != 0 || p.Changes() != 3 {
		t.Fatalf("first plan %d changes, second %d", p.Changes(), q.Changes())
	}
}

func TestPlanOffboard(t *testing.T) {
	rooms := []Room{
		{ID: "A", Name: "Last", Type: pod.StreamRoom, Active: true, Members: []pod.MemberInfo{owner(alice), member(bob)}},
		{ID: "B", Name: "Shared", Type: pod.StreamRoom, Active: true, Members: []pod.MemberInfo{owner(bot), owner(alice)}},
		{ID: "C", Name: "Member", Type: pod.StreamRoom, Active: true, Members: []pod.MemberInfo{owner(bob), member(alice)}},
		{ID: "D", Name: "Closed", Type: pod.StreamRoom, Active: false, Members: []pod.MemberInfo{owner(bob), member(alice)}},
		{ID: "E", Type: pod.StreamIM, Active: true, Members: []pod.MemberInfo{member(alice), member(bob)}},
	}
	admin := Actor{ID: bot, Admin: true}
	p := PlanOffboard(alice, rooms, admin, OffboardOptions{Disable: true, OnBehalf: true})
	want := []string{
		"leave: the last owner: pick a new owner, or the room keeps this one",
		"remove: remove 1 room",
		"remove: remove 1 admin",
		"leave: the room is inactive, so its membership is locked",
		"leave: the pod takes no one out of an IM",
	}
	check := func(p Offboard, want []string) {
		t.Helper()
		for i, rp := range p.Rooms {
			got := rp.Action.String() + ": " + rp.Reason + ops(rp.Changes)
			if got != want[i] {
				t.Errorf("room %s: %q, want %q", rp.Room.ID, got, want[i])
			}
		}
	}
	check(p, want)
	if !p.Disable || p.Changes() != 3 {
		t.Fatalf("disable %v, %d changes", p.Disable, p.Changes())
	}
	// A new owner for A: carol joins and is promoted on alice's behalf, then alice goes.
	p = PlanOffboard(alice, rooms, admin, OffboardOptions{NewOwner: map[string]int64{"A": carol}, OnBehalf: true})
	want[0] = "handover: add 3 owner as 1, promote 3 owner as 1, remove 1 admin"
	check(p, want)
	// bob, a member already, is only promoted; without an app, no handover.
	p = PlanOffboard(alice, rooms, admin, OffboardOptions{DefaultNewOwner: bob, OnBehalf: true, Only: map[string]bool{"A": true}})
	want = []string{"handover: promote 2 owner as 1, remove 1 admin", "leave: not marked", "leave: not marked", "leave: not marked", want[4]}
	check(p, want)
	p = PlanOffboard(alice, rooms, admin, OffboardOptions{DefaultNewOwner: bob})
	if rp := p.Rooms[0]; rp.Action != Leave || !strings.Contains(rp.Reason, "no app") {
		t.Fatalf("no app: %v %q", rp.Action, rp.Reason)
	}
	// Not an administrator: no disable, no admin variant (room C is left).
	p = PlanOffboard(alice, rooms, Actor{ID: bot}, OffboardOptions{Disable: true})
	if p.Disable || p.DisableHeld == "" || p.Rooms[2].Action != Leave || p.Rooms[1].Action != Remove {
		t.Fatalf("not an administrator: disable %v (%q), C %v %q", p.Disable, p.DisableHeld, p.Rooms[2].Action, p.Rooms[2].Reason)
	}
	// The account itself is not offboarded.
	p = PlanOffboard(bot, rooms, admin, OffboardOptions{Disable: true})
	if p.Refused == "" || p.Changes() != 0 || slices.ContainsFunc(p.Rooms, func(r RoomPlan) bool { return r.Action != Leave }) {
		t.Fatalf("self: %+v", p)
	}
}
