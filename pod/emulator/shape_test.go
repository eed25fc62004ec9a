package emulator

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// noRedirects is a client that reports a redirect instead of following it.
func noRedirects(t *testing.T, e *Emulator) *http.Client {
	c := client(t, e, false)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return errors.New("redirected") }
	return c
}

// Every answer is in the pod's shape: what no route serves is a JSON 404 or
// 405, never Go's plain-text pages.
func TestUnroutedAnswersAreJSON(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := noRedirects(t, e)
	tok := botToken(t, c, e)
	for _, path := range []string{"/", "/favicon.ico", "/pod/v9/nothing", "/pod/v2/sessioninfo/", "/_emulator/nothing", "/pod/v1/room/abc/nothing"} {
		r := call(t, c, e, "GET", path, tok, nil)
		wantError(t, r, http.StatusNotFound, "No such endpoint")
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
	}
	for _, m := range []struct{ method, path, allow string }{
		{"PUT", "/pod/v2/sessioninfo", "GET, HEAD"},
		{"DELETE", "/pod/v1/user/search", "POST"},
		{"GET", "/login/pubkey/authenticate", "POST"},
		{"POST", "/_emulator/stats", "GET, HEAD"},
	} {
		r := call(t, c, e, m.method, m.path, tok, nil)
		wantError(t, r, http.StatusMethodNotAllowed, "not allowed")
		if got := r.Header.Get("Allow"); got != m.allow {
			t.Errorf("%s %s: Allow %q, want %q", m.method, m.path, got, m.allow)
		}
	}
}

// Paths that are not canonical are refused, not redirected to a cleaned path.
func TestNonCanonicalPathsAreRefused(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := noRedirects(t, e)
	tok := botToken(t, c, e)
	for _, path := range []string{
		"/pod//v2/sessioninfo", "//pod/v2/sessioninfo", "/pod/v1/../v2/sessioninfo", "/pod/v2/./sessioninfo",
		"/pod/v1/%2e%2e/v2/sessioninfo", "/pod/v2/%2E/sessioninfo", "/_emulator//stats", "/pod/v3/room/%2F/info",
	} {
		req, err := http.NewRequest("GET", e.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("sessionToken", tok)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantError(t, response{Status: resp.StatusCode, Header: resp.Header, Body: body}, http.StatusBadRequest, "path")
	}
	// An escaped slash inside a segment is part of the value, as a stream id may carry one.
	wantError(t, call(t, c, e, "GET", "/pod/v3/room/a%2Fb/info", tok, nil), http.StatusBadRequest, "does not exist")
}

// GET /pod/v1/podcert needs no session and answers PodCertificate.
func TestPodCert(t *testing.T) {
	e := startPod(t, Options{Users: 20})
	c := client(t, e, false)
	r := call(t, c, e, "GET", "/pod/v1/podcert", "", nil)
	wantStatus(t, r, http.StatusOK)
	var pc struct {
		Certificate string `json:"certificate"`
	}
	r.decode(t, &pc)
	block, _ := pem.Decode([]byte(pc.Certificate))
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("certificate is not PEM: %s", r.Body)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.PublicKeyAlgorithm != x509.RSA {
		t.Fatalf("pod certificate key %v, want RSA (the pod signs RS512)", cert.PublicKeyAlgorithm)
	}
	var again struct{ Certificate string }
	call(t, c, e, "GET", "/pod/v1/podcert", "", nil).decode(t, &again)
	if again.Certificate != pc.Certificate {
		t.Fatal("the pod certificate changed between two reads")
	}
}

// A panic in a handler becomes a 500 in the pod's shape and one log line;
// the lock it held is released and the pod goes on.
func TestPanicIsRecovered(t *testing.T) {
	log := &syncWriter{w: &strings.Builder{}}
	e := startPod(t, Options{Users: 20, Log: log})
	e.handle("GET /pod/v1/test/panic", func(w http.ResponseWriter, r *http.Request) {
		e.locked(func() {
			w.WriteHeader(http.StatusOK) // half an answer, discarded
			var m map[string]int
			m["boom"]++ // a nil map write panics
		})
	})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	r := call(t, c, e, "GET", "/pod/v1/test/panic", tok, nil)
	wantError(t, r, http.StatusInternalServerError, "Internal server error")
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusOK)

	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `recovered from a panic serving GET "/pod/v1/test/panic"`) ||
		!strings.Contains(lines[0], "assignment to entry in nil map") || !strings.Contains(lines[0], "at shape_test.go:") {
		t.Fatalf("log:\n%s", log.String())
	}
	if strings.Contains(log.String(), tok) {
		t.Fatal("the log holds the session token")
	}
	st := e.Stats()
	if st.Panics != 1 || st.Routes["GET /pod/v1/test/panic"].ByStatus["500"] != 1 {
		t.Fatalf("stats: panics %d, route %+v", st.Panics, st.Routes["GET /pod/v1/test/panic"])
	}
}

// Close returns in bounded time even when a handler hangs holding the
// pod's lock, so a process told to stop does stop.
func TestCloseIsBoundedWhenAHandlerHangs(t *testing.T) {
	e, err := New(Options{Users: 20, Rooms: 2, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	e.handle("GET /pod/v1/test/hang", func(w http.ResponseWriter, r *http.Request) {
		e.locked(func() {
			close(entered)
			<-release
		})
	})
	go func() {
		if resp, err := http.Get(e.URL + "/pod/v1/test/hang"); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	// Background work (as the churn loop on its next tick) now waits for the lock.
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		e.locked(func() {})
	}()
	closed := make(chan error, 1)
	go func() { closed <- e.Close() }()
	select {
	case err := <-closed:
		if err == nil || !strings.Contains(err.Error(), "did not stop") {
			t.Fatalf("Close() = %v, want it to say the background work did not stop", err)
		}
	case <-time.After(time.Minute): // only a hang trips this
		t.Fatal("Close hangs while a handler holds the lock")
	}
}

// syncWriter serializes writes and reads of a log a server writes to.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.w)
}
