package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults is the fault-injection configuration. It applies to the API paths
// (/pod, /login, /relay, /sessionauth, /keyauth, /agent), never to /_emulator.
// On the wire (GET/POST /_emulator/faults) durations are milliseconds:
//
//	{"latencyMs":50,"jitterMs":20,"errorRate":0.1,"rateLimitNext":3,
//	 "retryAfterSeconds":2,"dropRate":0.05,"loseRate":0.05,
//	 "slowRate":0.1,"slowMs":2000,"unreachable":false}
//
// A request meets at most one of drop, 429, error, lose and slow (drawn in
// that order); latency comes on top of any of them.
type Faults struct {
	Latency time.Duration // added to every request, before the handler
	Jitter  time.Duration // plus a uniform random extra in [0, Jitter)

	// ErrorRate is the fraction of requests answered 500 or 503 (half each)
	// without reaching the handler.
	ErrorRate float64

	// RateLimitNext: the next N requests get 429 with Retry-After: RetryAfterSeconds.
	RateLimitNext     int
	RetryAfterSeconds int // default 1

	// DropRate is the fraction of requests whose connection is closed
	// without a response, before the handler runs.
	DropRate float64

	// LoseRate is the fraction of requests whose handler runs (the change is
	// made, a feed is drained) and whose answer is then lost: the connection
	// closes without a response. The client cannot tell it from a drop.
	LoseRate float64

	// SlowRate is the fraction of requests whose answer is held for Slow
	// after the handler ran: the change is visible before the client hears.
	SlowRate float64
	Slow     time.Duration

	// Unreachable drops every request, so the pod looks offline.
	Unreachable bool
}

// Bounds of a fault configuration.
const (
	MaxFaultDelay     = time.Minute // latency, jitter, slow
	MaxRateLimitNext  = 1_000_000
	MaxRetryAfterSecs = 3600
)

// Validate says, in one line naming the wire field, what is out of bounds.
func (f Faults) Validate() error {
	for _, r := range []struct {
		name string
		v    float64
	}{{"errorRate", f.ErrorRate}, {"dropRate", f.DropRate}, {"loseRate", f.LoseRate}, {"slowRate", f.SlowRate}} {
		if !(r.v >= 0 && r.v <= 1) { // NaN fails too
			return fmt.Errorf("%s %v: want a fraction from 0 to 1", r.name, r.v)
		}
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"latencyMs", f.Latency}, {"jitterMs", f.Jitter}, {"slowMs", f.Slow}} {
		if d.v < 0 || d.v > MaxFaultDelay {
			return fmt.Errorf("%s %d: want 0 to %d milliseconds", d.name, d.v.Milliseconds(), MaxFaultDelay.Milliseconds())
		}
	}
	if f.RateLimitNext < 0 || f.RateLimitNext > MaxRateLimitNext {
		return fmt.Errorf("rateLimitNext %d: want 0 to %d requests", f.RateLimitNext, MaxRateLimitNext)
	}
	if f.RetryAfterSeconds < 0 || f.RetryAfterSeconds > MaxRetryAfterSecs {
		return fmt.Errorf("retryAfterSeconds %d: want 0 to %d", f.RetryAfterSeconds, MaxRetryAfterSecs)
	}
	return nil
}

type faultsWire struct {
	LatencyMs         int64   `json:"latencyMs"`
	JitterMs          int64   `json:"jitterMs"`
	ErrorRate         float64 `json:"errorRate"`
	RateLimitNext     int     `json:"rateLimitNext"`
	RetryAfterSeconds int     `json:"retryAfterSeconds"`
	DropRate          float64 `json:"dropRate"`
	LoseRate          float64 `json:"loseRate"`
	SlowRate          float64 `json:"slowRate"`
	SlowMs            int64   `json:"slowMs"`
	Unreachable       bool    `json:"unreachable"`
}

func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsWire{
		LatencyMs: f.Latency.Milliseconds(), JitterMs: f.Jitter.Milliseconds(),
		ErrorRate: f.ErrorRate, RateLimitNext: f.RateLimitNext, RetryAfterSeconds: f.RetryAfterSeconds,
		DropRate: f.DropRate, LoseRate: f.LoseRate, SlowRate: f.SlowRate, SlowMs: f.Slow.Milliseconds(),
		Unreachable: f.Unreachable,
	})
}

// UnmarshalJSON reads the wire form; a field it does not know is an error,
// so a misspelt fault is refused rather than silently not injected.
func (f *Faults) UnmarshalJSON(b []byte) error {
	var w faultsWire
	if err := unmarshalStrict(b, &w); err != nil {
		return err
	}
	// Clamped far beyond any bound before converting, so a huge value cannot
	// overflow into an accepted duration.
	ms := func(v int64) time.Duration {
		return time.Duration(min(max(v, -1e12), 1e12)) * time.Millisecond
	}
	*f = Faults{
		Latency: ms(w.LatencyMs), Jitter: ms(w.JitterMs),
		ErrorRate: w.ErrorRate, RateLimitNext: w.RateLimitNext, RetryAfterSeconds: w.RetryAfterSeconds,
		DropRate: w.DropRate, LoseRate: w.LoseRate, SlowRate: w.SlowRate, Slow: ms(w.SlowMs),
		Unreachable: w.Unreachable,
	}
	return nil
}

// FaultCounts is how many requests each kind of fault hit.
type FaultCounts struct {
	Delayed     int `json:"delayed"`     // latency before the handler
	RateLimited int `json:"rateLimited"` // 429
	Errors      int `json:"errors"`      // 500 or 503
	Dropped     int `json:"dropped"`     // closed before the handler ran
	Lost        int `json:"lost"`        // closed after the handler ran
	Slowed      int `json:"slowed"`      // answer held after the handler ran
}

// faultInjector decides, per request, which fault to inject. Its rng is seeded
// from Options.Seed so a test sees the same faults for the same requests.
type faultInjector struct {
	mu     sync.Mutex
	cfg    Faults
	rng    *rand.Rand
	counts FaultCounts
	stop   <-chan struct{} // closed by Close: a delayed request stops waiting
}

func newFaultInjector(f Faults, seed int64, stop <-chan struct{}) *faultInjector {
	return &faultInjector{cfg: f, rng: rand.New(rand.NewPCG(uint64(seed), 0xfa017)), stop: stop}
}

// SetFaults replaces the fault configuration (RateLimitNext restarts its count).
func (e *Emulator) SetFaults(f Faults) {
	e.faults.mu.Lock()
	e.faults.cfg = f
	e.faults.mu.Unlock()
}

// CurrentFaults returns the configuration in force; RateLimitNext is what remains.
func (e *Emulator) CurrentFaults() Faults {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	return e.faults.cfg
}

// faultable reports whether path is part of the emulated API.
func faultable(path string) bool {
	for _, p := range []string{"/pod/", "/login/", "/relay/", "/sessionauth/", "/keyauth/", "/agent/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

type faultKind int

const (
	faultNone faultKind = iota
	faultDrop
	fault429
	fault500
	fault503
	faultLose // after the handler
	faultSlow // after the handler
)

// faultPlan is what happens to one request.
type faultPlan struct {
	kind       faultKind
	delay      time.Duration // before the handler
	retryAfter int           // seconds, for a 429
	slow       time.Duration // after the handler, for faultSlow
}

// decide draws the faults for one request.
func (f *faultInjector) decide() faultPlan {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &f.cfg
	p := faultPlan{delay: c.Latency}
	if c.Jitter > 0 {
		p.delay += time.Duration(f.rng.Int64N(int64(c.Jitter)))
	}
	if p.delay > 0 {
		f.counts.Delayed++
	}
	draw := func(rate float64) bool { return rate > 0 && f.rng.Float64() < rate }
	switch {
	case c.Unreachable:
		f.counts.Dropped++
		return faultPlan{kind: faultDrop}
	case draw(c.DropRate):
		f.counts.Dropped++
		p.kind = faultDrop
	case c.RateLimitNext > 0:
		c.RateLimitNext--
		f.counts.RateLimited++
		p.kind, p.retryAfter = fault429, max(c.RetryAfterSeconds, 1)
	case draw(c.ErrorRate):
		f.counts.Errors++
		p.kind = fault500
		if f.rng.IntN(2) == 1 {
			p.kind = fault503
		}
	case draw(c.LoseRate):
		f.counts.Lost++
		p.kind = faultLose
	case draw(c.SlowRate):
		f.counts.Slowed++
		p.kind, p.slow = faultSlow, c.Slow
	}
	return p
}

func (f *faultInjector) snapshot() FaultCounts {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts
}

func (f *faultInjector) resetCounts() {
	f.mu.Lock()
	f.counts = FaultCounts{}
	f.mu.Unlock()
}

// wait holds a request for d. It reports false when the client left
// meanwhile; Close cuts the wait short and the request goes on.
func (f *faultInjector) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return false
	case <-f.stop:
	}
	return true
}

// strikeBefore answers the faults that keep a request from its handler and
// reports whether it did.
func (f *faultInjector) strikeBefore(w http.ResponseWriter, p faultPlan) bool {
	switch p.kind {
	case faultDrop:
		drop(w)
	case fault429:
		w.Header().Set("Retry-After", strconv.Itoa(p.retryAfter))
		writeError(w, http.StatusTooManyRequests, "Too many requests")
	case fault500:
		writeError(w, http.StatusInternalServerError, "Server error, see response body for further details.")
	case fault503:
		writeError(w, http.StatusServiceUnavailable, "Service unavailable")
	default:
		return false
	}
	return true
}

// drop closes the client's connection without answering.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server closes the connection and logs nothing
	}
	_ = conn.Close()
}
