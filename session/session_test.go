package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// 50 requests holding the same expired token all get 401: exactly one
// re-authentication runs, and every request succeeds on its single retry.
func TestConcurrent401sShareOneReauthentication(t *testing.T) {
	const n = 50
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.expireAll()
	// Hold every 401 until all n requests have arrived with the old token,
	// so none of them can pick up the new token early.
	var arrived atomic.Int32
	release := make(chan struct{})
	p.mu.Lock()
	p.beforeUnauthorized = func() {
		if arrived.Add(1) == n {
			close(release)
		}
		select {
		case <-release:
		case <-time.After(20 * time.Second):
			t.Error("not all requests reached the pod")
		}
	}
	p.mu.Unlock()

	var wg sync.WaitGroup
	statuses := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.PodURL()+"/v1/x", nil)
			resp, err := s.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			statuses[i] = resp.StatusCode
			drain(resp.Body)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || statuses[i] != 200 {
			t.Errorf("request %d: status %d err %v", i, statuses[i], errs[i])
		}
	}
	if got := p.botLogins.Load(); got != 2 {
		t.Errorf("logins = %d, want 2 (the first and exactly one re-authentication)", got)
	}
	if got := p.unauthorized.Load(); got != n {
		t.Errorf("401s = %d, want %d", got, n)
	}
	if got := p.podCalls.Load(); got != 2*n {
		t.Errorf("pod calls = %d, want %d (each request retried once)", got, 2*n)
	}
	if st := s.State(); st.Phase != Connected {
		t.Errorf("phase = %v", st.Phase)
	}
}

func TestRetryAfter401ReplaysTheBody(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.expireAll()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.PodURL()+"/v1/user/search", strings.NewReader(`{"query":"jane"}`))
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(p.bodies) != 2 || p.bodies[0] != `{"query":"jane"}` || p.bodies[1] != p.bodies[0] {
		t.Errorf("bodies seen by the pod: %q", p.bodies)
	}
}

func TestUnreplayableBodyReturnsThe401ButRenewsTheSession(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.expireAll()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.PodURL()+"/v1/x", io.NopCloser(strings.NewReader("once")))
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp.Body)
	if resp.StatusCode != 401 || p.botLogins.Load() != 2 {
		t.Errorf("status %d logins %d; want the 401 back and a renewed session", resp.StatusCode, p.botLogins.Load())
	}
	if get(t, s, "/v1/x").StatusCode != 200 || p.botLogins.Load() != 2 {
		t.Errorf("next request did not use the renewed session")
	}
}

// A pod that keeps answering 401 gets one re-authentication per request, not a loop.
func TestPersistent401IsReturnedAfterOneRetry(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	resp := get(t, s, "/always401")
	if resp.StatusCode != 401 {
		t.Errorf("status %d, want the second 401", resp.StatusCode)
	}
	if p.botLogins.Load() != 2 || p.podCalls.Load() != 2 {
		t.Errorf("logins %d pod calls %d; want 2 and 2", p.botLogins.Load(), p.podCalls.Load())
	}
}

// A failing login backs off with jitter: callers in the backoff window get
// the last error without a new login; the window grows to a cap; a success
// resets it.
func TestFailedLoginsBackOff(t *testing.T) {
	p := newFakePod(t)
	clock := newFakeClock()
	p.now = clock.Now
	p.refuseLogins.Store(true)
	s := sessionFor(t, p, "", Options{Now: clock.Now})
	s.jitter = func(n int64) int64 { return n - 1 } // always the longest delay

	err1 := s.Authenticate(t.Context())
	var ae *AuthError
	if !errors.As(err1, &ae) || p.botLogins.Load() != 1 {
		t.Fatalf("first login: %v (logins %d)", err1, p.botLogins.Load())
	}
	st := s.State()
	if st.Phase != Failed || st.LastError != err1 {
		t.Fatalf("state %+v", st)
	}
	if d := st.RetryAt.Sub(clock.Now()); d < 3*time.Second-time.Microsecond || d > 3*time.Second {
		t.Errorf("first backoff %v, want ~3 s", d)
	}

	// Many callers during the backoff: no login, the same error at once.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if err := s.Authenticate(t.Context()); err != err1 {
				t.Errorf("during backoff: %v", err)
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.PodURL()+"/v1/x", nil)
			if _, err := s.Do(req); err != err1 {
				t.Errorf("Do during backoff: %v", err)
			}
		})
	}
	wg.Wait()
	if p.botLogins.Load() != 1 || p.podCalls.Load() != 0 {
		t.Fatalf("during backoff: logins %d pod calls %d", p.botLogins.Load(), p.podCalls.Load())
	}
	clock.Set(st.RetryAt.Add(-time.Millisecond))
	if s.Authenticate(t.Context()) != err1 || p.botLogins.Load() != 1 {
		t.Fatal("a login ran before the backoff ended")
	}

	// Each further failure waits longer, up to the cap.
	var delays []time.Duration
	for range 5 {
		clock.Set(s.State().RetryAt)
		if err := s.Authenticate(t.Context()); err == nil || err == err1 {
			t.Fatalf("want a fresh failure, got %v", err)
		}
		delays = append(delays, s.State().RetryAt.Sub(clock.Now()))
	}
	if p.botLogins.Load() != 6 {
		t.Errorf("logins %d, want 6", p.botLogins.Load())
	}
	for i := 1; i < len(delays); i++ {
		if delays[i] < delays[i-1] || delays[i] > loginBackoffCap {
			t.Errorf("delays %v: want non-decreasing and at most %v", delays, loginBackoffCap)
		}
	}
	if delays[len(delays)-1] != loginBackoffCap {
		t.Errorf("delays %v never reach the cap", delays)
	}

	// Success resets the backoff.
	p.refuseLogins.Store(false)
	clock.Set(s.State().RetryAt)
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := s.State(); st.Phase != Connected || st.LastError != nil || !st.RetryAt.IsZero() {
		t.Errorf("after success: %+v", st)
	}
	p.expireAll()
	if get(t, s, "/v1/x").StatusCode != 200 {
		t.Error("re-authentication after a reset backoff failed")
	}
}

func TestBackoffJitterStaysInBounds(t *testing.T) {
	s := &Session{jitter: func(int64) int64 { return 0 }}
	for range 10 {
		if d := s.nextDelay(); d != loginBackoffBase {
			t.Fatalf("shortest delay %v, want %v", d, loginBackoffBase)
		}
	}
}

// A caller that gives up stops waiting at once; the login carries on for
// the others and is not repeated.
func TestWaitingForLoginHonoursContext(t *testing.T) {
	p := newFakePod(t)
	hold := make(chan struct{})
	p.mu.Lock()
	p.holdLogins = hold
	p.mu.Unlock()
	s := sessionFor(t, p, "", Options{})

	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error, 1)
	go func() { first <- s.Authenticate(ctx) }()
	waitFor(t, "the login to reach the pod", func() bool { return p.botLogins.Load() == 1 })
	if ph := s.State().Phase; ph != Authenticating {
		t.Errorf("phase during login = %v", ph)
	}
	cancel()
	select {
	case err := <-first:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled caller got %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("cancelled caller still waiting")
	}
	second := make(chan error, 1)
	go func() { second <- s.Authenticate(t.Context()) }()
	close(hold)
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if p.botLogins.Load() != 1 {
		t.Errorf("logins %d, want the one in flight", p.botLogins.Load())
	}
}

func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	for _, c := range []struct {
		yaml, key string // key "" = accepted
	}{
		{"scheme: http\nhost: pod.example.com", "scheme"},
		{"host: pod.example.com\npod: {scheme: http}", "pod.scheme"},
		{"host: pod.example.com\nagent: {scheme: http, host: agent.example.com}", "agent.scheme"},
		{"scheme: http\nhost: 10.0.0.1", "scheme"},
		{"scheme: http\nhost: localhost", ""},
		{"scheme: http\nhost: 127.0.0.2", ""},
		{"scheme: http\nhost: '::1'", ""},
		{"scheme: http\nhost: '[::1]'", ""},
	} {
		path := writeConfig(t, dir, "config.yaml", c.yaml+"\nbot: {username: b, privateKey: {path: $DIR/bot.pem}}\n")
		cfg := mustLoad(t, path)
		_, err := New(cfg, Options{})
		if c.key == "" {
			if err != nil {
				t.Errorf("%q: %v", c.yaml, err)
			}
			continue
		}
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != c.key || !strings.HasPrefix(err.Error(), "config "+path+": "+c.key+": plain http") {
			t.Errorf("%q: err = %v, want a refusal naming %s and the file", c.yaml, err, c.key)
		}
	}
}

func TestTokenIsNeverFormatted(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "proxy: {host: 127.0.0.1, port: 1, username: u, password: proxy-s3cr3t}\n", Options{})
	s.cfg.Proxy, s.cfg.Pod.Proxy, s.cfg.Agent.Proxy = nil, nil, nil // keep the proxy in the config, not on the wire
	s.api = newClient(nil, nil, s.cfg.Pod)
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	token := string(s.token)
	if !strings.Contains(token, "s3cr3t") {
		t.Fatalf("unexpected token %q", token)
	}
	cfg := *s.cfg
	cfg.Bot.PrivateKey.Content = Secret(pkcs1PEM(botKey(t)))
	cfg.Proxy = &Proxy{Host: "p", Port: 1, Username: "u", Password: "proxy-s3cr3t"}

	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{s, s.token, s.State(), cfg, &cfg, cfg.Bot, cfg.Proxy} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
	}
	fmt.Fprintln(&out, s, s.token)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("state", "session", s, "token", s.token, "config", cfg)
	slog.New(slog.NewTextHandler(&out, nil)).Info("state", "session", s, "token", s.token)
	if strings.Contains(out.String(), "s3cr3t") {
		t.Errorf("a secret was formatted:\n%s", out.String())
	}
	assertNoKeyMaterial(t, out.String(), pkcs1PEM(botKey(t)))
	if !strings.Contains(out.String(), "[redacted]") || !strings.Contains(out.String(), "connected") {
		t.Errorf("formatting lost the useful parts:\n%.600s", out.String())
	}
}

func TestConfiguredProxyWithBasicAuth(t *testing.T) {
	p := newFakePod(t)
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte("pu:pp"))
		if r.Header.Get("Proxy-Authorization") != want {
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		proxied.Add(1)
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.Header.Del("Proxy-Authorization")
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	defer proxy.Close()
	u, _ := url.Parse(proxy.URL)

	s := sessionFor(t, p, fmt.Sprintf("proxy: {host: 127.0.0.1, port: %s, username: pu, password: pp}\n", u.Port()), Options{})
	if get(t, s, "/v1/x").StatusCode != 200 {
		t.Fatal("request through the proxy failed")
	}
	if proxied.Load() != 2 {
		t.Errorf("proxied %d requests, want 2 (login and call)", proxied.Load())
	}

	bad := sessionFor(t, p, fmt.Sprintf("proxy: {host: 127.0.0.1, port: %s, username: pu, password: wrong}\n", u.Port()), Options{})
	if err := bad.Authenticate(t.Context()); err == nil || !strings.Contains(err.Error(), "proxy refused our credentials") {
		t.Errorf("wrong proxy password: %v", err)
	}
}

func TestTrustStoreIsAddedToSystemRoots(t *testing.T) {
	p := newFakePodTLS(t)
	untrusted := sessionFor(t, p, "", Options{})
	err := untrusted.Authenticate(t.Context())
	if err == nil || !strings.Contains(err.Error(), "the pod's certificate is not trusted; set ssl.trustStore.path") {
		t.Errorf("untrusted pod: %v", err)
	}
	dir := t.TempDir()
	trust := writeFile(t, dir, "ca.pem", serverCertPEM(p.srv.Certificate().Raw), 0o644)
	s := sessionFor(t, p, "ssl: {trustStore: {path: "+trust+"}}\n", Options{})
	if get(t, s, "/v1/x").StatusCode != 200 {
		t.Error("request to a pod trusted through ssl.trustStore failed")
	}
}

// net/http would forward the custom sessionToken header to another host.
func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	p := newFakePod(t)
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Add(1) }))
	defer other.Close()
	p.redirectTo = strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + "/steal"
	s := sessionFor(t, p, "", Options{})
	if resp := get(t, s, "/redirect"); resp.StatusCode != http.StatusFound || leaked.Load() != 0 {
		t.Errorf("status %d, other host hit %d times", resp.StatusCode, leaked.Load())
	}
	if resp := get(t, s, "/redirect-here"); resp.StatusCode != 200 {
		t.Errorf("same-host redirect: status %d", resp.StatusCode)
	}
}

func TestNetworkErrorsSayWhatToCheck(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	_, port, _ := net.SplitHostPort(addr)
	cfg := mustLoad(t, writeConfig(t, dir, "c.yaml", "scheme: http\nhost: 127.0.0.1\nport: "+port+"\nbot: {username: b, privateKey: {path: $DIR/bot.pem}}\n"))
	s, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Authenticate(t.Context())
	var ae *AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "connection to "+addr+" refused") {
		t.Errorf("refused: %v", err)
	}

	for _, c := range []struct {
		err  error
		want string
	}{
		{&url.Error{Op: "Post", URL: "https://pod.invalid/x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "pod.invalid", Err: "no such host", IsNotFound: true}}}, "cannot resolve pod.invalid"},
		{&url.Error{Op: "Get", URL: "https://h:443/x", Err: context.DeadlineExceeded}, "h:443 did not answer in time"},
		{errors.New("proxyconnect tcp: dial tcp 10.0.0.1:3128: i/o timeout"), "cannot reach the proxy"},
	} {
		if got := (&NetworkError{URL: "https://h:443/x", Err: c.err}).Error(); !strings.Contains(got, c.want) {
			t.Errorf("diagnose(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

func TestDoReturnsCallerCancellation(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.PodURL()+"/v1/x", nil)
	if _, err := s.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// A request that failed with a token already replaced takes the new token;
// it does not log in again.
func TestStale401UsesTheNewerToken(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, gen1, _ := s.currentToken(t.Context())
	p.expireAll()
	get(t, s, "/v1/x") // re-authenticates: generation 2
	tok, gen, err := s.refresh(t.Context(), gen1)
	if err != nil || gen != gen1+1 || tok != s.token {
		t.Errorf("refresh(stale) = gen %d, %v; want the current token of gen %d", gen, err, gen1+1)
	}
	if p.botLogins.Load() != 2 {
		t.Errorf("logins = %d, want 2", p.botLogins.Load())
	}
}

// A Config built in code gets the same defaults as a loaded one.
func TestConfigBuiltInCode(t *testing.T) {
	p := newFakePod(t)
	cfg := &Config{
		Pod: Endpoint{Scheme: "http", Host: "127.0.0.1", Port: p.port()},
		Bot: Bot{Username: testBotUser, PrivateKey: KeySource{Content: Secret(pkcs1PEM(botKey(t)))}},
	}
	s, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if get(t, s, "/v1/x").StatusCode != 200 {
		t.Fatal("request failed")
	}
	c := s.Config()
	if s.AgentURL() != p.srv.URL+"/agent" || c.Pod.ReadTimeout != DefaultReadTimeout || c.Retry != DefaultRetry {
		t.Errorf("defaults not applied: agent %q, read timeout %v, retry %+v", s.AgentURL(), c.Pod.ReadTimeout, c.Retry)
	}
	if _, err := New(&Config{Bot: cfg.Bot}, Options{}); err == nil || !strings.Contains(err.Error(), "host: missing") {
		t.Errorf("no host: %v", err)
	}
}

func TestTokenGoesOnlyToConfiguredHosts(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	other := strings.Replace(p.srv.URL, "127.0.0.1", "localhost", 1)
	for _, u := range []string{other + "/pod/v1/x", "https" + strings.TrimPrefix(p.srv.URL, "http") + "/pod/v1/x"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
		if _, err := s.Do(req); err == nil || !strings.Contains(err.Error(), "refusing to send the session token") {
			t.Errorf("%s: %v", u, err)
		}
	}
	if p.botLogins.Load() != 0 || p.podCalls.Load() != 0 {
		t.Errorf("logins %d calls %d, want none", p.botLogins.Load(), p.podCalls.Load())
	}
}

// BenchmarkDo compares Session.Do with the same request sent by hand, to
// show what the session adds per call.
func BenchmarkDo(b *testing.B) {
	p := newFakePod(b)
	s := sessionFor(b, p, "", Options{})
	if err := s.Authenticate(context.Background()); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, do func(*http.Request) (*http.Response, error)) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := http.NewRequest(http.MethodGet, s.PodURL()+"/v1/x", nil)
				resp, err := do(req)
				if err != nil || resp.StatusCode != 200 {
					b.Errorf("%v %v", resp, err)
					return
				}
				drain(resp.Body)
			}
		})
	}
	b.Run("session", func(b *testing.B) { run(b, s.Do) })
	b.Run("by-hand", func(b *testing.B) {
		run(b, func(req *http.Request) (*http.Response, error) {
			req.Header.Set("sessionToken", string(s.token))
			return s.api.Do(req)
		})
	})
}

// Close lets go of the pod: the next request opens a new connection
// instead of reusing an idle one.
func TestCloseClosesIdleConnections(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	reused := func() bool {
		var got bool
		trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { got = i.Reused }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), http.MethodGet, s.PodURL()+"/v1/x", nil)
		resp, err := s.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		drain(resp.Body)
		return got
	}
	reused()
	if !reused() {
		t.Fatal("a second request did not reuse the connection: nothing to close")
	}
	s.Close()
	if reused() {
		t.Error("after Close a request reused an idle connection")
	}
}
