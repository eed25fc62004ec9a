package session

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, s *Session, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.PodURL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Do(req)
	if err != nil {
		t.Fatalf("Do %s: %v", path, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestRSALoginAndRequestHeaders(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if st := s.State(); st.Phase != Idle {
		t.Fatalf("phase before login = %v", st.Phase)
	}
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := s.State(); st.Phase != Connected || st.LastError != nil || st.Identity != `bot "ops-bot" (RSA key)` {
		t.Fatalf("state after login = %+v", st)
	}
	if got := s.PodURL(); got != p.srv.URL+"/pod" {
		t.Errorf("PodURL() = %q", got)
	}
	resp := get(t, s, "/v2/sessioninfo")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	h := p.lastHeader
	if ua := h.Get("User-Agent"); ua != "symtui/1.2.3" {
		t.Errorf("User-Agent = %q", ua)
	}
	if id := h.Get("X-Trace-Id"); !regexp.MustCompile(`^[A-Za-z0-9]{6}$`).MatchString(id) {
		t.Errorf("X-Trace-Id = %q, want 6 alphanumerics", id)
	}
	if h.Get("X-Team") != "ops" {
		t.Errorf("default header missing: %v", h)
	}
	if !strings.HasPrefix(h.Get("sessionToken"), "tok-bot-") {
		t.Errorf("sessionToken = %q", h.Get("sessionToken"))
	}

	// The caller's own trace id and headers win over the defaults.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.PodURL()+"/v1/x", nil)
	req.Header.Set("X-Trace-Id", "abc123")
	req.Header.Set("X-Team", "mine")
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if p.lastHeader.Get("X-Trace-Id") != "abc123" || p.lastHeader.Get("X-Team") != "mine" {
		t.Errorf("caller headers overridden: %v", p.lastHeader)
	}
	if n := p.botLogins.Load(); n != 1 {
		t.Errorf("logins = %d, want 1", n)
	}
}

func TestLazyLoginOnFirstRequest(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{})
	if resp := get(t, s, "/v1/x"); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n := p.botLogins.Load(); n != 1 {
		t.Errorf("logins = %d, want 1", n)
	}
}

func TestFreshJWTForEveryLogin(t *testing.T) {
	p := newFakePod(t)
	clock := newFakeClock()
	p.now = clock.Now
	s := sessionFor(t, p, "", Options{Now: clock.Now})
	if err := s.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(100 * time.Second)
	p.expireAll()
	get(t, s, "/v1/x") // 401 -> login again
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.jwtExps) != 2 || p.jwtExps[1]-p.jwtExps[0] != 100 {
		t.Errorf("JWT expiries %v, want two 100 s apart", p.jwtExps)
	}
}

func TestLoginRefusedIsAnAuthError(t *testing.T) {
	p := newFakePod(t)
	p.refuseLogins.Store(true)
	s := sessionFor(t, p, "", Options{})
	err := s.Authenticate(t.Context())
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Status != 401 || !strings.HasSuffix(ae.Endpoint, "/login/pubkey/authenticate") {
		t.Fatalf("err = %#v, want a 401 *AuthError", err)
	}
	msg := err.Error()
	for _, want := range []string{`authentication was refused for service account "ops-bot"`, "public key imported", "bot.username"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "SECRET-BODY") || strings.Contains(msg, "tok-") {
		t.Errorf("message quotes the response body: %q", msg)
	}
	if st := s.State(); st.Phase != Failed || st.LastError != err {
		t.Errorf("state = %+v", st)
	}
}

func TestOnBehalfOfLogin(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     Options
		path     string
		identity string
	}{
		{"by id", Options{OBOUserID: 12345}, "/login/pubkey/app/user/12345/authenticate", `user 12345 on behalf of app "ops-app"`},
		{"by username", Options{OBOUsername: "jane doe"}, "/login/pubkey/app/username/jane%20doe/authenticate", `user "jane doe" on behalf of app "ops-app"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newFakePod(t)
			s := sessionFor(t, p, "", c.opts)
			resp := get(t, s, "/v2/sessioninfo")
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"caller":"user:`) {
				t.Fatalf("status %d body %s: want the call made as the user", resp.StatusCode, body)
			}
			if p.appLogins.Load() != 1 || p.oboLogins.Load() != 1 || p.botLogins.Load() != 0 {
				t.Errorf("logins app=%d obo=%d bot=%d", p.appLogins.Load(), p.oboLogins.Load(), p.botLogins.Load())
			}
			if len(p.oboPaths) != 1 || p.oboPaths[0] != c.path {
				t.Errorf("OBO paths %v, want [%s]", p.oboPaths, c.path)
			}
			if st := s.State(); st.Identity != c.identity {
				t.Errorf("identity = %q", st.Identity)
			}
		})
	}
}

func TestOnBehalfOfNeedsAppAndOneUser(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	path := writeConfig(t, dir, "config.yaml", "host: localhost\nbot: {username: b, privateKey: {path: $DIR/bot.pem}}\n")
	cfg := mustLoad(t, path)
	_, err := New(cfg, Options{OBOUserID: 7})
	if err == nil || !strings.Contains(err.Error(), "config "+path+": app.appId: missing") {
		t.Errorf("OBO without app: %v", err)
	}
	_, err = New(cfg, Options{OBOUserID: 7, OBOUsername: "x"})
	if err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("OBO with id and username: %v", err)
	}
}

// Certificate login: TLS with a client certificate, POST with no body and
// no Content-Type to /sessionauth/v1/authenticate.
func TestCertificateLogin(t *testing.T) {
	ca := newTestCA(t)
	pod := newFakePod(t)
	var certLogins int
	auth := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		certLogins++
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method != http.MethodPost || r.URL.Path != "/sessionauth/v1/authenticate":
			t.Errorf("cert login %s %s", r.Method, r.URL.Path)
		case len(body) != 0 || r.Header.Get("Content-Type") != "":
			// The pod answers 401/500 to a body or a Content-Type here.
			t.Errorf("cert login sent body %q Content-Type %q", body, r.Header.Get("Content-Type"))
		case len(r.TLS.PeerCertificates) == 0 || r.TLS.PeerCertificates[0].Subject.CommonName != "ops-bot":
			t.Errorf("cert login without the client certificate")
		}
		writeJSON(w, 200, map[string]string{"name": "sessionToken", "token": pod.issue("bot")})
	}))
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	auth.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	auth.StartTLS()
	defer auth.Close()

	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", ca.clientCertPEM(t, "ops-bot"), 0o600)
	writeFile(t, dir, "trust.pem", serverCertPEM(auth.Certificate().Raw), 0o644)
	cfg := mustLoad(t, writeConfig(t, dir, "config.yaml", fmt.Sprintf(`
host: 127.0.0.1
pod: {scheme: http, port: %d}
sessionAuth: {port: %s}
ssl: {trustStore: {path: $DIR/trust.pem}}
bot: {certificate: {path: $DIR/bot.pem}}
`, pod.port(), auth.URL[strings.LastIndex(auth.URL, ":")+1:])))
	s, err := New(cfg, Options{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if resp := get(t, s, "/v1/x"); resp.StatusCode != 200 {
		t.Fatalf("pod call after cert login: %d", resp.StatusCode)
	}
	if certLogins != 1 || pod.botLogins.Load() != 0 {
		t.Errorf("cert logins %d, RSA logins %d", certLogins, pod.botLogins.Load())
	}
	if id := s.State().Identity; id != `certificate "ops-bot"` {
		t.Errorf("identity %q", id)
	}

	// Without the client certificate the handshake fails; the error says so.
	cfg2 := *cfg
	cfg2.Bot.Certificate = CertSource{}
	cfg2.Bot.Username = "b"
	cfg2.Bot.PrivateKey = KeySource{Content: Secret(pkcs1PEM(botKey(t)))}
	plain, err := New(&cfg2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	plain.certAPI, plain.login = plain.api, plain.loginCert
	var ae *AuthError
	err = plain.Authenticate(context.Background())
	if !errors.As(err, &ae) || ae.Status != 0 || !strings.Contains(err.Error(), "refused our client certificate") {
		t.Errorf("cert login without a certificate: %v", err)
	}
	t.Logf("without a client certificate: %v", err)
}

func TestAuthenticateAppIsTheAppStepOnly(t *testing.T) {
	p := newFakePod(t)
	s := sessionFor(t, p, "", Options{OBOUsername: "jane"})
	ob, ok := s.OnBehalf()
	if !ok || ob.AppID != "ops-app" || ob.User() != "jane" {
		t.Fatalf("OnBehalf = %+v, %v", ob, ok)
	}
	if err := s.AuthenticateApp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p.appLogins.Load() != 1 || p.oboLogins.Load() != 0 {
		t.Errorf("logins app=%d obo=%d, want the app's only", p.appLogins.Load(), p.oboLogins.Load())
	}
	if st := s.State(); st.Phase != Idle {
		t.Errorf("the app login changed the session's state: %+v", st)
	}
	bot := sessionFor(t, p, "", Options{})
	if _, ok := bot.OnBehalf(); ok || bot.AuthenticateApp(context.Background()) == nil {
		t.Error("a service account's session claims an app login")
	}
}
