package pod

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"time"

	"symtui/session"
)

// RetryPolicy says how often and how patiently a failed call is tried again.
// Zero fields take the BDK defaults (10 attempts, 500 ms, ×2, 5 min).
type RetryPolicy struct {
	MaxAttempts     int           // attempts including the first; negative = unlimited
	InitialInterval time.Duration // ceiling of the first backoff
	MaxInterval     time.Duration // ceiling of any backoff, and of a Retry-After wait
	Multiplier      float64       // growth of the ceiling per attempt
}

// withDefaults fills the zero fields from the BDK defaults (session.DefaultRetry).
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := session.DefaultRetry
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
	if p.Multiplier < 1 {
		p.Multiplier = d.Multiplier
	}
	return p
}

// allows reports whether another attempt may follow attempt n (1-based).
func (p RetryPolicy) allows(n int) bool {
	return p.MaxAttempts < 0 || n < p.MaxAttempts
}

// ceiling is the largest backoff after attempt n (1-based):
// InitialInterval × Multiplier^(n-1), capped by MaxInterval.
func (p RetryPolicy) ceiling(n int) time.Duration {
	c := float64(p.InitialInterval) * math.Pow(p.Multiplier, float64(n-1))
	if c > float64(p.MaxInterval) || math.IsInf(c, 0) || math.IsNaN(c) {
		return p.MaxInterval
	}
	return time.Duration(c)
}

// backoff is the wait after attempt n: the pod's Retry-After when it gave
// one (capped by MaxInterval), else full jitter — uniform in [0, ceiling] —
// so that many clients failing together do not come back together.
func (p RetryPolicy) backoff(n int, retryAfter time.Duration, hasRetryAfter bool, rnd func(int64) int64) time.Duration {
	if hasRetryAfter {
		return min(max(retryAfter, 0), p.MaxInterval)
	}
	c := p.ceiling(n)
	if c <= 0 {
		return 0
	}
	return time.Duration(rnd(int64(c) + 1))
}

func defaultRand(n int64) int64 { return rand.Int64N(n) }

// effect says what a call does to the pod, which decides both read-only
// refusal and how safe a replay is.
type effect int

const (
	reads   effect = iota // changes nothing; any failure may be retried
	writes                // changes state, but a replay lands the same state
	creates               // a replay may create a second object: retried only when the first never reached the pod
	drains                // consumes what it reads (a presence feed): a replay would answer without what the lost answer took
)

// changesPod reports whether read-only mode refuses the call.
func (e effect) changesPod() bool { return e == writes || e == creates }

// replayable reports whether an attempt that may have reached the pod can be sent again.
func (e effect) replayable() bool { return e == reads || e == writes }

// retryable decides whether an attempt's outcome is worth another attempt.
// status is 0 when err says no response arrived.
func retryable(eff effect, status int, hasRetryAfter bool, err error) bool {
	if err != nil {
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return false
		case isAuthFailure(err), isTLSFailure(err):
			return false // the same sign-in or certificate fails the same way again
		case !eff.replayable():
			return isDialFailure(err)
		default:
			return true
		}
	}
	switch {
	case status == http.StatusTooManyRequests:
		return true // the pod turned the request away before doing anything
	case status == http.StatusServiceUnavailable && hasRetryAfter:
		return true // an explicit "come back later": nothing was done
	case status >= 500:
		return eff.replayable()
	default:
		return false
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
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
