package session

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// exchanges collects what a session's observer hears.
type exchanges struct {
	mu  sync.Mutex
	all []Exchange
}

func (x *exchanges) add(e Exchange) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.all = append(x.all, e)
}

func (x *exchanges) list() []Exchange {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]Exchange(nil), x.all...)
}

// The observer hears each login step (route, status, the user acted for)
// and the 401 that made the session log in again, named by the call it
// belonged to; never a token or a JWT.
func TestObserverHearsLoginsAndThe401(t *testing.T) {
	p := newFakePod(t)
	var heard exchanges
	s := sessionFor(t, p, "", Options{Observer: heard.add})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.expireAll()
	ctx := WithCall(t.Context(), "/pod/v1/user/search", 3)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.PodURL()+"/v1/user/search", strings.NewReader(`{"query":"jane"}`))
	req.Header.Set("X-Trace-Id", "abc123")
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp.Body)

	obo := sessionFor(t, p, "", Options{Observer: heard.add, OBOUsername: "jane.doe"})
	if err := obo.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}

	var got []string
	for _, e := range heard.list() {
		line := fmt.Sprintf("%s %s %d try %d", e.Method, e.Route, e.Status, e.Attempt)
		for _, p := range e.Params {
			line += " " + p.Name + "=" + p.Value
		}
		got = append(got, line)
		if e.TraceID == "" {
			t.Errorf("%s: no trace id", line)
		}
		text := fmt.Sprintf("%+v", e)
		if strings.Contains(text, "s3cr3t") || strings.Contains(text, "eyJ") {
			t.Errorf("an exchange holds a secret: %s", text)
		}
	}
	want := []string{
		"POST /login/pubkey/authenticate 200 try 1 username=" + testBotUser,
		"POST /pod/v1/user/search 401 try 3",
		"POST /login/pubkey/authenticate 200 try 1 username=" + testBotUser,
		"POST /login/pubkey/app/authenticate 200 try 1 appId=" + testAppID,
		"POST /login/pubkey/app/username/{username}/authenticate 200 try 1 username=jane.doe appId=" + testAppID,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("heard:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e := heard.list()[1]; e.TraceID != "abc123" {
		t.Errorf("the 401's trace id %q, want the request's", e.TraceID)
	}
}

// Each attempt of a login retried is heard with its number and status; a
// refused login with its status, not the answer's body.
func TestObserverHearsEachLoginAttempt(t *testing.T) {
	p := newFakePod(t)
	p.rateLimitLogins.Store(100)
	var heard exchanges
	s := sessionFor(t, p, "retry: {maxAttempts: 3}", Options{Observer: heard.add})
	s.sleep = func(context.Context, time.Duration) error { return nil }
	if err := s.Authenticate(t.Context()); err == nil {
		t.Fatal("the login succeeded")
	}
	list := heard.list()
	if len(list) != 3 {
		t.Fatalf("heard %d exchanges, want 3 attempts: %+v", len(list), list)
	}
	for i, e := range list {
		if e.Attempt != i+1 || e.Status != http.StatusTooManyRequests || e.Route != "/login/pubkey/authenticate" {
			t.Errorf("attempt %d heard as %+v", i+1, e)
		}
	}

	p.rateLimitLogins.Store(0)
	p.refuseLogins.Store(true)
	var refused exchanges
	r := sessionFor(t, p, "", Options{Observer: refused.add})
	if err := r.Authenticate(t.Context()); err == nil {
		t.Fatal("the refused login succeeded")
	}
	if l := refused.list(); len(l) != 1 || l[0].Status != http.StatusUnauthorized || strings.Contains(fmt.Sprintf("%+v", l[0]), "SECRET-BODY") {
		t.Errorf("the refused login heard as %+v", l)
	}
}
