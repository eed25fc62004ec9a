package session

import (
	"context"
	"math"
	"time"
)

// Retry is the retry policy of logins and pod calls: how often and how
// patiently a failed request is tried again. Zero fields take the BDK
// defaults (DefaultRetry).
type Retry struct {
	MaxAttempts     int           // attempts including the first; negative = unlimited
	InitialInterval time.Duration // ceiling of the first backoff
	Multiplier      float64       // growth of the ceiling per attempt
	MaxInterval     time.Duration // ceiling of any backoff, and of a Retry-After wait
}

// WithDefaults fills the zero fields from DefaultRetry.
func (p Retry) WithDefaults() Retry {
	d := DefaultRetry
	if p.MaxAttempts == 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.InitialInterval <= 0 {
		p.InitialInterval = d.InitialInterval
	}
	if p.MaxInterval <= 0 {
		p.MaxInterval = d.MaxInterval
	}
	if p.MaxInterval < p.InitialInterval {
		p.MaxInterval = p.InitialInterval
	}
	if p.Multiplier < 1 || math.IsNaN(p.Multiplier) || math.IsInf(p.Multiplier, 0) {
		p.Multiplier = d.Multiplier
	}
	return p
}

// Allows reports whether another attempt may follow attempt n (1-based).
func (p Retry) Allows(n int) bool {
	return p.MaxAttempts < 0 || n < p.MaxAttempts
}

// Ceiling is the largest backoff after attempt n (1-based):
// InitialInterval × Multiplier^(n-1), capped by MaxInterval.
func (p Retry) Ceiling(n int) time.Duration {
	c := float64(p.InitialInterval) * math.Pow(p.Multiplier, float64(n-1))
	if c > float64(p.MaxInterval) || math.IsInf(c, 0) || math.IsNaN(c) {
		return p.MaxInterval
	}
	return time.Duration(c)
}

// Backoff is the wait after attempt n: the pod's Retry-After when it gave
// one (capped by MaxInterval), else full jitter — uniform in [0, Ceiling] —
// so that many clients failing together do not come back together. rnd(k)
// is uniform in [0, k).
func (p Retry) Backoff(n int, retryAfter time.Duration, hasRetryAfter bool, rnd func(int64) int64) time.Duration {
	if hasRetryAfter {
		return min(max(retryAfter, 0), p.MaxInterval)
	}
	c := p.Ceiling(n)
	if c <= 0 {
		return 0
	}
	return time.Duration(rnd(int64(c) + 1))
}

// Sleep waits d, or until ctx ends (then it returns ctx.Err()): the wait
// between attempts, for logins and pod calls alike.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
