package session

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Exchange is one request the session made, or saw refused, on its own
// account, for an observer that logs every request of a run: each attempt
// of a login step, and a caller's request the pod answered 401 (the
// session then logs in again and sends it once more; the caller reports
// that one). It never holds a token, a JWT or a key: the login bodies and
// answers stay inside the session.
type Exchange struct {
	Method  string
	Route   string // the path template: "/login/pubkey/app/user/{userId}/authenticate"
	Status  int    // 0: no answer arrived
	Latency time.Duration
	Attempt int // 1 for the first
	TraceID string
	Err     error  // why no answer arrived
	Message string // the pod's message on an error status (may quote anything: redact before display)
	Params  []ExchangeParam
}

// ExchangeParam is a parameter of an exchange that is no secret: the
// user a login acts for, the service account's name.
type ExchangeParam struct{ Name, Value string }

// Observer returns the observer of the session's exchanges (nil: none),
// for another session of the same run to report to.
func (s *Session) Observer() func(Exchange) { return s.opts.Observer }

func (s *Session) observe(x Exchange) {
	if s.opts.Observer != nil {
		s.opts.Observer(x)
	}
}

// callKey carries, in a request's context, which call of the caller the
// request is: the session's observer names its route and attempt.
type callKey struct{}

type callInfo struct {
	route   string
	attempt int
}

// WithCall marks ctx as that of attempt of the call to route (the path
// template), for the exchanges the session reports about the request.
func WithCall(ctx context.Context, route string, attempt int) context.Context {
	return context.WithValue(ctx, callKey{}, callInfo{route: route, attempt: attempt})
}

// callOf is the call req belongs to: as WithCall said, else its path.
func callOf(req *http.Request) callInfo {
	if c, ok := req.Context().Value(callKey{}).(callInfo); ok {
		return c
	}
	return callInfo{route: req.URL.Path, attempt: 1}
}

// observeUnauthorized reports the 401 that made the session log in again
// and drains its body, keeping the pod's message.
func (s *Session) observeUnauthorized(req *http.Request, resp *http.Response, traceID string, latency time.Duration) {
	msg := ""
	if s.opts.Observer != nil {
		msg = podMessage(resp.Body)
	}
	drain(resp.Body)
	c := callOf(req)
	s.observe(Exchange{Method: req.Method, Route: c.route, Status: resp.StatusCode, Latency: latency, Attempt: c.attempt, TraceID: traceID, Message: msg})
}

// podMessage is the "message" of a pod's JSON error body, "" when there is none.
func podMessage(body io.Reader) string {
	var eb struct {
		Message string `json:"message"`
	}
	if json.NewDecoder(io.LimitReader(body, 16<<10)).Decode(&eb) != nil {
		return ""
	}
	return eb.Message
}
