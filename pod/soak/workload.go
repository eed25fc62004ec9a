package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

// The workload's shape: goroutines, pacing, and the rooms and users the
// membership changes are made on.
const (
	membershipWorkers = 3
	readWorkers       = 2
	soakRooms         = 6  // rooms the membership changes are made in
	poolSize          = 24 // users they add, remove, promote and demote

	// callTimeout bounds one call with its retries: the default policy
	// (ten attempts, backoff doubling from 500 ms) rarely needs a minute.
	callTimeout = 2 * time.Minute
)

// workload is what the operator does while the faults run: membership
// changes, creates, lookups and listings. Each goroutine draws its choices
// from its own generator seeded from the run's seed.
type workload struct {
	client *pod.Client
	truth  func(room string) ([]emulator.Membership, bool) // the emulator's, read in process
	seed   int64
	botID  int64
	logf   func(format string, args ...any)

	rooms []string // membership rooms, created before the faults
	pool  []poolUser

	members []*roomIntent // one per room, in rooms order
	creates creates
	reads   reads

	calls       latencies    // every workload call, retries included
	failedCalls atomic.Int64 // calls that returned an error
	panics      atomic.Int64 // client panics recovered in workload calls
}

// poolUser is a user the membership changes and lookups are made on.
type poolUser struct {
	id       int64
	username string
}

// memberState is what the workload believes a user is in a room.
type memberState uint8

const (
	absent memberState = iota
	member
	owner
	unknown // a change failed: it may or may not have been made
)

func (s memberState) String() string {
	return [...]string{"absent", "member", "owner", "unknown"}[s]
}

// roomIntent is one room's intended membership: what the calls that
// succeeded made it. Only the goroutine that owns the room touches it
// while the workload runs.
type roomIntent struct {
	id      string
	state   map[int64]memberState
	changes int // changes the pod confirmed
	failed  int // changes that returned an error (their pair becomes unknown)
	refused int // of which the pod refused (4xx): the room was not as intended
	// misreported are the changes the client said failed (not "may have
	// been made") that the pod made.
	misreported []string
}

// prepare creates the membership rooms and picks the pool, before any
// fault: their outcome must be certain.
func (w *workload) prepare(ctx context.Context) error {
	rng := w.rng(0)
	users, err := w.client.ListUsers(ctx, 0, 1000)
	if err != nil {
		return fmt.Errorf("listing users for the pool: %w", err)
	}
	var people []poolUser
	for _, u := range users {
		if u.UserAttributes.AccountType == "NORMAL" && u.UserSystemInfo.Status == "ENABLED" {
			people = append(people, poolUser{id: u.UserSystemInfo.ID, username: u.UserAttributes.UserName})
		}
	}
	if len(people) < poolSize {
		return fmt.Errorf("found %d enabled people for a pool of %d", len(people), poolSize)
	}
	for _, i := range rng.Perm(len(people))[:poolSize] {
		w.pool = append(w.pool, people[i])
	}
	for i := range soakRooms {
		name := fmt.Sprintf("soak %d membership room %d", w.seed, i+1)
		room, err := w.client.CreateRoom(ctx, pod.RoomChanges{Name: &name})
		if err != nil {
			return fmt.Errorf("creating %q: %w", name, err)
		}
		w.rooms = append(w.rooms, room.RoomSystemInfo.ID)
		w.members = append(w.members, &roomIntent{id: room.RoomSystemInfo.ID, state: map[int64]memberState{}})
	}
	return nil
}

// rng is worker n's generator: the same seed gives the same choices for
// the same outcomes.
func (w *workload) rng(n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(w.seed), 0x5eed_0000+n))
}

// run starts every workload goroutine; they stop after the call in flight
// once stop is closed, and run returns when all have.
func (w *workload) run(ctx context.Context, stop <-chan struct{}) {
	var wg sync.WaitGroup
	for i := range membershipWorkers {
		wg.Go(func() { w.membershipLoop(ctx, stop, i) })
	}
	wg.Go(func() { w.createLoop(ctx, stop) })
	for i := range readWorkers {
		wg.Go(func() { w.readLoop(ctx, stop, i) })
	}
	wg.Wait()
}

// pace is one workload goroutine's think time between calls.
type pace struct {
	rng    *rand.Rand
	stop   <-chan struct{}
	lo, hi time.Duration
	failed bool // the last call failed
}

// afterFailure is added to the wait after a failed call, as an operator
// reads the error before going on; without it a goroutine would spin
// through failures while the pod refuses connections.
const afterFailure = 500 * time.Millisecond

// next waits a drawn think time; false when the workload is to stop.
func (p *pace) next() bool {
	d := p.lo + time.Duration(p.rng.Int64N(int64(p.hi-p.lo)))
	if p.failed {
		d += afterFailure
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.stop:
		return false
	case <-t.C:
		return true
	}
}

// call runs one client call with its deadline, timing it and turning a
// client panic into a counted error.
func (w *workload) call(ctx context.Context, fn func(context.Context) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			w.panics.Add(1)
			w.logf("client panic: %v\n%s", p, debug.Stack())
			err = fmt.Errorf("client panic: %v", p)
		}
		w.calls.add(time.Since(start))
		if err != nil {
			w.failedCalls.Add(1)
		}
	}()
	return fn(ctx)
}

// membershipLoop changes the membership of the rooms worker n owns (room
// i belongs to worker i mod membershipWorkers), so each room's changes
// are made one at a time and its intended membership is well defined.
func (w *workload) membershipLoop(ctx context.Context, stop <-chan struct{}, n int) {
	rng := w.rng(uint64(1 + n))
	var mine []*roomIntent
	for i, r := range w.members {
		if i%membershipWorkers == n {
			mine = append(mine, r)
		}
	}
	p := &pace{rng: rng, stop: stop, lo: 20 * time.Millisecond, hi: 80 * time.Millisecond}
	for p.next() {
		room := mine[rng.IntN(len(mine))]
		uid := w.pool[rng.IntN(len(w.pool))].id
		p.failed = w.change(ctx, rng, room, uid) != nil
	}
}

// change makes one membership change the room's intended state allows.
// Every change lands the same state when repeated, so a user whose
// change failed is removed next: that settles what they are.
func (w *workload) change(ctx context.Context, rng *rand.Rand, room *roomIntent, uid int64) error {
	type op struct {
		do   func(context.Context, string, int64) error
		then memberState
	}
	add := op{w.client.AddMember, member}
	remove := op{w.client.RemoveMember, absent}
	promote := op{w.client.PromoteOwner, owner}
	demote := op{w.client.DemoteOwner, member}
	var o op
	switch room.state[uid] {
	case absent:
		o = add
	case member:
		o = []op{remove, promote}[rng.IntN(2)]
	case owner:
		o = []op{remove, demote, demote}[rng.IntN(3)]
	default:
		o = remove
	}
	before := room.state[uid]
	err := w.call(ctx, func(ctx context.Context) error { return o.do(ctx, room.id, uid) })
	if err == nil {
		room.changes++
		room.state[uid] = o.then
		return nil
	}
	room.failed++
	room.state[uid] = unknown
	if pod.IsBadRequest(err) || pod.IsForbidden(err) || pod.IsNotFound(err) {
		room.refused++
		w.logf("membership change refused in room %s for user %d (intended %v): %v", room.id, uid, before, err)
	}
	var pe *pod.Error
	if errors.As(err, &pe) && pe.Unanswered {
		return err // the client said it may have been made: honest whatever happened
	}
	// The client said the change failed. Nobody else touches this user in
	// this room, so the pod's state now says whether it was made after all.
	if now := w.memberState(room.id, uid); before != unknown && now == o.then && now != before {
		room.misreported = append(room.misreported, fmt.Sprintf("room %s, user %d: %v -> %v was made; the client said: %v", room.id, uid, before, now, err))
	}
	return err
}

// memberState is what the pod says uid is in room.
func (w *workload) memberState(room string, uid int64) memberState {
	ms, _ := w.truth(room)
	for _, m := range ms {
		if m.UserID == uid {
			if m.Owner {
				return owner
			}
			return member
		}
	}
	return absent
}

// failures says how the failed calls divide among the kinds of call.
func (w *workload) failures() string {
	creates, changes := 0, 0
	for _, ci := range w.creates.all() {
		if ci.outcome != created {
			creates++
		}
	}
	for _, r := range w.members {
		changes += r.failed
	}
	lookups := int(w.failedCalls.Load()) - creates - changes
	return fmt.Sprintf("of %d workload calls, each with its retries: %d creates, %d membership changes, %d lookups",
		w.calls.count(), creates, changes, lookups)
}
