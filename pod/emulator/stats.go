package emulator

import (
	"net/http"
	"strconv"
	"sync"
)

// stats counts requests per route (method + path template) and per status.
type stats struct {
	mu     sync.Mutex
	routes map[string]*RouteStats
	panics int
}

// RouteStats counts the requests of one route, by HTTP status code ("200").
type RouteStats struct {
	Requests int            `json:"requests"`
	ByStatus map[string]int `json:"byStatus"`
	// Lost counts the answers lost after the handler ran (Faults.LoseRate);
	// they are in Requests and ByStatus too, under the status the handler
	// gave, though no client saw it. A login so counted issued a session
	// its client never got.
	Lost int `json:"lost"`
}

// Stats is what GET /_emulator/stats answers.
type Stats struct {
	Requests int                   `json:"requests"` // all routed API requests
	Routes   map[string]RouteStats `json:"routes"`   // by "METHOD /path/{template}"
	ByStatus map[string]int        `json:"byStatus"` // all routes, by status code
	// Auth counts requests per authentication endpoint (every endpoint is
	// listed, zero included); Routes has their statuses.
	Auth   map[string]int `json:"auth"`
	Faults FaultCounts    `json:"faults"` // injected faults (these never reach a route)
	Panics int            `json:"panics"` // handler panics recovered (each answered 500 and logged)
}

// authRoutePatterns are the authentication endpoints summed in Stats.Auth.
var authRoutePatterns = []string{
	"POST /login/pubkey/authenticate",
	"POST /relay/pubkey/authenticate",
	"POST /login/pubkey/app/authenticate",
	"POST /login/pubkey/app/user/{userId}/authenticate",
	"POST /login/pubkey/app/username/{username}/authenticate",
	"POST /sessionauth/v1/authenticate",
	"POST /keyauth/v1/authenticate",
}

func newStats() *stats { return &stats{routes: map[string]*RouteStats{}} }

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flush, hijack).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *stats) count(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		finished := false
		defer func() {
			switch {
			case !finished:
				rec.status = http.StatusInternalServerError // a panic, which the root answers 500
			case rec.status == 0:
				rec.status = http.StatusOK
			}
			s.record(pattern, rec.status)
		}()
		h.ServeHTTP(rec, r)
		finished = true
	})
}

// countLost records that the answer of a request to pattern was lost.
func (s *stats) countLost(pattern string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rs := s.routes[pattern]; rs != nil {
		rs.Lost++
	}
}

func (s *stats) countPanic() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.panics++
}

func (s *stats) record(pattern string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.routes[pattern]
	if rs == nil {
		rs = &RouteStats{ByStatus: map[string]int{}}
		s.routes[pattern] = rs
	}
	rs.Requests++
	rs.ByStatus[strconv.Itoa(status)]++
}

// snapshot returns a copy of the counters with the totals filled in.
func (s *stats) snapshot() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Stats{
		Routes:   make(map[string]RouteStats, len(s.routes)),
		ByStatus: map[string]int{},
		Auth:     make(map[string]int, len(authRoutePatterns)),
	}
	for k, v := range s.routes {
		c := RouteStats{Requests: v.Requests, ByStatus: make(map[string]int, len(v.ByStatus)), Lost: v.Lost}
		for sk, sv := range v.ByStatus {
			c.ByStatus[sk] = sv
			out.ByStatus[sk] += sv
		}
		out.Routes[k] = c
		out.Requests += v.Requests
	}
	for _, p := range authRoutePatterns {
		out.Auth[p] = out.Routes[p].Requests
	}
	out.Panics = s.panics
	return out
}

func (s *stats) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = map[string]*RouteStats{}
	s.panics = 0
}

// Stats returns the request counters (the value GET /_emulator/stats answers).
func (e *Emulator) Stats() Stats {
	st := e.stats.snapshot()
	st.Faults = e.faults.snapshot()
	return st
}

// ResetStats zeroes the request and fault counters.
func (e *Emulator) ResetStats() {
	e.stats.reset()
	e.faults.resetCounts()
}
