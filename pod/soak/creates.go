package soak

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"symtui/pod"
)

// createOutcome is what the client said of a create.
type createOutcome uint8

const (
	created        createOutcome = iota // it returned the object (after a lost answer: it found it)
	outcomeUnknown                      // it said it could not tell (pod.ErrOutcomeUnknown)
	createFailed                        // any other error: it said the create did not happen
)

// createIntent is one create the operator asked for, with a name no other
// create uses, and what the client answered.
type createIntent struct {
	room    bool   // a room, else a user
	name    string // the room's name or the user's username
	outcome createOutcome
	gotID   string // the id the client returned when it said created
	err     error
}

// creates are the intents in the order they were made.
type creates struct {
	mu   sync.Mutex
	list []createIntent
}

func (c *creates) add(ci createIntent) {
	c.mu.Lock()
	c.list = append(c.list, ci)
	c.mu.Unlock()
}

func (c *creates) all() []createIntent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]createIntent(nil), c.list...)
}

// createLoop creates rooms and users, one at a time, each with a unique
// name, and records what the client said of each. A create whose outcome
// is unknown is not tried again: an operator told to look first would.
func (w *workload) createLoop(ctx context.Context, stop <-chan struct{}) {
	rng := w.rng(100)
	p := &pace{rng: rng, stop: stop, lo: 100 * time.Millisecond, hi: 400 * time.Millisecond}
	for n := 1; p.next(); n++ {
		var ci createIntent
		if rng.IntN(2) == 0 {
			ci = w.createRoom(ctx, n)
		} else {
			ci = w.createUser(ctx, n)
		}
		w.creates.add(ci)
		p.failed = ci.err != nil
	}
}

func (w *workload) createRoom(ctx context.Context, n int) createIntent {
	ci := createIntent{room: true, name: fmt.Sprintf("soak %d room %d", w.seed, n)}
	desc := "made by the fault soak"
	var room pod.Room
	ci.err = w.call(ctx, func(ctx context.Context) (err error) {
		room, err = w.client.CreateRoom(ctx, pod.RoomChanges{Name: &ci.name, Description: &desc})
		return err
	})
	ci.outcome, ci.gotID = outcomeOf(ci.err), room.RoomSystemInfo.ID
	return ci
}

func (w *workload) createUser(ctx context.Context, n int) createIntent {
	ci := createIntent{name: fmt.Sprintf("soak-%d-user-%d", w.seed, n)}
	u := pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName:     ci.name,
		EmailAddress: ci.name + "@soak.example.com",
		FirstName:    "Soak",
		LastName:     fmt.Sprintf("User %d", n),
		DisplayName:  fmt.Sprintf("Soak User %d", n),
		AccountType:  "NORMAL",
	}}
	var d pod.UserDetail
	ci.err = w.call(ctx, func(ctx context.Context) (err error) {
		d, err = w.client.CreateUser(ctx, u)
		return err
	})
	ci.outcome = outcomeOf(ci.err)
	if d.UserSystemInfo.ID != 0 {
		ci.gotID = fmt.Sprint(d.UserSystemInfo.ID)
	}
	return ci
}

func outcomeOf(err error) createOutcome {
	switch {
	case err == nil:
		return created
	case errors.Is(err, pod.ErrOutcomeUnknown):
		return outcomeUnknown
	}
	return createFailed
}
