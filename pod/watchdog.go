package pod

import (
	"context"
	"fmt"
	"io"
	"net/http/httptrace"
	"sync"
	"time"
)

// watchdog gives one attempt its own deadline, apart from the call's: the
// config's readTimeout, with the BDK's meaning (a socket read timeout). The
// pod must start answering within readTimeout of the request being written
// (connectionTimeout more to connect), and must not pause longer than that
// within the body. A stalled answer then costs one attempt, which the retry
// policy may repeat, not the whole call. The clock starts when the
// transport asks for a connection, so waiting for a login does not count.
type watchdog struct {
	connect, idle time.Duration
	cancel        context.CancelFunc

	mu      sync.Mutex
	timer   *time.Timer
	fired   bool
	done    bool
	wrote   bool // the whole request went out: the pod may have acted on it
	engaged bool // the transport took the request (so wrote is meaningful)
}

// AttemptTimeoutError is an attempt the pod left unanswered for readTimeout.
type AttemptTimeoutError struct{ After time.Duration }

func (e *AttemptTimeoutError) Error() string {
	return fmt.Sprintf("no answer for %v (readTimeout)", e.After)
}

// Timeout marks it as a timeout for net.Error-style checks.
func (e *AttemptTimeoutError) Timeout() bool { return true }

// watch returns the attempt's context, which the watchdog cancels when the
// pod stays silent too long. A zero idle turns the watchdog off.
func watch(ctx context.Context, connect, idle time.Duration) (context.Context, *watchdog) {
	actx, cancel := context.WithCancel(ctx)
	w := &watchdog{connect: connect, idle: idle, cancel: cancel}
	trace := &httptrace.ClientTrace{
		GetConn: func(string) { w.arm(w.connect + w.idle); w.engage() },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				w.mu.Lock()
				w.wrote = true
				w.mu.Unlock()
			}
			w.arm(w.idle)
		},
		GotFirstResponseByte: func() { w.arm(w.idle) },
	}
	return httptrace.WithClientTrace(actx, trace), w
}

func (w *watchdog) engage() {
	w.mu.Lock()
	w.engaged = true
	w.mu.Unlock()
}

// arm (re)starts the countdown.
func (w *watchdog) arm(d time.Duration) {
	if w.idle <= 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done || w.fired {
		return
	}
	if w.timer == nil {
		w.timer = time.AfterFunc(d, w.fire)
	} else {
		w.timer.Reset(d)
	}
}

func (w *watchdog) fire() {
	w.mu.Lock()
	if w.done {
		w.mu.Unlock()
		return
	}
	w.fired = true
	w.mu.Unlock()
	w.cancel()
}

// stop ends the attempt's context; call it when the attempt is over.
func (w *watchdog) stop() {
	w.mu.Lock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
	w.mu.Unlock()
	w.cancel()
}

// timedOut reports whether the watchdog, not the caller, ended the attempt.
func (w *watchdog) timedOut() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fired
}

// neverSent reports whether the request provably did not go out whole, so
// the pod cannot have acted on it.
func (w *watchdog) neverSent() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.engaged && !w.wrote
}

// body wraps a response body so each chunk that arrives restarts the countdown.
func (w *watchdog) body(r io.Reader) io.Reader { return &kickReader{r: r, w: w} }

type kickReader struct {
	r io.Reader
	w *watchdog
}

func (k *kickReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.w.arm(k.w.idle)
	}
	return n, err
}
