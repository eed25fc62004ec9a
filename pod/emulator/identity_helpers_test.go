package emulator

import (
	"bytes"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// startPod starts an emulator for a test (small unless opts say otherwise)
// and closes it when the test ends.
func startPod(t *testing.T, opts Options) *Emulator {
	t.Helper()
	if opts.Users == 0 {
		opts.Users = 200
	}
	if opts.Rooms == 0 {
		opts.Rooms = 10
	}
	e, err := New(opts)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// client is an HTTP client for e: it trusts e's CA and, when cert is set,
// presents the bot's client certificate.
func client(t *testing.T, e *Emulator, cert bool) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	if e.CAPEM != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(e.CAPEM) {
			t.Fatal("CAPEM holds no certificate")
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
		if cert {
			c, err := tls.X509KeyPair(e.Credentials.BotCertPEM, e.Credentials.BotCertKeyPEM)
			if err != nil {
				t.Fatalf("client certificate: %v", err)
			}
			tr.TLSClientConfig.Certificates = []tls.Certificate{c}
		}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

func parseKey(t testing.TB, pemBytes []byte) *rsa.PrivateKey {
	t.Helper()
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("want a PKCS#8 PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("parse key: %v", err)
	}
	return k.(*rsa.PrivateKey)
}

// signJWT signs claims with key using alg (RS512 unless given), as a BDK does.
func signJWT(t testing.TB, key *rsa.PrivateKey, method jwt.SigningMethod, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	if method == nil {
		method = jwt.SigningMethodRS512
	}
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// botJWT is the BDK's login JWT: {sub, exp: now+240s}, RS512.
func botJWT(t testing.TB, e *Emulator, sub string, key []byte) string {
	return signJWT(t, parseKey(t, key), nil, jwt.MapClaims{"sub": sub, "exp": e.now().Add(240 * time.Second).Unix()}, nil)
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// call sends method path (relative to e.URL) with an optional JSON body and
// session token.
func call(t testing.TB, c *http.Client, e *Emulator, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("sessionToken", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// login authenticates a service account with its key and returns the token.
func login(t testing.TB, c *http.Client, e *Emulator, username string, key []byte) string {
	t.Helper()
	r := call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": botJWT(t, e, username, key)})
	if r.Status != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	var tok tokenResponse
	r.decode(t, &tok)
	if tok.Name != "sessionToken" || tok.Token == "" {
		t.Fatalf("login answered %s", r.Body)
	}
	return tok.Token
}

func botToken(t *testing.T, c *http.Client, e *Emulator) string {
	return login(t, c, e, e.Credentials.BotUsername, e.Credentials.BotPrivateKeyPEM)
}

func plainToken(t *testing.T, c *http.Client, e *Emulator) string {
	return login(t, c, e, e.Credentials.PlainUsername, e.Credentials.PlainPrivateKeyPEM)
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
}

// wantError checks the pod's error body {"code": status, "message": ...}.
func wantError(t *testing.T, r response, status int, msgPart string) {
	t.Helper()
	wantStatus(t, r, status)
	var pe podError
	r.decode(t, &pe)
	if pe.Code != status || !strings.Contains(pe.Message, msgPart) {
		t.Fatalf("error body %s, want code %d and a message containing %q", r.Body, status, msgPart)
	}
}

// fakeClock is a clock a test moves by hand (Options.Now: clock.Now).
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
