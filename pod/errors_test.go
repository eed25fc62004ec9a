package pod

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
)

func TestErrorSentences(t *testing.T) {
	refused := &url.Error{Op: "Get", URL: "http://pod.test:8443/pod/v3/room/x/info", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	cases := []struct {
		err   *Error
		is    func(error) bool
		wants []string
	}{
		{&Error{Status: 401, Endpoint: "GET /pod/v2/sessioninfo"}, IsUnauthorized, []string{"authentication failed", "GET /pod/v2/sessioninfo"}},
		{&Error{Status: 403, Endpoint: "GET /pod/v2/admin/user/list", Message: "lacks entitlement"}, IsForbidden, []string{"lacks the entitlement for GET /pod/v2/admin/user/list", "USER_PROVISIONING", "lacks entitlement"}},
		{&Error{Status: 404, Endpoint: "GET /pod/v3/room/{id}/info"}, IsNotFound, []string{"room was not found"}},
		{&Error{Status: 404, Endpoint: "POST /pod/v1/connection/accept"}, IsNotFound, []string{"connection", "not found"}},
		{&Error{Status: 429, Endpoint: "GET /pod/v3/users", Attempts: 10}, IsRateLimited, []string{"rate limiting", "10 attempts"}},
		{&Error{Status: 503, Endpoint: "GET /pod/v3/users"}, IsServerError, []string{"the pod failed to handle GET /pod/v3/users", "503"}},
		{&Error{Status: 400, Endpoint: "POST /pod/v3/room/create", Message: "name missing"}, IsBadRequest, []string{"refused", "name missing"}},
		{&Error{Endpoint: "GET /pod/v3/room/{id}/info", Host: "pod.test:8443", Err: refused}, IsNetwork, []string{"cannot reach the pod at pod.test:8443", "connection refused"}},
	}
	for _, c := range cases {
		msg := c.err.Error()
		for _, w := range c.wants {
			if !strings.Contains(msg, w) {
				t.Errorf("%q does not contain %q", msg, w)
			}
		}
		if !c.is(c.err) || !c.is(wrap(c.err)) {
			t.Errorf("predicate false for %q", msg)
		}
	}
	if IsNotFound(&Error{Status: 403}) || IsNotFound(errors.New("x")) || IsNetwork(&Error{Status: 500}) {
		t.Error("predicates match the wrong errors")
	}
	// The URL inside net/http's error adds nothing; it is not repeated.
	if msg := cases[7].err.Error(); strings.Contains(msg, `"http://`) {
		t.Errorf("network error repeats the URL: %q", msg)
	}
}

func wrap(err error) error { return errors.Join(errors.New("loading rooms"), err) }

func TestCancelledAndTimedOutCalls(t *testing.T) {
	e := &Error{Endpoint: "GET /pod/v3/users", Host: "pod.test", Err: context.DeadlineExceeded}
	if !strings.Contains(e.Error(), "did not answer") || !errors.Is(e, context.DeadlineExceeded) || !IsNetwork(e) {
		t.Errorf("deadline: %q", e)
	}
	e = &Error{Endpoint: "GET /pod/v3/users", Err: context.Canceled}
	if !strings.Contains(e.Error(), "cancelled") || IsNetwork(e) {
		t.Errorf("cancel: %q", e)
	}
}

func TestErrorBodyParsing(t *testing.T) {
	jwt := "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJlLWJ5dGVz"
	cases := []struct {
		body     string
		code     int
		message  string
		forbids  string
		maxBytes int
	}{
		{`{"code":403,"message":"The user lacks the required entitlement"}`, 403, "The user lacks the required entitlement", "", 0},
		{`{"code":401,"message":"Invalid session ` + jwt + `"}`, 401, "Invalid session [redacted]", jwt, 0},
		{`<html><body>502 Bad Gateway</body></html>`, 0, "", "html", 0},
		{`upstream timed out`, 0, "upstream timed out", "", 0},
		{``, 0, "", "", 0},
		{`{"code":"x"}`, 0, `{"code":"x"}`, "", 0},
		{strings.Repeat("é", 1000), 0, "", "", maxMessage + len("…")},
	}
	for _, c := range cases {
		e := errorFromBody(502, "GET /x", []byte(c.body))
		if c.maxBytes > 0 {
			if len(e.Message) > c.maxBytes || !strings.HasSuffix(e.Message, "…") {
				t.Errorf("long message kept whole: %d bytes", len(e.Message))
			}
			continue
		}
		if e.Code != c.code || e.Message != c.message {
			t.Errorf("body %q: code %d message %q", c.body, e.Code, e.Message)
		}
		if c.forbids != "" && strings.Contains(e.Error(), c.forbids) {
			t.Errorf("error %q contains %q", e.Error(), c.forbids)
		}
	}
}

func TestOutcomeUnknownError(t *testing.T) {
	lostAnswer := &Error{Status: 502, Endpoint: "POST /pod/v3/room/create", Unanswered: true}
	check := &Error{Status: 503, Endpoint: "GET /pod/v2/sessioninfo"}
	cases := []struct {
		e    *OutcomeUnknownError
		want string
	}{
		{&OutcomeUnknownError{Action: `create room "Ops"`, Lost: lostAnswer, Found: "no room of that name"},
			`outcome unknown: create room "Ops" was sent but no answer came back (HTTP 502); no room of that name; look before trying again: a second try could make a twin`},
		{&OutcomeUnknownError{Action: `create room "Ops"`, Lost: lostAnswer, CheckErr: check},
			`outcome unknown: create room "Ops" was sent but no answer came back (HTTP 502); looking for it failed too: the pod failed to handle GET /pod/v2/sessioninfo (HTTP 503, 1 attempt)`},
		{&OutcomeUnknownError{Action: `create room "Ops"`, Lost: &Error{Err: context.Canceled, Unanswered: true}, CheckErr: context.Canceled},
			`outcome unknown: create room "Ops" was sent but no answer came back (cancelled while waiting for the answer); not looked for, as the call was cancelled`},
		// A 500 is an answer: the pod failed, maybe before acting, maybe after.
		{&OutcomeUnknownError{Action: `create room "Ops"`, Lost: &Error{Status: 500, Message: "Internal error", Unanswered: true}, Found: "no room of that name"},
			`outcome unknown: create room "Ops" was sent and the pod failed to answer it (HTTP 500: Internal error); no room of that name`},
	}
	for _, c := range cases {
		if got := c.e.Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("Error() = %q\nwant prefix %q", got, c.want)
		}
		var pe *Error
		if !errors.Is(c.e, ErrOutcomeUnknown) || !errors.As(c.e, &pe) || pe != c.e.Lost {
			t.Errorf("errors.Is/As on %q", c.e.Error())
		}
	}
}

// The pod's words sit inside a sentence: made inert on their own, an
// unterminated escape in them cannot swallow what the sentence says after.
func TestErrorKeepsItsSentenceAroundAHostileMessage(t *testing.T) {
	e := &Error{Status: 500, Endpoint: "POST /pod/v1/room/{id}/membership/add", Message: "boom\x1b]0;owned", Attempts: 3, Unanswered: true}
	msg := e.Error()
	for _, w := range []string{"HTTP 500: boom, 3 attempts); try again later", "may have been made all the same"} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not contain %q", msg, w)
		}
	}
	if strings.ContainsAny(msg, "\x1b") || e.Message != "boom\x1b]0;owned" {
		t.Errorf("message %q, raw %q: want the shown one inert and the raw one kept", msg, e.Message)
	}
}
