package pod

import (
	"context"
	"fmt"
	"sync"
)

// lookupWorkers bounds the lookups of one call in flight at once: a
// 5,000-member room's names are 50 requests, which one after another
// would take 50 round trips.
const lookupWorkers = 4

// inParallel runs fn for 0..n-1, at most workers at once. The first
// failure cancels the calls still running and starts no more; it is
// what inParallel returns, with failed, the lowest index that did not
// complete (n when all did).
func inParallel(ctx context.Context, n, workers int, fn func(ctx context.Context, k int) error) (failed int, err error) {
	if n == 1 { // the usual lookup: no goroutine for it
		if err := fn(ctx, 0); err != nil {
			return 0, err
		}
		return 1, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	failed = n
	var panicked any
	for range min(workers, n) {
		wg.Go(func() {
			// A panic belongs to the caller's goroutine, where whoever runs
			// the caller (a console's command loop) can recover it.
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					panicked = p
					if first == nil {
						first = fmt.Errorf("panic: %v", p)
						cancel()
					}
					mu.Unlock()
				}
			}()
			for {
				mu.Lock()
				k := next
				stop := k >= n || first != nil
				next++
				mu.Unlock()
				if stop {
					return
				}
				if e := fn(ctx, k); e != nil {
					mu.Lock()
					if first == nil {
						first = e
						cancel()
					}
					failed = min(failed, k)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if first != nil {
		// Items after the first failure may not have run at all.
		return failed, first
	}
	return n, nil
}
