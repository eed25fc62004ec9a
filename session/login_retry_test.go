package session

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"
)

func TestLoginHonoursRetryAfter(t *testing.T) {
	p := newFakePod(t)
	p.rateLimitLogins.Store(1)
	s := sessionFor(t, p, "", Options{})
	if err := s.Authenticate(context.Background()); err != nil {
		t.Fatalf("a login the pod asked to retry after 1 s failed: %v", err)
	}
	if got := p.botLogins.Load(); got != 2 {
		t.Errorf("bot logins = %d, want 2 (429, then success)", got)
	}
}

func TestLoginGivesUpAfterRetries(t *testing.T) {
	p := newFakePod(t)
	p.rateLimitLogins.Store(100)
	s := sessionFor(t, p, "", Options{})
	err := s.Authenticate(context.Background())
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Status != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429 AuthError", err)
	}
	if got := p.botLogins.Load(); got != loginRetries {
		t.Errorf("bot logins = %d, want %d", got, loginRetries)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Sun, 22 Nov 2026 12:00:05 GMT": 5 * time.Second,
		"Sun, 22 Nov 2026 11:59:00 GMT": 0,
	} {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got, _ := ParseRetryAfter(h, now); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
}

func TestRetryAfterPresenceAndOverflow(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"soon", 0, false},
		{"0", 0, true},
		{"-1", 0, true},
		{" 2 ", 2 * time.Second, true},
		// Far past any real wait: it must not wrap into a short one.
		{"99999999999999", time.Duration(math.MaxInt64), true},
	} {
		h := http.Header{}
		if c.v != "" {
			h["Retry-After"] = []string{c.v}
		}
		if got, ok := ParseRetryAfter(h, now); got != c.want || ok != c.ok {
			t.Errorf("Retry-After %q = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}
