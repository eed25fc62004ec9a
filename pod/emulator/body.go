package emulator

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// MaxBodyBytes is the largest request body the emulator reads; a larger
	// one is answered 413 (a declared Content-Length above it is refused
	// before reading).
	MaxBodyBytes = 4 << 20
	// MaxBodiesInFlight bounds the request bodies held in memory at once, all
	// requests together: sixteen clients sending 50 MB each cannot push the
	// emulator's memory past it (plus what decoding them allocates).
	MaxBodiesInFlight = 16 << 20

	// bodyWait is how long a request waits for its share of MaxBodiesInFlight
	// before it is answered 503.
	bodyWait = 20 * time.Second
	// bodyReadTime is how long a client has to send its body once its share
	// is reserved: a body trickled in cannot hold the share for ever.
	bodyReadTime = 30 * time.Second
)

// byteBudget is a pool of bytes that requests reserve before they hold a
// body in memory and give back when their handler returns.
type byteBudget struct {
	mu   sync.Mutex
	size int64
	used int64
	peak int64         // the most bytes reserved at once, for tests and stats
	wake chan struct{} // closed, and replaced, whenever bytes are given back
}

func newByteBudget(size int64) *byteBudget {
	return &byteBudget{size: size, wake: make(chan struct{})}
}

// acquire reserves n bytes, waiting until they are free or ctx ends.
func (b *byteBudget) acquire(ctx context.Context, n int64) bool {
	for {
		b.mu.Lock()
		if b.used+n <= b.size {
			b.used += n
			b.peak = max(b.peak, b.used)
			b.mu.Unlock()
			return true
		}
		wake := b.wake
		b.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return false
		}
	}
}

func (b *byteBudget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	close(b.wake)
	b.wake = make(chan struct{})
}

// usage is the bytes reserved now and the most ever reserved at once.
func (b *byteBudget) usage() (now, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, b.peak
}

// bodyRefusal is why a body was not read: the status and message to answer.
type bodyRefusal struct {
	status int
	msg    string
}

var (
	refuseTooLarge = &bodyRefusal{http.StatusRequestEntityTooLarge,
		"The request body is larger than " + strconv.Itoa(MaxBodyBytes) + " bytes"}
	refuseBusy = &bodyRefusal{http.StatusServiceUnavailable,
		"Too many request bodies in flight; retry later"}
	refuseUnread = &bodyRefusal{http.StatusBadRequest, "The request body could not be read"}
)

// readBody reads r's body into memory within the budget and puts it back
// on r as a bytes reader. reserved is what the caller gives back to the
// budget once the handler has returned.
func (e *Emulator) readBody(w http.ResponseWriter, r *http.Request) (reserved int64, refused *bodyRefusal) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return 0, nil
	}
	rc := http.NewResponseController(w)
	if r.ContentLength > MaxBodyBytes {
		// A client waiting for "100 Continue" has not sent the body: the
		// answer alone is enough.
		if !strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
			discard(rc, r.Body)
		}
		return 0, refuseTooLarge
	}
	// A body of unknown length (chunked) reserves the largest there may be,
	// in one step, so a request never holds part of the budget while it
	// waits for more.
	reserved = r.ContentLength
	if reserved < 0 {
		reserved = MaxBodyBytes + 1
	}
	ctx, cancel := context.WithTimeout(r.Context(), bodyWait)
	defer cancel()
	if !e.bodies.acquire(ctx, reserved) {
		return 0, refuseBusy
	}
	_ = rc.SetReadDeadline(time.Now().Add(bodyReadTime))
	defer func() { _ = rc.SetReadDeadline(time.Time{}) }()

	// The buffer is the reservation, so memory held never exceeds it.
	body := make([]byte, reserved)
	n, err := io.ReadFull(r.Body, body)
	switch {
	case r.ContentLength < 0 && err == nil: // the buffer filled: over the limit
		refused = refuseTooLarge
	case r.ContentLength < 0 && err == io.ErrUnexpectedEOF, r.ContentLength < 0 && err == io.EOF:
		body = body[:n]
	case err != nil:
		refused = refuseUnread
	}
	if refused != nil {
		e.bodies.release(reserved)
		if refused == refuseTooLarge {
			discard(rc, r.Body)
		}
		return 0, refused
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return reserved, nil
}

// discardLimit is how much of a body over the limit is read and thrown away
// (in small buffers) before the 413: a client that sent it whole then reads
// the answer on a clean connection. A larger body is cut after the answer.
const discardLimit = 2 * MaxBodyBytes

func discard(rc *http.ResponseController, body io.Reader) {
	_ = rc.SetReadDeadline(time.Now().Add(bodyReadTime))
	_, _ = io.CopyN(io.Discard, body, discardLimit)
	_ = rc.SetReadDeadline(time.Time{})
}
