package bulk

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every item is called once, never more than Workers at a time, and the
// report puts each index in exactly one list.
func TestRunCallsEachItemOnceWithinTheBound(t *testing.T) {
	const n = 200
	var inFlight, peak atomic.Int32
	calls := make([]atomic.Int32, n)
	refused := errors.New("refused")
	rep := Run(context.Background(), n, Options{Workers: 3}, func(ctx context.Context, i int) error {
		cur := inFlight.Add(1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		time.Sleep(200 * time.Microsecond)
		inFlight.Add(-1)
		calls[i].Add(1)
		if i%10 == 0 {
			return refused
		}
		return nil
	})
	for i := range calls {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("item %d called %d times", i, c)
		}
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Fatalf("%d calls in flight at once, want up to 3 (and more than 1)", p)
	}
	if len(rep.Done) != 180 || len(rep.Failed) != 20 || len(rep.NotAttempted) != 0 || rep.Stopped {
		t.Fatalf("report: %d done, %d failed, %d not attempted, stopped %v", len(rep.Done), len(rep.Failed), len(rep.NotAttempted), rep.Stopped)
	}
	for k, f := range rep.Failed {
		if f.Index != k*10 || !errors.Is(f.Err, refused) {
			t.Fatalf("failure %d: %+v", k, f)
		}
	}
}

// Workers defaults to 4 and is capped; an empty run reports nothing.
func TestRunWorkerBounds(t *testing.T) {
	for _, c := range []struct{ asked, want int }{{0, DefaultWorkers}, {-1, DefaultWorkers}, {100, MaxWorkers}} {
		var inFlight, peak atomic.Int32
		release := make(chan struct{})
		var started sync.WaitGroup
		started.Add(c.want)
		go func() { started.Wait(); time.Sleep(20 * time.Millisecond); close(release) }()
		Run(context.Background(), 64, Options{Workers: c.asked}, func(ctx context.Context, i int) error {
			cur := inFlight.Add(1)
			if cur > peak.Load() {
				peak.Store(cur)
			}
			if i < c.want {
				started.Done()
			}
			<-release
			inFlight.Add(-1)
			return nil
		})
		if p := int(peak.Load()); p != c.want {
			t.Errorf("Workers %d: %d in flight at once, want %d", c.asked, p, c.want)
		}
	}
	if rep := Run(context.Background(), 0, Options{}, func(context.Context, int) error { t.Fatal("called"); return nil }); rep.Total != 0 || len(rep.Done)+len(rep.NotAttempted) != 0 {
		t.Fatalf("empty run: %+v", rep)
	}
}

// A stop lets the calls in flight finish (their context does not end) and
// starts nothing after it; a call the pacer held back counts as not
// attempted.
func TestStopStartsNothingAfter(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	var stopped atomic.Bool
	var lateStarts, ctxEnded atomic.Int32
	var mu sync.Mutex
	var progress []Progress
	rep := Run(ctx, 100, Options{Workers: 4, Progress: func(p Progress) {
		mu.Lock()
		progress = append(progress, p)
		mu.Unlock()
		if p.Ended() == 30 {
			stopped.Store(true)
			stop()
		}
	}}, func(cctx context.Context, i int) error {
		if stopped.Load() {
			lateStarts.Add(1)
		}
		time.Sleep(time.Millisecond)
		if cctx.Err() != nil {
			ctxEnded.Add(1)
		}
		return nil
	})
	if !rep.Stopped {
		t.Fatal("the report does not say the run was stopped")
	}
	if n := ctxEnded.Load(); n != 0 {
		t.Fatalf("%d calls in flight had their context ended by the stop", n)
	}
	// At most the calls already past the gate when the stop came (one per
	// other worker) end after it.
	if d := len(rep.Done); d < 30 || d > 33 {
		t.Fatalf("%d done, want 30 and the few in flight at the stop", d)
	}
	if len(rep.Done)+len(rep.NotAttempted) != 100 || len(rep.Failed) != 0 {
		t.Fatalf("report: %d done, %d failed, %d not attempted", len(rep.Done), len(rep.Failed), len(rep.NotAttempted))
	}
	if n := lateStarts.Load(); n > 3 {
		t.Fatalf("%d calls started after the stop", n)
	}
	for i, p := range progress {
		if p.Total != 100 || p.Ended() != i+1 {
			t.Fatalf("progress %d: %+v", i, p)
		}
	}
	// Held back by the pacer: not attempted, and not counted as progress.
	rep = Run(context.Background(), 3, Options{}, func(ctx context.Context, i int) error {
		if i == 1 {
			return ErrStopped
		}
		return nil
	})
	if len(rep.NotAttempted) != 1 || rep.NotAttempted[0] != 1 || len(rep.Done) != 2 {
		t.Fatalf("held-back call: %+v", rep)
	}
}

// The gate holds every waiter for the longest quiet asked, and a stop
// releases them with ErrStopped.
func TestGateHoldsEveryoneAndStops(t *testing.T) {
	stop := make(chan struct{})
	g := newGate(stop)
	if err := g.Wait(context.Background()); err != nil {
		t.Fatalf("an open gate: %v", err)
	}
	start := time.Now()
	g.Hold(60 * time.Millisecond)
	g.Hold(10 * time.Millisecond) // a shorter ask does not shorten the quiet
	var wg sync.WaitGroup
	waited := make([]time.Duration, 4)
	for k := range waited {
		wg.Go(func() {
			if err := g.Wait(context.Background()); err != nil {
				t.Error(err)
			}
			waited[k] = time.Since(start)
		})
	}
	wg.Wait()
	for k, w := range waited {
		if w < 60*time.Millisecond {
			t.Fatalf("waiter %d went on after %v, before the 60ms asked", k, w)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g.Hold(time.Hour)
	if err := g.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a waiter whose call ended: %v", err)
	}
	done := make(chan error)
	go func() { done <- g.Wait(context.Background()) }()
	close(stop)
	if err := <-done; !errors.Is(err, ErrStopped) {
		t.Fatalf("a stop during the quiet: %v", err)
	}
}

// A call that panics stops the run and the panic reaches Run's caller,
// where the console's command loop recovers it, not a worker goroutine
// that would take the process down.
func TestPanicReachesTheCaller(t *testing.T) {
	var after atomic.Int32
	defer func() {
		if p := recover(); p != "item 3" {
			t.Fatalf("recovered %v, want the call's panic", p)
		}
		if n := after.Load(); n > 3 {
			t.Fatalf("%d calls started after the panic", n)
		}
	}()
	var panicked atomic.Bool
	Run(context.Background(), 1000, Options{Workers: 4}, func(ctx context.Context, i int) error {
		if panicked.Load() {
			after.Add(1)
		}
		if i == 3 {
			panicked.Store(true)
			panic("item 3")
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	t.Fatal("Run returned")
}
