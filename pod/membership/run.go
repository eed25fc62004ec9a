package membership

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"symtui/pod"
	"symtui/pod/bulk"
)

// Outcome is what became of one change.
type Outcome string

const (
	Done         Outcome = "done"
	Already      Outcome = "already" // the call failed, yet the pod holds what it asked: someone else did it, or its answer was lost
	Failed       Outcome = "failed"
	NotAttempted Outcome = "not attempted" // stopped, or an earlier change of its room failed
)

// Result is one change and what became of it.
type Result struct {
	Change
	Outcome Outcome
	Err     error // Failed: why (the pod's reason, or the read that could not tell)
}

// Executor makes changes on a pod as Actor.
type Executor struct {
	Pod   *pod.Client
	Actor Actor
	// Owners opens clients on behalf of owners, for ViaOwner changes; nil
	// fails them.
	Owners OwnerClients
}

// RunOptions configure a run.
type RunOptions struct {
	// Bulk is how the calls are made (workers, timeout). Its Progress
	// counts the changes (the rooms, for an offboarding) that ended.
	Bulk bulk.Options
	// OnResult, when set, is called as each change ends, one call at a
	// time, from the run's goroutines; it must return quickly.
	OnResult func(Result)
}

var errStopped = errors.New("stopped before it was sent")

// RunSet applies a members set plan, phase by phase (SetPlan.Phases),
// each phase's changes a few at a time. Ending ctx stops it: what was sent
// finishes, nothing more starts. The results come in the plan's order.
func (x Executor) RunSet(ctx context.Context, p *SetPlan, o RunOptions) []Result {
	phases := p.Phases()
	var chains [][]Change
	for _, ph := range phases {
		for _, c := range ph {
			chains = append(chains, []Change{c})
		}
	}
	r := newRecorder(chains, o)
	start := 0
	for _, ph := range phases {
		r.run(ctx, x, start, len(ph))
		start += len(ph)
	}
	return r.results()
}

// RunOffboard applies an offboarding: each room's changes in order (the
// new owner first), rooms a few at a time; then, unless stopped, the
// account is disabled when the plan says so. Progress counts the rooms
// (and the disable).
func (x Executor) RunOffboard(ctx context.Context, p *Offboard, o RunOptions) []Result {
	var chains [][]Change
	for _, rp := range p.Rooms {
		if len(rp.Changes) > 0 {
			chains = append(chains, rp.Changes)
		}
	}
	if p.Disable {
		chains = append(chains, []Change{p.DisableChange()})
	}
	r := newRecorder(chains, o)
	rooms := len(chains)
	if p.Disable {
		rooms--
	}
	r.run(ctx, x, 0, rooms)
	if p.Disable {
		r.run(ctx, x, rooms, 1)
	}
	return r.results()
}

// recorder runs chains of changes and keeps their results.
type recorder struct {
	chains [][]Change
	opts   RunOptions

	mu       sync.Mutex
	res      [][]Result
	progress bulk.Progress
}

func newRecorder(chains [][]Change, o RunOptions) *recorder {
	r := &recorder{chains: chains, opts: o, res: make([][]Result, len(chains))}
	for i, ch := range chains {
		r.res[i] = make([]Result, len(ch))
		for k, c := range ch {
			r.res[i][k] = Result{Change: c, Outcome: NotAttempted}
		}
	}
	r.progress.Total = len(chains)
	return r
}

// run applies chains[start:start+n], a few at a time. A stopped ctx
// starts nothing.
func (r *recorder) run(ctx context.Context, x Executor, start, n int) {
	if n == 0 || ctx.Err() != nil {
		return
	}
	opts := r.opts.Bulk
	opts.Progress = nil // the recorder reports, in changes of every phase
	bulk.Run(ctx, n, opts, func(ctx context.Context, i int) error {
		return r.chain(ctx, x, start+i)
	})
}

// chain applies one chain: a change runs only when the one before it
// holds.
func (r *recorder) chain(ctx context.Context, x Executor, i int) error {
	failed := false
	for k, c := range r.chains[i] {
		res := x.apply(ctx, c)
		if errors.Is(res.Err, bulk.ErrStopped) {
			if k == 0 {
				return res.Err // nothing of the chain was sent: not attempted
			}
			break
		}
		r.mu.Lock()
		r.res[i][k] = res
		r.mu.Unlock()
		r.tell(res)
		if res.Outcome == Failed {
			failed = true
			break
		}
	}
	r.mu.Lock()
	if failed {
		r.progress.Failed++
	} else {
		r.progress.Done++
	}
	p := r.progress
	r.mu.Unlock()
	if r.opts.Bulk.Progress != nil {
		r.opts.Bulk.Progress(p)
	}
	return nil
}

// tell passes a result on, one at a time.
func (r *recorder) tell(res Result) {
	if r.opts.OnResult == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opts.OnResult(res)
}

func (r *recorder) results() []Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Result
	for _, rs := range r.res {
		out = append(out, rs...)
	}
	return out
}

// apply makes one change. When the call fails, the pod is asked whether it
// holds what the change wanted all the same (someone else made it, or the
// answer was lost after the pod acted): then it is Already, not a failure.
func (x Executor) apply(ctx context.Context, c Change) Result {
	err := x.Call(ctx, c)
	if err == nil {
		return Result{Change: c, Outcome: Done}
	}
	if errors.Is(err, bulk.ErrStopped) {
		return Result{Change: c, Outcome: NotAttempted, Err: err}
	}
	holds, cerr := x.holds(ctx, c)
	switch {
	case cerr != nil:
		return Result{Change: c, Outcome: Failed, Err: fmt.Errorf("%w (and reading it back failed: %v)", err, cerr)}
	case holds:
		return Result{Change: c, Outcome: Already}
	}
	return Result{Change: c, Outcome: Failed, Err: err}
}

// client is the client a change is made through.
func (x Executor) client(ctx context.Context, c Change) (*pod.Client, error) {
	if c.Via != ViaOwner {
		return x.Pod, nil
	}
	if x.Owners == nil {
		return nil, errNoApp
	}
	return x.Owners.As(ctx, c.AsUser)
}

// Call sends a change's one call, on the endpoint its Via names.
func (x Executor) Call(ctx context.Context, c Change) error {
	if c.Op == OpDisable {
		return x.Pod.UpdateUserStatus(ctx, c.UserID, pod.UserDisabled)
	}
	cl, err := x.client(ctx, c)
	if err != nil {
		return err
	}
	type call func(context.Context, string, int64) error
	var calls [4]call
	if c.Via == ViaAdmin {
		calls = [4]call{cl.AddMemberAdmin, cl.RemoveMemberAdmin}
	} else {
		calls = [4]call{cl.AddMember, cl.RemoveMember, cl.PromoteOwner, cl.DemoteOwner}
	}
	if calls[c.Op] == nil {
		return fmt.Errorf("%s has no administrator variant", c.Op)
	}
	return calls[c.Op](ctx, c.RoomID, c.UserID)
}

// holds reads whether the pod already is as c wants it.
func (x Executor) holds(ctx context.Context, c Change) (bool, error) {
	if c.Op == OpDisable {
		st, err := x.Pod.UserStatus(ctx, c.UserID)
		return err == nil && st.Status == pod.UserDisabled, err
	}
	var ms []pod.MemberInfo
	var err error
	if c.Via == ViaOwner && !x.Actor.Admin {
		var cl *pod.Client
		if cl, err = x.client(ctx, c); err == nil {
			ms, err = cl.RoomMembers(ctx, c.RoomID)
		}
	} else {
		ms, err = readMembers(ctx, x.Pod, x.Actor, c.RoomID)
	}
	if err != nil {
		return false, err
	}
	r := Room{Members: ms}
	m, member := r.Member(c.UserID)
	switch c.Op {
	case OpAdd:
		return member, nil
	case OpRemove:
		return !member, nil
	case OpPromote:
		return member && m.Owner, nil
	}
	return member && !m.Owner, nil
}
