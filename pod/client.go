// Package pod is the Symphony Messaging pod API client: typed models, one
// file per API family, paging, retries and errors an operator can act on.
// It sends every request through a session.Session (token, re-authentication)
// and knows nothing about terminals.
package pod

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

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
}

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
	observe   func(RequestInfo)
	retry     RetryPolicy

	// Seams for tests: the clock, the backoff wait and the jitter source.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func(int64) int64
}

func newClient(d doer, podURL, agentURL string, policy RetryPolicy, opts Options) *Client {
	if opts.Retry != nil {
		policy = *opts.Retry
	}
	return &Client{
		doer:      d,
		podRoot:   strings.TrimSuffix(strings.TrimSuffix(podURL, "/"), "/pod"),
		agentRoot: strings.TrimSuffix(strings.TrimSuffix(agentURL, "/"), "/agent"),
		readOnly:  opts.ReadOnly,
		observe:   opts.Observer,
		retry:     policy.withDefaults(),
		now:       time.Now,
		sleep:     sleepCtx,
		rand:      defaultRand,
	}
}

// ReadOnly reports whether the client refuses calls that change the pod.
func (c *Client) ReadOnly() bool { return c.readOnly }

// call is one API operation, described once and sent by do.
type call struct {
	method string
	route  string   // template starting with /pod or /agent, e.g. "/pod/v1/room/{id}/membership/add"
	params []string // values for the route's {placeholders}, in order (escaped by do)
	query  url.Values
	body   any // JSON-encoded once; nil = no body
	effect effect
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
	root := c.podRoot
	if strings.HasPrefix(cl.route, "/agent/") {
		root = c.agentRoot
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
	host := hostOf(target)

	for attempt := 1; ; attempt++ {
		status, header, body, err := c.attempt(ctx, cl, target, payload, traceID, attempt)
		if err == nil && status >= 200 && status < 300 {
			if out == nil || status == http.StatusNoContent || len(bytes.TrimSpace(body)) == 0 {
				return nil
			}
			if err := decodeAnswer(body, out); err != nil {
				return &Error{Status: status, Endpoint: endpoint, Host: host, Attempts: attempt, Err: fmt.Errorf("decoding the response: %w", err)}
			}
			return nil
		}
		retryAfter, hasRetryAfter := session.ParseRetryAfter(header, c.now())
		if ctx.Err() != nil || !retryable(cl.effect, status, hasRetryAfter, err) || !c.retry.allows(attempt) {
			return c.failure(ctx, endpoint, host, attempt, status, body, err)
		}
		if err := c.sleep(ctx, c.retry.backoff(attempt, retryAfter, hasRetryAfter, c.rand)); err != nil {
			return c.failure(ctx, endpoint, host, attempt, status, body, err)
		}
	}
}

// failure builds the error for the last attempt.
func (c *Client) failure(ctx context.Context, endpoint, host string, attempts, status int, body []byte, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &Error{Endpoint: endpoint, Host: host, Attempts: attempts, Err: ctxErr}
	}
	if err != nil && status == 0 {
		return &Error{Endpoint: endpoint, Host: host, Attempts: attempts, Err: err}
	}
	if err != nil { // the status arrived but the body broke off
		return &Error{Status: status, Endpoint: endpoint, Host: host, Attempts: attempts, Err: fmt.Errorf("reading the response: %w", err)}
	}
	e := errorFromBody(status, endpoint, body)
	e.Host, e.Attempts = host, attempts
	return e
}

// attempt sends one request and reads the whole answer, reporting it to the
// observer. status is 0 when no response arrived.
func (c *Client) attempt(ctx context.Context, cl call, target string, payload []byte, traceID string, n int) (status int, header http.Header, body []byte, err error) {
	var rdr io.Reader
	if payload != nil {
		rdr = bytes.NewReader(payload) // NewRequest sets GetBody, so the session can replay it
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, target, rdr)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Trace-Id", traceID)

	start := c.now()
	resp, err := c.doer.Do(req)
	var serverDate time.Time
	if err == nil {
		status, header = resp.StatusCode, resp.Header
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if d, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
			serverDate = d
		}
	}
	if c.observe != nil {
		c.observe(RequestInfo{
			Method: cl.method, Route: cl.route, Status: status, Latency: c.now().Sub(start),
			TraceID: traceID, Attempt: n, Err: err, ServerDate: serverDate,
		})
	}
	return status, header, body, err
}

func hostOf(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Host
	}
	return target
}
