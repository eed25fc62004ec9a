package pod

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Pacer is shared by calls that should slow down together: the calls of
// one bulk change. When the pod turns one of them away (429, or 503 with
// Retry-After), it asks the others for the same quiet too, instead of each
// finding out by being turned away in turn.
type Pacer interface {
	// Wait returns when a call may go out. An error ends the call there, with
	// nothing sent that the pod acted on: the client asks only before a first
	// attempt and before retrying an attempt the pod turned away.
	Wait(ctx context.Context) error
	// Hold is told that the pod turned a call away and asked for d of quiet.
	Hold(d time.Duration)
}

type pacerKey struct{}

// WithPacer returns ctx whose calls go through p; a nil p takes ctx's
// pacer away (a read-back that must go out even after its run stopped).
func WithPacer(ctx context.Context, p Pacer) context.Context {
	return context.WithValue(ctx, pacerKey{}, p)
}

func pacerFrom(ctx context.Context) Pacer {
	p, _ := ctx.Value(pacerKey{}).(Pacer)
	return p
}

// turnedAway reports that the pod refused an attempt before doing
// anything, asking the client to come back later.
func turnedAway(o outcome) bool {
	return o.err == nil && (o.status == http.StatusTooManyRequests || o.status == http.StatusServiceUnavailable && o.hasRetryAfter)
}

// notSent is the error of a call its pacer held back: before its first
// attempt, or after the pod turned the last one away (last).
func (c *Client) notSent(ctx context.Context, cl call, host string, attempts int, last outcome, acted bool, err error) *Error {
	if attempts == 0 {
		return &Error{Endpoint: cl.endpoint(), Subject: cl.subject, Host: host, Err: err, HeldBack: true}
	}
	e := c.failure(context.WithoutCancel(ctx), cl, host, attempts, last, acted)
	e.Err, e.OutOfTime, e.HeldBack = err, errors.Is(err, context.DeadlineExceeded), true
	return e
}
