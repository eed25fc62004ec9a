// Package bulk makes one pod call per item of a list, a few at a time:
// the calls back off together when the pod says too many requests, and a
// stopped run starts nothing more while what it sent runs to its answer, so
// its report says exactly what the pod did.
package bulk

import (
	"context"
	"errors"
	"sync"
	"time"

	"symtui/pod"
)

// Workers bounds: a pod serves a handful of calls of one client at once
// well; more only brings 429s sooner.
const (
	DefaultWorkers = 4
	MaxWorkers     = 16
)

// ErrStopped ends a call the run held back after it was stopped: nothing of
// it reached the pod. A call returns an error wrapping it only then (the
// pod client does, through the run's Pacer).
var ErrStopped = errors.New("the change was stopped before it was sent")

// Options configure a run.
type Options struct {
	// Workers is how many calls are in flight at once: DefaultWorkers when
	// 0, at most MaxWorkers.
	Workers int
	// Timeout bounds each item's call from the moment it starts (a wait for
	// the pod's quiet before it does not count); 0 leaves it unbounded.
	Timeout time.Duration
	// Progress, when set, is called after each item ends, one call at a time,
	// from the run's goroutines. It must return quickly.
	Progress func(Progress)
}

// Progress counts the items that ended so far.
type Progress struct {
	Total  int
	Done   int
	Failed int
}

// Ended is how many items have an answer.
func (p Progress) Ended() int { return p.Done + p.Failed }

// Failure is an item the pod refused or did not answer.
type Failure struct {
	Index int
	Err   error
}

// Report says what happened to each item, by index, in ascending order.
type Report struct {
	Total        int
	Done         []int
	Failed       []Failure
	NotAttempted []int
	// Stopped: ctx ended before every item had started.
	Stopped bool
}

// item outcomes, by index.
const (
	notAttempted = iota
	done
	failed
)

// Run calls call for the items 0..n-1, opts.Workers at a time, and reports
// what each got. Ending ctx stops the run: no item starts after it, and
// the calls already sent run to their answer (their context does not end
// with ctx), so what the report calls done is done. The context each call
// gets carries the run's Pacer (pod.WithPacer): when the pod turns one call
// away, every call of the run waits as it asked.
func Run(ctx context.Context, n int, opts Options, call func(ctx context.Context, i int) error) Report {
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	workers = min(workers, MaxWorkers, max(n, 1))
	run, abort := context.WithCancel(ctx) // ends with ctx, or when a call panics
	defer abort()
	r := &runState{n: n, opts: opts, gate: newGate(run.Done()), outcome: make([]int, n), errs: make([]error, n)}
	calls := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	var panicOnce sync.Once
	var panicked any
	for range workers {
		wg.Go(func() {
			// A panic belongs to Run's caller, where whoever runs it (a
			// console's command loop) can recover it; the run stops.
			defer func() {
				if p := recover(); p != nil {
					panicOnce.Do(func() { panicked = p })
					abort()
				}
			}()
			for {
				// Wait for the pod's quiet before taking an item, so that a
				// stop meanwhile leaves the item untouched.
				if r.gate.Wait(context.Background()) != nil {
					return
				}
				i, ok := r.take()
				if !ok || run.Err() != nil { // stopped meanwhile: i stays not attempted
					return
				}
				r.end(i, r.call(calls, i, call))
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	return r.report(ctx.Err() != nil)
}

type runState struct {
	n    int
	opts Options
	gate *gate

	mu       sync.Mutex
	next     int
	outcome  []int
	errs     []error
	progress Progress
}

func (r *runState) take() (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.next >= r.n {
		return 0, false
	}
	r.next++
	return r.next - 1, true
}

func (r *runState) call(calls context.Context, i int, call func(context.Context, int) error) error {
	ctx := pod.WithPacer(calls, r.gate)
	if r.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.opts.Timeout)
		defer cancel()
	}
	return call(ctx, i)
}

// end records item i's outcome and reports progress; the lock keeps
// progress calls in order.
func (r *runState) end(i int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.outcome[i] = done
		r.progress.Done++
	case errors.Is(err, ErrStopped):
		return // held back: not attempted, no progress to tell
	default:
		r.outcome[i], r.errs[i] = failed, err
		r.progress.Failed++
	}
	if r.opts.Progress != nil {
		p := r.progress
		p.Total = r.n
		r.opts.Progress(p)
	}
}

func (r *runState) report(stopped bool) Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := Report{Total: r.n, Stopped: stopped && r.progress.Ended() < r.n}
	for i, o := range r.outcome {
		switch o {
		case done:
			rep.Done = append(rep.Done, i)
		case failed:
			rep.Failed = append(rep.Failed, Failure{Index: i, Err: r.errs[i]})
		default:
			rep.NotAttempted = append(rep.NotAttempted, i)
		}
	}
	return rep
}
