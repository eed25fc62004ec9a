package viewtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/membership"
	"symtui/session"
	"symtui/ui"
	"symtui/views/tab"
)

// Now is the fixed clock of the console, the session and the
// emulator in view tests, so dates and goldens do not move.
var Now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// Harness is a view under test over a real emulator on loopback: one
// session, a client (read-only when asked), a Common with an ASCII
// renderer and a fixed clock, and the shared name cache.
type Harness struct {
	Emu    *emulator.Emulator
	Client *pod.Client // what the views use
	Admin  *pod.Client // never read-only: for setup and for asserting state
	Common *ui.Common
	Names  *tab.Names
	Deps   tab.Deps
	Config string // the BDK config file the emulator wrote, for the CLI

	cfg   *session.Config // for ActAs
	now   func() time.Time
	retry *pod.RetryPolicy
}

type harnessConfig struct {
	readOnly bool
	front    func(w http.ResponseWriter, r *http.Request) bool
}

// Option changes how New builds the console side.
type Option func(*harnessConfig)

// WithReadOnly builds a read-only Common and client.
func WithReadOnly() Option { return func(c *harnessConfig) { c.readOnly = true } }

// WithPodFront puts a proxy in front of the emulator's pod API: answer
// sees every pod request first and reports whether it answered it itself
// (a refusal the emulator would not make); the others reach the emulator.
// Logins go to the emulator directly.
func WithPodFront(answer func(w http.ResponseWriter, r *http.Request) bool) Option {
	return func(c *harnessConfig) { c.front = answer }
}

// New starts an emulator with opts (small by default: 300 users, 40
// rooms, the fixed clock) and builds the console's dependencies for it. The
// emulator stops when the test ends.
func New(t testing.TB, opts emulator.Options, options ...Option) *Harness {
	t.Helper()
	var hc harnessConfig
	for _, o := range options {
		o(&hc)
	}
	if opts.Users == 0 {
		opts.Users = 300
	}
	if opts.Rooms == 0 {
		opts.Rooms = 40
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return Now }
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { _ = emu.Close() })

	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatalf("write config: %v", err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatalf("load config: %v", err)
	}
	if hc.front != nil {
		cfg.Pod = frontEndpoint(t, cfg.Pod, emu.URL, hc.front)
	}
	s, err := session.New(cfg, session.Options{Version: "test", Now: opts.Now})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	retry := &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 10 * time.Millisecond, MaxInterval: 50 * time.Millisecond, Multiplier: 2}
	client := pod.New(s, pod.Options{ReadOnly: hc.readOnly, Retry: retry})
	admin := client
	if hc.readOnly {
		admin = pod.New(s, pod.Options{Retry: retry})
	}

	c := NewCommon(hc.readOnly)
	names := tab.NewNames()
	owners := membership.NewOnBehalf(s, "test", pod.Options{ReadOnly: hc.readOnly, Retry: retry})
	t.Cleanup(owners.Close)
	return &Harness{
		Emu: emu, Client: client, Admin: admin, Common: c, Names: names, Config: filepath.Join(dir, "config.yaml"),
		Deps:  tab.Deps{Pod: client, Names: names, Timeout: 20 * time.Second, Owners: owners},
		cfg:   cfg,
		now:   opts.Now,
		retry: retry,
	}
}

// ActAs logs the console's side in on behalf of the user username through
// the emulator's extension app, as --as-user does: Client, Common (what it
// offers follows the session's Access) and Deps are rebuilt for that
// session, with a fresh name cache; Admin stays the service account, for
// setup and assertions. Call it before building views.
func (h *Harness) ActAs(t testing.TB, username string) {
	t.Helper()
	s, err := session.New(h.cfg, session.Options{Version: "test", Now: h.now, OBOUsername: username})
	if err != nil {
		t.Fatalf("session on behalf of %s: %v", username, err)
	}
	h.Client = pod.New(s, pod.Options{ReadOnly: h.Common.ReadOnly, Retry: h.retry})
	c := NewCommon(h.Common.ReadOnly)
	c.Access = h.Client.Access()
	c.Identity = username + " via app " + emulator.AppID
	h.Common, h.Names = c, tab.NewNames()
	h.Deps = tab.Deps{Pod: h.Client, Names: h.Names, Timeout: h.Deps.Timeout}
}

// frontEndpoint starts the proxy of WithPodFront and returns ep pointing
// at it.
func frontEndpoint(t testing.TB, ep session.Endpoint, emuURL string, answer func(w http.ResponseWriter, r *http.Request) bool) session.Endpoint {
	t.Helper()
	target, err := url.Parse(emuURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !answer(w, r) {
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	u, _ := url.Parse(front.URL)
	port, _ := strconv.Atoi(u.Port())
	ep.Scheme, ep.Host, ep.Port = "http", u.Hostname(), port
	return ep
}

// PodRefusal answers a request as the pod refuses one: status and message
// in the spec's Error body.
func PodRefusal(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": message})
}

// NewCommon is a Common for tests: ASCII renderer (no color, whatever the
// terminal), dark background, fixed clock, the default keymap.
func NewCommon(readOnly bool) *ui.Common {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, readOnly)
	c.Now = func() time.Time { return Now }
	c.Pod, c.Identity = "emulator", emulator.BotUsername
	return c
}

// Ctx bounds one setup or assertion call.
func (h *Harness) Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// SmallPod is the usual pod of view tests: 300 users, 40 rooms.
func SmallPod() emulator.Options { return emulator.Options{Users: 300, Rooms: 40} }
