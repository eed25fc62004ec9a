package pod

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"

	"symtui/session"
)

// RetryPolicy says how often and how patiently a failed call is tried
// again; it is the config's retry section (session.Retry), whose zero fields
// take the BDK defaults (10 attempts, 500 ms, ×2, 5 min).
type RetryPolicy = session.Retry

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
func retryable(eff effect, o outcome) bool {
	if o.err != nil {
		switch {
		case errors.Is(o.err, context.Canceled), errors.Is(o.err, context.DeadlineExceeded):
			return false // the call's own end (a stalled attempt is an AttemptTimeoutError)
		case isAuthFailure(o.err):
			return false // the session already retried the login per the policy
		case !session.Transient(o.err):
			return false // refused, unknown host, untrusted certificate: the same again at once
		case !eff.replayable():
			return o.neverSent || isDialFailure(o.err)
		default:
			return true
		}
	}
	switch {
	case o.status == http.StatusTooManyRequests:
		return true // the pod turned the request away before doing anything
	case o.status == http.StatusServiceUnavailable && o.hasRetryAfter:
		return true // an explicit "come back later": nothing was done
	case o.status >= 500:
		return eff.replayable()
	default:
		return false
	}
}
