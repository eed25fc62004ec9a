package pod

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"symtui/session"
)

var (
	getInfo    = call{method: http.MethodGet, route: "/pod/v3/room/{id}/info", params: []string{"abc"}}
	addMember  = call{method: http.MethodPost, route: "/pod/v1/room/{id}/membership/add", params: []string{"abc"}, body: UserRef{ID: 7}, effect: writes}
	createRoom = call{method: http.MethodPost, route: "/pod/v3/room/create", body: map[string]string{"name": "x"}, effect: creates}
)

func TestRetriedStatuses(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504, 429} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			tc := newTestClient(t, Options{}, scripted{status: status}, scripted{status: status}, scripted{status: 200, body: `{"id":"x"}`})
			var out stringID
			if err := tc.do(context.Background(), getInfo, &out); err != nil {
				t.Fatalf("do: %v", err)
			}
			if got := tc.fake.count(); got != 3 {
				t.Fatalf("attempts = %d, want 3", got)
			}
			if out.ID != "x" {
				t.Fatalf("decoded %+v", out)
			}
			if len(tc.waits) != 2 {
				t.Fatalf("waits = %v, want 2", tc.waits)
			}
		})
	}
}

func TestNeverRetriedStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 451} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			tc := newTestClient(t, Options{}, scripted{status: status, body: `{"code":1,"message":"no"}`})
			err := tc.do(context.Background(), getInfo, nil)
			var pe *Error
			if !errors.As(err, &pe) || pe.Status != status || pe.Message != "no" {
				t.Fatalf("err = %#v", err)
			}
			if got := tc.fake.count(); got != 1 {
				t.Fatalf("attempts = %d, want 1", got)
			}
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name  string
		value string
		want  time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http date", now.Add(42 * time.Second).Format(http.TimeFormat), 42 * time.Second},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"capped by MaxInterval", "86400", time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := newTestClient(t, Options{Retry: &RetryPolicy{MaxInterval: time.Minute}},
				scripted{status: 429, header: http.Header{"Retry-After": {c.value}}}, scripted{status: 200})
			if err := tc.do(context.Background(), getInfo, nil); err != nil {
				t.Fatal(err)
			}
			if len(tc.waits) != 1 || tc.waits[0] != c.want {
				t.Fatalf("waits = %v, want [%v]", tc.waits, c.want)
			}
		})
	}
}

func TestMaxAttempts(t *testing.T) {
	tc := newTestClient(t, Options{Retry: &RetryPolicy{MaxAttempts: 3}}, scripted{status: 502, body: `{"code":502,"message":"bad gateway"}`})
	err := tc.do(context.Background(), getInfo, nil)
	if !IsServerError(err) {
		t.Fatalf("err = %v, want a server error", err)
	}
	if got := tc.fake.count(); got != 3 {
		t.Fatalf("attempts = %d, want 3", got)
	}
	if !strings.Contains(err.Error(), "3 attempts") {
		t.Fatalf("error does not say how often it tried: %q", err)
	}
	if len(tc.infos) != 3 || tc.infos[2].Attempt != 3 || tc.infos[0].TraceID == "" || tc.infos[0].TraceID != tc.infos[2].TraceID {
		t.Fatalf("observer saw %+v", tc.infos)
	}
}

func TestUnlimitedAttempts(t *testing.T) {
	tc := newTestClient(t, Options{Retry: &RetryPolicy{MaxAttempts: -1}})
	tc.fake.handle = func(*http.Request) scripted {
		if len(tc.fake.reqs) < 25 {
			return scripted{status: 503}
		}
		return scripted{status: 200}
	}
	if err := tc.do(context.Background(), getInfo, nil); err != nil {
		t.Fatal(err)
	}
	if got := tc.fake.count(); got != 25 {
		t.Fatalf("attempts = %d, want 25", got)
	}
}

func TestNetworkErrorsRetriedForReadsAndWrites(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	for _, cl := range []call{getInfo, addMember} {
		tc := newTestClient(t, Options{}, scripted{err: reset}, scripted{err: io.ErrUnexpectedEOF}, scripted{status: 200})
		if err := tc.do(context.Background(), cl, nil); err != nil {
			t.Fatalf("%s: %v", cl.endpoint(), err)
		}
		if got := tc.fake.count(); got != 3 {
			t.Fatalf("%s: attempts = %d, want 3", cl.endpoint(), got)
		}
	}
}

func TestCreatesRetriedOnlyWhenTheyNeverReachedThePod(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	cases := []struct {
		name  string
		first scripted
		want  int // attempts
	}{
		{"connection refused", scripted{err: refused}, 1},
		{"unknown host", scripted{err: &net.DNSError{Err: "no such host", Name: "pod.test", IsNotFound: true}}, 1},
		{"dns timeout", scripted{err: &net.DNSError{Err: "i/o timeout", Name: "pod.test", IsTimeout: true}}, 2},
		{"dial timeout", scripted{err: &net.OpError{Op: "dial", Net: "tcp", Err: &timeoutErr{}}}, 2},
		{"429", scripted{status: 429}, 2},
		{"503 with Retry-After", scripted{status: 503, header: http.Header{"Retry-After": {"1"}}}, 2},
		{"503 without Retry-After", scripted{status: 503}, 1},
		{"500", scripted{status: 500}, 1},
		{"504", scripted{status: 504}, 1},
		{"reset after sending", scripted{err: reset}, 1},
		{"truncated answer", scripted{err: io.ErrUnexpectedEOF}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := newTestClient(t, Options{}, c.first, scripted{status: 200, body: `{}`})
			err := tc.do(context.Background(), createRoom, nil)
			if got := tc.fake.count(); got != c.want {
				t.Fatalf("attempts = %d, want %d (err %v)", got, c.want, err)
			}
			if (c.want == 2) != (err == nil) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// Whether a failed change may have been made is decided over all its
// attempts: one that went out and got no clear answer may have made it,
// whatever the attempts after it were told.
func TestUnansweredOverEveryAttempt(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	later := http.Header{"Retry-After": {"1"}}
	cases := []struct {
		name   string
		cl     call
		script []scripted
		want   bool
	}{
		{"lost, then turned away", addMember, []scripted{{err: reset}, {status: 429}, {status: 429}}, true},
		{"lost, then refused", addMember, []scripted{{err: reset}, {status: 400}}, true},
		{"500, then refused", addMember, []scripted{{status: 500}, {status: 400}}, true},
		{"turned away every time", addMember, []scripted{{status: 429}}, false},
		{"come back later, then refused", addMember, []scripted{{status: 503, header: later}, {status: 400}}, false},
		{"refused at once", addMember, []scripted{{status: 400}}, false},
		{"a read", getInfo, []scripted{{err: reset}, {status: 429}, {status: 429}}, false},
		{"a create turned away, then lost", createRoom, []scripted{{status: 429}, {err: reset}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := newTestClient(t, Options{Retry: &RetryPolicy{MaxAttempts: 3}}, c.script...)
			err := tc.do(context.Background(), c.cl, nil)
			var pe *Error
			if !errors.As(err, &pe) || pe.Unanswered != c.want {
				t.Fatalf("after %d attempts: %v (Unanswered %v), want Unanswered %v", tc.fake.count(), err, pe != nil && pe.Unanswered, c.want)
			}
		})
	}
}

// timeoutErr is a net.Error that timed out, as a dial that got no answer.
type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }

func TestBodyReplayedOnEveryAttempt(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: 500}, scripted{status: 503}, scripted{status: 200})
	if err := tc.do(context.Background(), addMember, nil); err != nil {
		t.Fatal(err)
	}
	for i, b := range tc.fake.bodies {
		if b != `{"id":7}` {
			t.Fatalf("attempt %d sent body %q", i+1, b)
		}
		if tc.fake.reqs[i].GetBody == nil {
			t.Fatalf("attempt %d: no GetBody, the session could not replay it after a 401", i+1)
		}
		if ct := tc.fake.reqs[i].Header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type = %q", ct)
		}
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tc := newTestClient(t, Options{
		Retry:    &RetryPolicy{InitialInterval: time.Hour, MaxInterval: time.Hour},
		Observer: func(RequestInfo) { cancel() }, // cancel as the first attempt completes
	}, scripted{status: 503, header: http.Header{"Retry-After": {"3600"}}})
	tc.Client.sleep = session.Sleep // really wait, so only the cancellation can end it

	done := make(chan error, 1)
	go func() { done <- tc.do(ctx, getInfo, nil) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if got := tc.fake.count(); got != 1 {
			t.Fatalf("attempts = %d, want 1", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the backoff wait ignored the cancelled context")
	}
}

func TestReadOnlyRefusesBeforeAnyIO(t *testing.T) {
	tc := newTestClient(t, Options{ReadOnly: true})
	tc.fake.handle = func(r *http.Request) scripted {
		t.Errorf("%s %s was sent in read-only mode", r.Method, r.URL.Path)
		return scripted{status: 200}
	}
	for _, cl := range []call{addMember, createRoom, {method: http.MethodPut, route: "/pod/v1/admin/user/{userId}/suspension/update", params: []string{"1"}, effect: writes}} {
		err := tc.do(context.Background(), cl, nil)
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), cl.endpoint()) {
			t.Fatalf("%s: err = %v", cl.endpoint(), err)
		}
	}
	if len(tc.infos) != 0 {
		t.Fatalf("observer called for refused calls: %+v", tc.infos)
	}
	// Read-only POSTs still go out.
	tc.fake.handle = nil
	search := call{method: http.MethodPost, route: "/pod/v1/user/search", body: UserSearchQuery{Query: "a"}}
	if err := tc.do(context.Background(), search, nil); err != nil {
		t.Fatalf("read-only POST refused: %v", err)
	}
}

func TestRequestShapeAndObserver(t *testing.T) {
	date := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	tc := newTestClient(t, Options{}, scripted{status: 200, header: http.Header{"Date": {date.Format(http.TimeFormat)}}, body: `{}`})
	cl := call{method: http.MethodGet, route: "/pod/v3/room/{id}/info", params: []string{"a/b c"}, query: map[string][]string{"x": {"1"}}}
	if err := tc.do(context.Background(), cl, nil); err != nil {
		t.Fatal(err)
	}
	req := tc.fake.reqs[0]
	if got := req.URL.EscapedPath(); got != "/pod/v3/room/a%2Fb%20c/info" {
		t.Fatalf("path = %q", got)
	}
	if req.URL.Host != "pod.test:8443" || req.URL.RawQuery != "x=1" {
		t.Fatalf("url = %s", req.URL)
	}
	if req.Header.Get("Accept") != "application/json" || len(req.Header.Get("X-Trace-Id")) != 6 {
		t.Fatalf("headers = %v", req.Header)
	}
	ri := tc.infos[0]
	if ri.Method != "GET" || ri.Route != "/pod/v3/room/{id}/info" || ri.Status != 200 || ri.Attempt != 1 || !ri.ServerDate.Equal(date) {
		t.Fatalf("observer saw %+v", ri)
	}

	audit := call{method: http.MethodGet, route: "/agent/v1/audittrail/privilegeduser"}
	if err := tc.do(context.Background(), audit, nil); err != nil {
		t.Fatal(err)
	}
	if u := tc.fake.reqs[1].URL; u.Host != "agent.test:8444" || u.Path != "/agent/v1/audittrail/privilegeduser" {
		t.Fatalf("agent url = %s", u)
	}
}

func TestEmptyPathParameterRefused(t *testing.T) {
	tc := newTestClient(t, Options{})
	cl := call{method: http.MethodGet, route: "/pod/v3/room/{id}/info", params: []string{""}}
	if err := tc.do(context.Background(), cl, nil); err == nil || tc.fake.count() != 0 {
		t.Fatalf("err = %v after %d requests", err, tc.fake.count())
	}
}

func TestUndecodableAnswerIsAnError(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: 200, body: `{"id": 12`})
	var out stringID
	err := tc.do(context.Background(), getInfo, &out)
	var pe *Error
	if !errors.As(err, &pe) || pe.Status != 200 || pe.Err == nil {
		t.Fatalf("err = %#v", err)
	}
}
