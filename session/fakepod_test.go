package session

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fakePod is a minimal pod for these tests: the RSA and OBO login endpoints
// (verifying the JWT exactly as the pod would) and a /pod/ handler that
// accepts only tokens it issued and has not expired.
type fakePod struct {
	t   testing.TB
	srv *httptest.Server
	now func() time.Time // the pod's clock for JWT expiry checks

	mu         sync.Mutex
	valid      map[string]string // token -> kind ("bot", "app", "user:<id>")
	issued     int
	jwtExps    []int64
	lastHeader http.Header
	bodies     []string
	oboPaths   []string

	botLogins, appLogins, oboLogins atomic.Int32
	podCalls, unauthorized          atomic.Int32
	refuseLogins                    atomic.Bool
	// rateLimitLogins: the next N bot logins get 429 with Retry-After: 1.
	rateLimitLogins atomic.Int32
	// beforeUnauthorized, when set, runs before the pod answers 401 to a call.
	beforeUnauthorized func()
	// holdLogins, when set, makes bot logins wait until it is closed.
	holdLogins chan struct{}
	redirectTo string // target of /pod/redirect
	// loginFaults spoil the next bot logins, one each: an HTTP status to
	// answer, faultHangUp to close the connection unanswered, faultStall to
	// answer nothing until the client gives up.
	loginFaults []int
}

const (
	faultHangUp = -1
	faultStall  = -2
)

const (
	testBotUser = "ops-bot"
	testAppID   = "ops-app"
)

func newFakePod(t testing.TB) *fakePod { return startFakePod(t, false) }

// newFakePodTLS serves HTTPS with httptest's self-signed certificate.
func newFakePodTLS(t testing.TB) *fakePod { return startFakePod(t, true) }

func startFakePod(t testing.TB, useTLS bool) *fakePod {
	p := &fakePod{t: t, now: time.Now, valid: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login/pubkey/authenticate", func(w http.ResponseWriter, r *http.Request) {
		p.botLogins.Add(1)
		p.mu.Lock()
		hold := p.holdLogins
		p.mu.Unlock()
		if hold != nil {
			<-hold
		}
		p.mu.Lock()
		fault := 0
		if len(p.loginFaults) > 0 {
			fault, p.loginFaults = p.loginFaults[0], p.loginFaults[1:]
		}
		p.mu.Unlock()
		switch {
		case fault == faultHangUp:
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
			return
		case fault == faultStall:
			_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client leave
			<-r.Context().Done()
			return
		case fault == http.StatusServiceUnavailable:
			w.Header().Set("Retry-After", "2")
			writeJSON(w, fault, map[string]any{"code": fault, "message": "down for maintenance"})
			return
		case fault != 0:
			writeJSON(w, fault, map[string]any{"code": fault, "message": "failed"})
			return
		}
		if p.rateLimitLogins.Add(-1) >= 0 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, map[string]any{"code": 429, "message": "Too many requests"})
			return
		}
		p.checkJWTLogin(w, r, testBotUser, &botKey(t).PublicKey, "bot")
	})
	mux.HandleFunc("POST /login/pubkey/app/authenticate", func(w http.ResponseWriter, r *http.Request) {
		p.appLogins.Add(1)
		p.checkJWTLogin(w, r, testAppID, &appKey(t).PublicKey, "app")
	})
	obo := func(w http.ResponseWriter, r *http.Request) {
		p.oboLogins.Add(1)
		p.mu.Lock()
		kind := p.valid[r.Header.Get("sessionToken")]
		p.oboPaths = append(p.oboPaths, r.URL.EscapedPath())
		p.mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		if len(body) != 0 {
			t.Errorf("OBO user login has a body (%d bytes)", len(body))
		}
		if kind != "app" {
			writeJSON(w, 401, map[string]any{"code": 401, "message": "Invalid app session"})
			return
		}
		writeJSON(w, 200, map[string]string{"token": p.issue("user:" + r.PathValue("who"))})
	}
	mux.HandleFunc("POST /login/pubkey/app/user/{who}/authenticate", obo)
	mux.HandleFunc("POST /login/pubkey/app/username/{who}/authenticate", obo)
	mux.HandleFunc("/pod/", func(w http.ResponseWriter, r *http.Request) {
		p.podCalls.Add(1)
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		kind := p.valid[r.Header.Get("sessionToken")]
		p.lastHeader = r.Header.Clone()
		p.bodies = append(p.bodies, string(body))
		hook, redirect := p.beforeUnauthorized, p.redirectTo
		p.mu.Unlock()
		switch r.URL.Path {
		case "/pod/redirect":
			http.Redirect(w, r, redirect, http.StatusFound)
			return
		case "/pod/redirect-here":
			http.Redirect(w, r, "/pod/v1/x", http.StatusFound)
			return
		}
		if kind == "" || kind == "app" || r.URL.Path == "/pod/always401" {
			p.unauthorized.Add(1)
			if hook != nil {
				hook()
			}
			writeJSON(w, 401, map[string]any{"code": 401, "message": "Invalid session"})
			return
		}
		writeJSON(w, 200, map[string]string{"caller": kind})
	})
	if useTLS {
		p.srv = httptest.NewUnstartedServer(mux)
		p.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected in tests
		p.srv.StartTLS()
	} else {
		p.srv = httptest.NewServer(mux)
	}
	t.Cleanup(p.srv.Close)
	return p
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (p *fakePod) issue(kind string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.issued++
	tok := fmt.Sprintf("tok-%s-%d-s3cr3t", strings.ReplaceAll(kind, ":", "-"), p.issued)
	p.valid[tok] = kind
	return tok
}

// expireAll invalidates every token, as a pod does when sessions expire.
func (p *fakePod) expireAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.valid = map[string]string{}
}

func (p *fakePod) port() int {
	u, _ := url.Parse(p.srv.URL)
	n, _ := strconv.Atoi(u.Port())
	return n
}

// checkJWTLogin verifies the login wire: JSON body {"token": jwt}, the JWT
// RS512-signed by the expected key with exactly sub and exp, exp 240 s ahead.
func (p *fakePod) checkJWTLogin(w http.ResponseWriter, r *http.Request, sub string, pub *rsa.PublicKey, kind string) {
	t := p.t
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("login Content-Type = %q", ct)
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "symtui/") {
		t.Errorf("login User-Agent = %q", r.Header.Get("User-Agent"))
	}
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body) != 1 || body["token"] == "" {
		t.Errorf("login body = %v, %v; want {\"token\": jwt}", body, err)
		writeJSON(w, 400, nil)
		return
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(body["token"], claims, func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"RS512"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(p.now))
	if err != nil {
		t.Errorf("login JWT rejected: %v", err)
		writeJSON(w, 401, nil)
		return
	}
	exp, _ := claims["exp"].(float64)
	if left := time.Unix(int64(exp), 0).Sub(p.now()); len(claims) != 2 || claims["sub"] != sub || left < 235*time.Second || left > 245*time.Second {
		t.Errorf("login JWT claims %v (exp in %v); want only sub=%q and exp ~240 s ahead", claims, left, sub)
	}
	p.mu.Lock()
	p.jwtExps = append(p.jwtExps, int64(exp))
	p.mu.Unlock()
	if p.refuseLogins.Load() {
		writeJSON(w, 401, map[string]any{"code": 401, "message": "SECRET-BODY tok-should-not-leak"})
		return
	}
	writeJSON(w, 200, map[string]string{"name": "sessionToken", "token": p.issue(kind)})
}

// sessionFor writes a config for the fake pod (plus extra YAML) and builds a Session.
func sessionFor(t testing.TB, p *fakePod, extra string, opts Options) *Session {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	writeFile(t, dir, "app.pem", pkcs8PEM(t, appKey(t)), 0o600)
	cfg := mustLoad(t, writeConfig(t, dir, "config.yaml", fmt.Sprintf(`
scheme: %s
host: 127.0.0.1
port: %d
defaultHeaders: {X-Team: ops}
bot: {username: %s, privateKey: {path: $DIR/bot.pem}}
app: {appId: %s, privateKey: {path: $DIR/app.pem}}
%s`, strings.SplitN(p.srv.URL, ":", 2)[0], p.port(), testBotUser, testAppID, extra)))
	if opts.Version == "" {
		opts.Version = "1.2.3"
	}
	s, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }
