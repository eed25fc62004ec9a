// Package pod is the Symphony Messaging pod API client: typed models, one
// file per API family, paging, retries and errors an operator can act on.
// It sends every request through a session.Session (token, re-authentication)
// and knows nothing about terminals.
package pod

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"symtui/redact"
	"symtui/session"
)

// Options configure a Client.
type Options struct {
	// ReadOnly refuses every call that would change the pod, before any I/O.
	ReadOnly bool
	// Observer, when set, is called after every attempt (retries included),
	// from the calling goroutine. It must be quick and safe for concurrent use.
	Observer func(RequestInfo)
	// Retry overrides the retry policy; nil takes the session config's retry section.
	Retry *RetryPolicy
	// ReadTimeout overrides the config's readTimeout: how long one attempt
	// may wait for the pod to answer (or to send more of its answer) before
	// it is abandoned and, per the retry policy, tried again.
	ReadTimeout time.Duration
	// Access is shared by the clients of one session, so what one learns
	// from a refusal the others know; nil makes the client its own.
	Access *Access
}

// timeouts bound one attempt (see watchdog).
type timeouts struct{ connect, read time.Duration }

// RequestInfo describes one attempt of one call. It never carries a token.
type RequestInfo struct {
	Method     string
	Route      string // path template, e.g. "/pod/v3/room/{id}/info"
	Status     int    // 0 when no response arrived
	Latency    time.Duration
	TraceID    string // X-Trace-Id sent with the request, shared by a call's attempts
	Attempt    int    // 1 for the first attempt
	Err        error  // transport failure of this attempt, if any
	ServerDate time.Time
	Unanswered bool // sent, and no answer came back (closed, reset, no answer in time): the pod was reached
	// Params are the call's parameters an operator may read (path values,
	// query, the JSON body's fields), secrets withheld (see Param).
	Params []Param
	// Message is the pod's message on a status outside 2xx, raw (sanitize
	// before display), secret-shaped text withheld.
	Message string
}

// doer sends one request; session.Session is the production doer.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client calls one pod. It is safe for concurrent use.
type Client struct {
	doer      doer
	podRoot   string // scheme://host:port/context of the pod; routes start with /pod
	agentRoot string // the same for the agent; routes start with /agent
	readOnly  bool
	access    *Access
	observe   func(RequestInfo)
	retry     RetryPolicy

	podTimeouts, agentTimeouts timeouts

	// Seams for tests: the clock, the backoff wait and the jitter source.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func(int64) int64
}

func newClient(d doer, podURL, agentURL string, policy RetryPolicy, pod, agent timeouts, opts Options) *Client {
	if opts.Retry != nil {
		policy = *opts.Retry
	}
	if opts.ReadTimeout > 0 {
		pod.read, agent.read = opts.ReadTimeout, opts.ReadTimeout
	}
	if opts.Access == nil {
		opts.Access = newAccess(false)
	}
	return &Client{
		podTimeouts:   pod,
		agentTimeouts: agent,
		doer:          d,
		podRoot:       strings.TrimSuffix(strings.TrimSuffix(podURL, "/"), "/pod"),
		agentRoot:     strings.TrimSuffix(strings.TrimSuffix(agentURL, "/"), "/agent"),
		readOnly:      opts.ReadOnly,
		access:        opts.Access,
		observe:       opts.Observer,
		retry:         policy.WithDefaults(),
		now:           time.Now,
		sleep:         session.Sleep,
		rand:          defaultRand,
	}
}

// ReadOnly reports whether the client refuses calls that change the pod.
func (c *Client) ReadOnly() bool { return c.readOnly }

// Access is what the session may call (see Access).
func (c *Client) Access() *Access { return c.access }

// call is one API operation, described once and sent by do.
type call struct {
	method string
	route  string   // template starting with /pod or /agent, e.g. "/pod/v1/room/{id}/membership/add"
	params []string // values for the route's {placeholders}, in order (escaped by do)
	query  url.Values
	body   any // JSON-encoded once; nil = no body
	effect effect
	// subject says what the call is about when its query is too long to
	// quote, e.g. "250 user ids"; errors name it instead of the URL.
	subject string
}

func (c call) endpoint() string { return c.method + " " + c.route }

// path fills the route's placeholders with the path-escaped params.
func (c call) path() (string, error) {
	var b strings.Builder
	rest, params := c.route, c.params
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || len(params) == 0 {
			return "", fmt.Errorf("route %s: missing value for a path parameter", c.route)
		}
		if params[0] == "" {
			return "", fmt.Errorf("%s: %s is empty", c.endpoint(), rest[open:open+end+1])
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(params[0]))
		rest, params = rest[open+end+1:], params[1:]
	}
	b.WriteString(rest)
	return b.String(), nil
}

// maxBody bounds a response body held in memory; the largest legitimate
// page (5,000 presence records, 1,000 user details) is a few MB.
const maxBody = 64 << 20

// outcome is what one attempt got.
type outcome struct {
	status        int // 0 when no response arrived
	header        http.Header
	body          []byte
	err           error // transport failure, or the body broke off
	neverSent     bool  // the request provably did not reach the pod
	retryAfter    time.Duration
	hasRetryAfter bool
}

// do sends the call, retrying per policy, and decodes a 2xx JSON answer into
// out (ignored when nil, or when the pod answers 204 or an empty body).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	endpoint := cl.endpoint()
	if c.readOnly && cl.effect.changesPod() {
		return fmt.Errorf("refusing %s: %w; restart without read-only to change the pod", endpoint, ErrReadOnly)
	}
	path, err := cl.path()
	if err != nil {
		return err
	}
	root, timeouts := c.podRoot, c.podTimeouts
	if strings.HasPrefix(cl.route, "/agent/") {
		root, timeouts = c.agentRoot, c.agentTimeouts
	}
	target := root + path
	if len(cl.query) > 0 {
		target += "?" + cl.query.Encode()
	}
	var payload []byte
	if cl.body != nil {
		if payload, err = json.Marshal(cl.body); err != nil {
			return fmt.Errorf("%s: encoding the request: %w", endpoint, err)
		}
	}
	traceID := session.NewTraceID() // one for every attempt of this call
	var params []Param
	if c.observe != nil {
		params = cl.loggedParams(payload)
	}
	host := hostOf(target)
	// Whether an attempt so far may have made the change: a write that went
	// out and got no clear answer, then was turned away (429) or refused,
	// may have happened all the same.
	acted := false
	pacer := pacerFrom(ctx)

	var o outcome
	for attempt := 1; ; attempt++ {
		if pacer != nil && (attempt == 1 || turnedAway(o)) {
			if err := pacer.Wait(ctx); err != nil {
				return c.notSent(ctx, cl, host, attempt-1, o, acted, err)
			}
		}
		o = c.attempt(ctx, cl, target, payload, traceID, attempt, timeouts, params)
		acted = acted || mayHaveActed(o)
		if o.err == nil && o.status >= 200 && o.status < 300 {
			if out == nil || o.status == http.StatusNoContent || len(bytes.TrimSpace(o.body)) == 0 {
				return nil
			}
			if err := decodeAnswer(o.body, out); err != nil {
				return &Error{Status: o.status, Endpoint: endpoint, Subject: cl.subject, Host: host, Attempts: attempt, Err: fmt.Errorf("decoding the response: %w", err)}
			}
			return nil
		}
		if ctx.Err() != nil || !retryable(cl.effect, o) || !c.retry.Allows(attempt) {
			return c.failure(ctx, cl, host, attempt, o, acted)
		}
		wait := c.retry.Backoff(attempt, o.retryAfter, o.hasRetryAfter, c.rand)
		if pacer != nil && turnedAway(o) {
			pacer.Hold(wait) // the pacer's Wait, at the top of the loop, waits it out
			continue
		}
		if err := c.sleep(ctx, wait); err != nil {
			if errors.Is(err, context.Canceled) {
				return c.failure(ctx, cl, host, attempt, o, acted)
			}
			// Out of time while waiting to try again: the last attempt's
			// failure is the reason, not "no answer in time".
			e := c.failure(context.WithoutCancel(ctx), cl, host, attempt, o, acted)
			e.OutOfTime = true
			return e
		}
	}
}

// failure builds the error for the last attempt; acted says whether any
// attempt may have made the change.
func (c *Client) failure(ctx context.Context, cl call, host string, attempts int, o outcome, acted bool) *Error {
	e := &Error{Endpoint: cl.endpoint(), Subject: cl.subject, Host: host, Attempts: attempts}
	switch {
	case ctx.Err() != nil && !isAuthFailure(o.err): // a login's failure says more than our deadline
		e.Err = ctx.Err()
	case o.err != nil && o.status == 0:
		e.Err = o.err
	case o.err != nil: // the status arrived but the body broke off
		e.Status, e.Err = o.status, fmt.Errorf("reading the response: %w", o.err)
	default:
		e = errorFromBody(o.status, cl.endpoint(), o.body)
		e.Subject, e.Host, e.Attempts = cl.subject, host, attempts
	}
	if c.access.OnBehalf() {
		onBehalfError(e)
		c.access.learn(e)
	}
	// A change that got no clear answer may have happened all the same,
	// whatever the attempts after it were told.
	e.Unanswered = cl.effect.changesPod() && acted
	return e
}

// mayHaveActed reports whether an attempt may have reached the pod's
// handler without a clear answer coming back: it went out and no answer
// arrived, or one broke off, or the pod (or a proxy) answered 5xx — but not
// a 503 with Retry-After, the pod's own "come back later, nothing done".
func mayHaveActed(o outcome) bool {
	switch {
	case o.neverSent || isDialFailure(o.err) || isAuthFailure(o.err):
		return false
	case o.err != nil:
		return true
	}
	return o.status >= 500 && !(o.status == http.StatusServiceUnavailable && o.hasRetryAfter)
}

// attempt sends one request and reads the whole answer, reporting it to the
// observer.
func (c *Client) attempt(ctx context.Context, cl call, target string, payload []byte, traceID string, n int, t timeouts, params []Param) outcome {
	var rdr io.Reader
	if payload != nil {
		rdr = bytes.NewReader(payload) // NewRequest sets GetBody, so the session can replay it
	}
	actx, w := watch(ctx, t.connect, t.read)
	defer w.stop()
	// The session names the call when it reports a 401 it answers by
	// logging in again.
	req, err := http.NewRequestWithContext(session.WithCall(actx, cl.route, n), cl.method, target, rdr)
	if err != nil {
		return outcome{err: err, neverSent: true}
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Trace-Id", traceID)

	var o outcome
	start := c.now()
	resp, err := c.doer.Do(req)
	var serverDate time.Time
	if err == nil {
		o.status, o.header = resp.StatusCode, resp.Header
		o.body, err = io.ReadAll(io.LimitReader(w.body(resp.Body), maxBody))
		resp.Body.Close()
		if d, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
			serverDate = d
		}
		o.retryAfter, o.hasRetryAfter = session.ParseRetryAfter(resp.Header, c.now())
	}
	if err != nil && w.timedOut() && ctx.Err() == nil {
		err = &AttemptTimeoutError{After: t.read}
	}
	o.err, o.neverSent = err, err != nil && w.neverSent()
	if c.observe != nil {
		ri := RequestInfo{
			Method: cl.method, Route: cl.route, Status: o.status, Latency: c.now().Sub(start),
			TraceID: traceID, Attempt: n, Err: err, ServerDate: serverDate, Params: params,
			Unanswered: err != nil && o.status == 0 && !o.neverSent && !isDialFailure(err),
		}
		if o.status != 0 && (o.status < 200 || o.status > 299) {
			ri.Message = redact.Secrets(errorFromBody(o.status, cl.endpoint(), o.body).Message)
		}
		c.observe(ri)
	}
	return o
}

func hostOf(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Host
	}
	return target
}
