package session

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const traceAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NewTraceID is 6 random alphanumerics, the BDKs' X-Trace-Id format.
// Do sets one on every request unless the caller did; a caller that retries
// sets its own so that all attempts of one call share it.
func NewTraceID() string {
	var b [6]byte
	for i := range b {
		b[i] = traceAlphabet[rand.IntN(len(traceAlphabet))]
	}
	return string(b[:])
}

// ParseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
// ok is false when the header is absent or unreadable; a negative delay or a
// date already past is (0, true).
func ParseRetryAfter(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, true
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
