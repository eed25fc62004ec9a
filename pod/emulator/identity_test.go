package emulator

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With a control token the control API wants it; the pod API does not.
func TestControlTokenGuardsTheControlAPI(t *testing.T) {
	token := NewControlToken()
	e := startPod(t, Options{Users: 20, Addr: "0.0.0.0:0", ControlToken: token})
	if !strings.HasPrefix(e.URL, "http://localhost:") {
		t.Fatalf("URL %s: a client cannot dial an unspecified address", e.URL)
	}
	c := client(t, e, false)
	get := func(auth string) response {
		req, _ := http.NewRequest("GET", e.URL+"/_emulator/stats", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return response{Status: resp.StatusCode, Header: resp.Header, Body: buf.Bytes()}
	}
	for _, auth := range []string{"", "Bearer", "Bearer " + token[1:], "Basic " + token, "bearer " + token} {
		r := get(auth)
		wantError(t, r, http.StatusUnauthorized, "Bearer")
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("401 without WWW-Authenticate")
		}
	}
	wantStatus(t, get("Bearer "+token), http.StatusOK)
	wantStatus(t, call(t, c, e, "GET", "/pod/v1/podcert", "", nil), http.StatusOK) // the pod API has its own auth
	botToken(t, c, e)

	dir := t.TempDir()
	if err := e.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "control-token"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("control-token: %v, mode %v; want 0600", err, info.Mode().Perm())
	}
	id, err := LoadIdentity(dir)
	if err != nil || id.ControlToken != token {
		t.Fatalf("LoadIdentity: token %t, err %v", id.ControlToken == token, err)
	}
}

// A restart with the identity a first run left keeps its keys and its CA:
// a client holding the first run's trust store and bot key still logs in.
func TestIdentitySurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	id, err := LoadIdentity(filepath.Join(dir, "not yet"))
	if err != nil || id.BotKey != nil || id.CACertPEM != nil {
		t.Fatalf("an absent directory: %v, %v", id, err)
	}
	if id, err = id.Complete(); err != nil {
		t.Fatal(err)
	}
	first := startPod(t, Options{Users: 20, TLS: true, Identity: id})
	if err := first.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	botKey, caPEM := first.Credentials.BotPrivateKeyPEM, first.CAPEM
	first.Close()
	for _, f := range []string{"bot-privatekey.pem", "app-privatekey.pem", "ca-privatekey.pem"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v; want mode 0600", f, err)
		}
	}

	again, err := LoadIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	second := startPod(t, Options{Users: 20, TLS: true, Identity: again})
	if !bytes.Equal(second.Credentials.BotPrivateKeyPEM, botKey) || !bytes.Equal(second.CAPEM, caPEM) {
		t.Fatal("the restart did not reuse the bot key and the CA")
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 30 * time.Second}
	login(t, c, second, BotUsername, botKey)

	// Without the identity, a restart is someone else.
	third := startPod(t, Options{Users: 20, TLS: true})
	if bytes.Equal(third.CAPEM, caPEM) {
		t.Fatal("a fresh emulator has the old CA")
	}
}

// A damaged file is an error naming it, never silently replaced; a CA
// certificate without its key is left out.
func TestLoadIdentityRefusesDamagedFiles(t *testing.T) {
	for _, c := range []struct{ file, content, want string }{
		{"bot-privatekey.pem", "not a key", "bot-privatekey.pem: not a PEM private key"},
		{"app-privatekey.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "app-privatekey.pem: a damaged private key"},
		{"ca-privatekey.pem", "x", "is there but"},
		{"control-token", "two words\n", "control-token: want one line"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadIdentity(dir); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s holding %q: %v, want an error naming the file and %q", c.file, c.content, err, c.want)
		}
	}
	dir := t.TempDir()
	e := startPod(t, Options{Users: 20, TLS: true})
	os.WriteFile(filepath.Join(dir, "ca.pem"), e.CAPEM, 0o644)
	if id, err := LoadIdentity(dir); err != nil || id.CACertPEM != nil {
		t.Fatalf("ca.pem alone: %v, %v; want no CA and no error", id, err)
	}
	if s := (Identity{ControlToken: "secret-token"}).String(); strings.Contains(s, "secret-token") {
		t.Fatalf("Identity prints its secrets: %s", s)
	}
}
