package emulator

import (
	"encoding/json"
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
//	 "retryAfterSeconds":2,"dropRate":0.05,"unreachable":false}
type Faults struct {
	Latency time.Duration // added to every request
	Jitter  time.Duration // plus a uniform random extra in [0, Jitter)

	// ErrorRate is the fraction of requests answered 500 or 503 (half each).
	ErrorRate float64

	// RateLimitNext: the next N requests get 429 with Retry-After: RetryAfterSeconds.
	RateLimitNext     int
	RetryAfterSeconds int // default 1

	// DropRate is the fraction of requests whose connection is closed
	// without a response.
	DropRate float64

	// Unreachable drops every request, so the pod looks offline.
	Unreachable bool
}

type faultsWire struct {
	LatencyMs         int64   `json:"latencyMs"`
	JitterMs          int64   `json:"jitterMs"`
	ErrorRate         float64 `json:"errorRate"`
	RateLimitNext     int     `json:"rateLimitNext"`
	RetryAfterSeconds int     `json:"retryAfterSeconds"`
	DropRate          float64 `json:"dropRate"`
	Unreachable       bool    `json:"unreachable"`
}

func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsWire{
		LatencyMs: f.Latency.Milliseconds(), JitterMs: f.Jitter.Milliseconds(),
		ErrorRate: f.ErrorRate, RateLimitNext: f.RateLimitNext, RetryAfterSeconds: f.RetryAfterSeconds,
		DropRate: f.DropRate, Unreachable: f.Unreachable,
	})
}

func (f *Faults) UnmarshalJSON(b []byte) error {
	var w faultsWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = Faults{
		Latency: time.Duration(w.LatencyMs) * time.Millisecond, Jitter: time.Duration(w.JitterMs) * time.Millisecond,
		ErrorRate: w.ErrorRate, RateLimitNext: w.RateLimitNext, RetryAfterSeconds: w.RetryAfterSeconds,
		DropRate: w.DropRate, Unreachable: w.Unreachable,
	}
	return nil
}

// FaultCounts is how many requests each kind of fault hit.
type FaultCounts struct {
	Delayed     int `json:"delayed"`
	RateLimited int `json:"rateLimited"`
	Errors      int `json:"errors"`
	Dropped     int `json:"dropped"`
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
)

// decide draws the fault for one request and how long to delay it first.
func (f *faultInjector) decide() (faultKind, time.Duration, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &f.cfg
	delay := c.Latency
	if c.Jitter > 0 {
		delay += time.Duration(f.rng.Int64N(int64(c.Jitter)))
	}
	if delay > 0 {
		f.counts.Delayed++
	}
	retryAfter := c.RetryAfterSeconds
	if retryAfter <= 0 {
		retryAfter = 1
	}
	switch {
	case c.Unreachable:
		f.counts.Dropped++
		return faultDrop, 0, 0
	case c.DropRate > 0 && f.rng.Float64() < c.DropRate:
		f.counts.Dropped++
		return faultDrop, delay, 0
	case c.RateLimitNext > 0:
		c.RateLimitNext--
		f.counts.RateLimited++
		return fault429, delay, retryAfter
	case c.ErrorRate > 0 && f.rng.Float64() < c.ErrorRate:
		f.counts.Errors++
		if f.rng.IntN(2) == 0 {
			return fault500, delay, 0
		}
		return fault503, delay, 0
	}
	return faultNone, delay, 0
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

// wrap injects the configured faults in front of h.
func (f *faultInjector) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !faultable(r.URL.Path) {
			h.ServeHTTP(w, r)
			return
		}
		kind, delay, retryAfter := f.decide()
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			case <-f.stop:
				t.Stop()
			}
		}
		switch kind {
		case faultDrop:
			drop(w)
		case fault429:
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			writeError(w, http.StatusTooManyRequests, "Too many requests")
		case fault500:
			writeError(w, http.StatusInternalServerError, "Server error, see response body for further details.")
		case fault503:
			writeError(w, http.StatusServiceUnavailable, "Service unavailable")
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// drop closes the client's connection without answering.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server closes the connection and logs nothing
	}
	_ = conn.Close()
}
