package session

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"symtui/pod/emulator"
)

// emulatorWithWrongKey starts an emulator and a config for it whose bot key
// file holds a key the pod does not know: every login is refused.
func emulatorWithWrongKey(t *testing.T) (*emulator.Emulator, *Config, string) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{Users: 20, Rooms: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "bot-privatekey.pem")
	writeFile(t, dir, "bot-privatekey.pem", pkcs1PEM(botKey(t)), 0o600) // the fake pod's key, unknown here
	return emu, mustLoad(t, filepath.Join(dir, "config.yaml")), keyPath
}

func logins(emu *emulator.Emulator) int { return emu.Stats().Auth["POST /login/pubkey/authenticate"] }

func podCall(t *testing.T, s *Session) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.PodURL()+"/v2/sessioninfo", nil)
	resp, err := s.Do(req)
	if err != nil {
		t.Fatalf("pod call: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// After "authentication was refused" the session keeps trying by itself,
// one timer per try, and a key file replaced on disk is read again: the
// console recovers without a restart.
func TestE2ERefusedLoginRecoversWhenTheKeyFileIsReplaced(t *testing.T) {
	emu, cfg, keyPath := emulatorWithWrongKey(t)
	s, err := New(cfg, Options{Reconnect: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	s.jitter = func(int64) int64 { return 0 } // each backoff is the 1 s base
	var changes atomic.Int32
	s.Watch(func() { changes.Add(1) })

	err = s.Authenticate(t.Context())
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized || !strings.Contains(err.Error(), "authentication was refused") {
		t.Fatalf("login with the wrong key: %v", err)
	}
	st := s.State()
	if st.Phase != Failed || st.RetryAt.IsZero() {
		t.Fatalf("state after refusal: %+v", st)
	}
	// Watchers hear of the outcome on the login's goroutine, maybe just
	// after the caller went on: authenticating, failed.
	waitFor(t, "the watchers told of the login's start and end", func() bool { return changes.Load() >= 2 })

	// The timer keeps trying (and being refused) while the key is wrong.
	waitFor(t, "a second try by itself", func() bool { return logins(emu) >= 2 })

	// The operator puts the right key in place; the next try uses it.
	if err := os.WriteFile(keyPath, emu.Credentials.BotPrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the session to recover", func() bool { return s.State().Phase == Connected })
	if code := podCall(t, s); code != http.StatusOK {
		t.Fatalf("pod call after recovery: HTTP %d", code)
	}
	s.mu.Lock()
	timer := s.timer
	s.mu.Unlock()
	if timer != nil {
		t.Error("a retry timer is still armed while connected")
	}
}

// RetryNow (the console's `r`) logs in at once, whatever the backoff.
func TestE2ERetryNowIgnoresTheBackoff(t *testing.T) {
	emu, cfg, keyPath := emulatorWithWrongKey(t)
	s, err := New(cfg, Options{}) // no timer: only RetryNow can start a login
	if err != nil {
		t.Fatal(err)
	}
	s.jitter = func(n int64) int64 { return n - 1 }
	if err := s.Authenticate(t.Context()); err == nil {
		t.Fatal("login with the wrong key succeeded")
	}
	if s.timer != nil {
		t.Fatal("a timer was armed without Reconnect")
	}
	if err := os.WriteFile(keyPath, emu.Credentials.BotPrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Authenticate(t.Context()); err == nil || logins(emu) != 1 {
		t.Fatalf("a login ran during the backoff: %v (%d logins)", err, logins(emu))
	}
	if !s.RetryNow() {
		t.Fatal("RetryNow after a failure started nothing")
	}
	waitFor(t, "the login RetryNow started", func() bool { return s.State().Phase == Connected })
	if s.RetryNow() {
		t.Error("RetryNow while connected started a login")
	}
	if logins(emu) != 2 {
		t.Errorf("%d logins, want 2", logins(emu))
	}
}

// A key file replaced by something unusable is named in the error; one
// only touched is not parsed again.
func TestKeyFileChecks(t *testing.T) {
	emu, cfg, keyPath := emulatorWithWrongKey(t)
	if err := os.WriteFile(keyPath, emu.Credentials.BotPrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	creds := s.creds
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(keyPath, later, later); err != nil {
		t.Fatal(err)
	}
	if err := s.reloadChangedKeys(); err != nil || s.creds != creds {
		t.Fatalf("a touched key file was parsed again: %v", err)
	}
	if err := os.WriteFile(keyPath, []byte("-----BEGIN RSA PRIVATE KEY-----\ngarbage\n-----END RSA PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = s.Authenticate(t.Context())
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "bot.privateKey.path" || !strings.Contains(err.Error(), keyPath) || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("err = %v", err)
	}
	if logins(emu) != 0 {
		t.Errorf("%d logins sent with an unusable key", logins(emu))
	}
	assertNoKeyMaterial(t, err.Error(), string(emu.Credentials.BotPrivateKeyPEM))
}

// Close stops the retry timer: no login starts by itself afterwards.
func TestCloseStopsRetrying(t *testing.T) {
	emu, cfg, _ := emulatorWithWrongKey(t)
	s, err := New(cfg, Options{Reconnect: true})
	if err != nil {
		t.Fatal(err)
	}
	s.jitter = func(int64) int64 { return 0 }
	_ = s.Authenticate(t.Context())
	s.Close()
	time.Sleep(1500 * time.Millisecond) // past the 1 s backoff
	if n := logins(emu); n != 1 {
		t.Fatalf("%d logins after Close, want the first only", n)
	}
}
