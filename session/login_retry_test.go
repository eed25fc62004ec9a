package session

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
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
	s := sessionFor(t, p, "retry: {maxAttempts: 3}", Options{})
	err := s.Authenticate(context.Background())
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Status != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429 AuthError", err)
	}
	if got := p.botLogins.Load(); got != 3 {
		t.Errorf("bot logins = %d, want 3 (retry.maxAttempts)", got)
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

// retryConfig gives each login attempt 3 s (2 × (connect + read)), ample on
// loopback however busy the machine, and short backoff ceilings.
const retryConfig = "connectionTimeout: 500\nreadTimeout: 1000\nretry: {maxAttempts: 10, initialIntervalMillis: 100, multiplier: 2, maxIntervalMillis: 5000}\n"

// recordSleeps replaces the backoff wait with a record of it.
func recordSleeps(s *Session) *[]time.Duration {
	var waits []time.Duration
	var mu sync.Mutex
	s.jitter = func(n int64) int64 { return n - 1 } // the longest wait: the ceiling
	s.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return &waits
}

// A login is idempotent: 5xx, a connection closed without an answer and
// an answer that does not come are retried with the config's policy, each
// attempt with its own deadline; the pod's Retry-After is honoured.
func TestLoginRetriesWhatMayAnswerLater(t *testing.T) {
	p := newFakePod(t)
	p.loginFaults = []int{500, 502, faultHangUp, faultStall, http.StatusServiceUnavailable}
	s := sessionFor(t, p, retryConfig, Options{})
	waits := recordSleeps(s)
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatalf("login through 5 transient failures: %v", err)
	}
	if got := p.botLogins.Load(); got != 6 {
		t.Errorf("bot logins = %d, want 6", got)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 2 * time.Second}
	if !slices.Equal(*waits, want) {
		t.Errorf("waits = %v, want %v (the policy's ceilings, then Retry-After: 2)", *waits, want)
	}
}

// What a retry cannot change fails at once, without a wait.
func TestLoginFailsAtOnceOnRefusals(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 407} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			p := newFakePod(t)
			p.loginFaults = []int{status}
			s := sessionFor(t, p, retryConfig, Options{})
			waits := recordSleeps(s)
			var ae *AuthError
			if err := s.Authenticate(t.Context()); !errors.As(err, &ae) || ae.Status != status {
				t.Fatalf("err = %v", err)
			}
			if p.botLogins.Load() != 1 || len(*waits) != 0 {
				t.Errorf("logins %d, waits %v; want 1 and none", p.botLogins.Load(), *waits)
			}
		})
	}
	t.Run("connection refused", func(t *testing.T) {
		p := newFakePod(t)
		s := sessionFor(t, p, retryConfig, Options{})
		p.srv.Close()
		waits := recordSleeps(s)
		err := s.Authenticate(t.Context())
		if err == nil || !strings.Contains(err.Error(), "refused") || len(*waits) != 0 {
			t.Fatalf("err = %v, waits %v", err, *waits)
		}
	})
}

func TestLoginRetryBounds(t *testing.T) {
	t.Run("max attempts", func(t *testing.T) {
		p := newFakePod(t)
		p.loginFaults = []int{500, 500, 500, 500}
		s := sessionFor(t, p, "retry: {maxAttempts: 3, initialIntervalMillis: 10}", Options{})
		recordSleeps(s)
		var ae *AuthError
		if err := s.Authenticate(t.Context()); !errors.As(err, &ae) || ae.Status != 500 || p.botLogins.Load() != 3 {
			t.Fatalf("err = %v after %d logins; want the 500 after 3", err, p.botLogins.Load())
		}
	})
	t.Run("Retry-After beyond the policy", func(t *testing.T) {
		p := newFakePod(t)
		p.loginFaults = []int{http.StatusServiceUnavailable} // Retry-After: 2
		s := sessionFor(t, p, "retry: {initialIntervalMillis: 10, maxIntervalMillis: 1000}", Options{})
		waits := recordSleeps(s)
		if err := s.Authenticate(t.Context()); err == nil || p.botLogins.Load() != 1 || len(*waits) != 0 {
			t.Fatalf("err = %v, logins %d, waits %v", err, p.botLogins.Load(), *waits)
		}
		// The session's own backoff honours the pod's wish.
		if d := s.State().RetryAt.Sub(time.Now()); d < time.Second {
			t.Errorf("next login in %v, want at least the pod's 2 s", d)
		}
	})
}

func TestLoginRetryableClassification(t *testing.T) {
	network := func(err error) error { return &AuthError{Err: &NetworkError{URL: "https://pod", Err: err}} }
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"500", &AuthError{Status: 500}, true},
		{"429", &AuthError{Status: 429}, true},
		{"401", &AuthError{Status: 401}, false},
		{"reset", network(&net.OpError{Op: "read", Err: syscall.ECONNRESET}), true},
		{"closed", network(io.EOF), true},
		{"timeout", network(context.DeadlineExceeded), true},
		{"body cut after 200", &AuthError{Status: 200, Err: &NetworkError{Err: io.ErrUnexpectedEOF}}, true},
		{"refused", network(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), false},
		{"unknown host", network(&net.DNSError{Err: "no such host", Name: "pod", IsNotFound: true}), false},
		{"dns timeout", network(&net.DNSError{Err: "timeout", Name: "pod", IsTimeout: true}), true},
		{"untrusted certificate", network(x509.UnknownAuthorityError{}), false},
		{"cancelled", network(context.Canceled), false},
		{"no token in the answer", &AuthError{Status: 200}, false},
		{"key file unusable", &ConfigError{Key: "bot.privateKey.path"}, false},
	}
	for _, c := range cases {
		if _, _, got := loginRetryable(c.err); got != c.want {
			t.Errorf("%s: retryable = %v, want %v", c.name, got, c.want)
		}
	}
}

// A caller that stops waiting for a login still being retried learns why
// it waited: the login's last failure, marked pending. The login goes on.
func TestCallerLeavingARetryingLoginGetsItsLastFailure(t *testing.T) {
	p := newFakePod(t)
	p.loginFaults = []int{faultHangUp}
	s := sessionFor(t, p, retryConfig, Options{})
	release := make(chan struct{})
	s.sleep = func(ctx context.Context, d time.Duration) error {
		<-release // the login waits between attempts until the test lets it go
		return nil
	}
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		defer cancel()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			s.mu.Lock()
			failed := s.attemptErr != nil
			s.mu.Unlock()
			if failed {
				return
			}
		}
	}()
	err := s.Authenticate(ctx)
	var ae *AuthError
	if !errors.As(err, &ae) || !ae.Pending || ae.Attempts != 1 || !strings.Contains(err.Error(), "closed before the answer arrived (still retrying, 1 attempt so far)") {
		t.Fatalf("err = %v", err)
	}
	close(release)
	waitFor(t, "the login to succeed", func() bool { return s.State().Phase == Connected })
}
