package emulator

import (
	"net/http"
	"sort"
	"sync"
)

// stats counts requests per route (method + path template) and per status.
type stats struct {
	mu     sync.Mutex
	routes map[string]*routeStats
}

type routeStats struct {
	Requests int            `json:"requests"`
	ByStatus map[string]int `json:"byStatus"`
}

func newStats() *stats { return &stats{routes: map[string]*routeStats{}} }

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

func (s *stats) count(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.record(pattern, rec.status)
	})
}

func (s *stats) record(pattern string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.routes[pattern]
	if rs == nil {
		rs = &routeStats{ByStatus: map[string]int{}}
		s.routes[pattern] = rs
	}
	rs.Requests++
	rs.ByStatus[http.StatusText(status)]++
}

// Snapshot returns a copy of the counters keyed by route pattern.
func (s *stats) snapshot() map[string]routeStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]routeStats, len(s.routes))
	for k, v := range s.routes {
		c := routeStats{Requests: v.Requests, ByStatus: make(map[string]int, len(v.ByStatus))}
		for sk, sv := range v.ByStatus {
			c.ByStatus[sk] = sv
		}
		out[k] = c
	}
	return out
}

func (s *stats) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = map[string]*routeStats{}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
