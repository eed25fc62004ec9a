package bulk

import (
	"context"
	"sync"
	"time"
)

// gate is the run's pod.Pacer: closed for as long as the pod last asked
// (429 or 503 with Retry-After), and closed for good once the run stops.
// While it is open a Wait costs a lock and no timer.
type gate struct {
	stop <-chan struct{}

	mu    sync.Mutex
	until time.Time // quiet until then
}

func newGate(stop <-chan struct{}) *gate { return &gate{stop: stop} }

// Hold implements pod.Pacer: every call of the run waits d from now (a
// longer wait already asked for stands).
func (g *gate) Hold(d time.Duration) {
	t := time.Now().Add(d)
	g.mu.Lock()
	if t.After(g.until) {
		g.until = t
	}
	g.mu.Unlock()
}

// Wait implements pod.Pacer: it returns once the quiet asked for is over,
// ErrStopped once the run stopped, or ctx's error.
func (g *gate) Wait(ctx context.Context) error {
	for {
		select {
		case <-g.stop:
			return ErrStopped
		default:
		}
		g.mu.Lock()
		wait := time.Until(g.until)
		g.mu.Unlock()
		if wait <= 0 {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-g.stop:
			t.Stop()
			return ErrStopped
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C: // the quiet may have been extended meanwhile: look again
		}
	}
}
