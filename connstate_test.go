package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
	"symtui/ui"
	"symtui/views/tab"
	"symtui/views/users"
)

// refusedConsole is the console's wiring (session with Reconnect, header
// watch, pod client) against an emulator that refuses the configured key.
type refusedConsole struct {
	emu     *emulator.Emulator
	keyPath string
	s       *session.Session
	client  *pod.Client

	mu   sync.Mutex
	msgs []ui.ConnStateMsg
}

// startEmulator starts an emulator and writes its BDK config; it returns
// the config's path.
func startEmulator(t *testing.T, opts emulator.Options) (*emulator.Emulator, string) {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	return emu, filepath.Join(dir, "config.yaml")
}

func startRefusedConsole(t *testing.T) *refusedConsole {
	t.Helper()
	emu, path := startEmulator(t, emulator.Options{Users: 20, Rooms: 2})
	c := &refusedConsole{emu: emu, keyPath: filepath.Join(filepath.Dir(path), "bot-privatekey.pem")}
	// Another account's key: the pod refuses it for the bot.
	if err := os.WriteFile(c.keyPath, emu.Credentials.PlainPrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.s, err = session.New(cfg, session.Options{Version: "test", Reconnect: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.s.Close)
	w := newConnWatch(c.s)
	w.send = func(m tea.Msg) {
		c.mu.Lock()
		c.msgs = append(c.msgs, m.(ui.ConnStateMsg))
		c.mu.Unlock()
	}
	c.client = pod.New(c.s, pod.Options{Observer: w.observe, Retry: &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 10 * time.Millisecond}})
	return c
}

func (c *refusedConsole) last() ui.ConnStateMsg {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.msgs) == 0 {
		return ui.ConnStateMsg{}
	}
	return c.msgs[len(c.msgs)-1]
}

func (c *refusedConsole) logins() int { return c.emu.Stats().Auth["POST /login/pubkey/authenticate"] }

func refreshKey() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'r'}} }

// After a refused login the header says offline, why, and when the next
// try is; once the key is fixed, `r` logs in at once and the header says
// connected.
func TestHeaderAfterRefusedLoginAndRecovery(t *testing.T) {
	c := startRefusedConsole(t)
	if _, err := c.client.SessionInfo(t.Context()); err == nil {
		t.Fatal("a call with a refused key succeeded")
	}
	st, msg := c.s.State(), c.last()
	if msg.State != ui.ConnOffline || msg.Err == nil || !strings.Contains(msg.Err.Error(), "authentication was refused") {
		t.Fatalf("header after refusal: %+v", msg)
	}
	if msg.NextTry.IsZero() || !msg.NextTry.Equal(st.RetryAt) {
		t.Fatalf("header's next try %v, session's %v", msg.NextTry, st.RetryAt)
	}

	if err := os.WriteFile(c.keyPath, c.emu.Credentials.BotPrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	before := c.logins()
	filter := retryLoginOnRefresh(c.s, ui.DefaultKeyMap().Action.Refresh)
	if got, ok := filter(nil, refreshKey()).(tea.KeyMsg); !ok || got.String() != "r" {
		t.Fatalf("the filter changed the key into %v", got)
	}
	waitUntil(t, "the header to say connected", func() bool { return c.last().State == ui.ConnConnected })
	if c.logins() != before+1 {
		t.Errorf("%d logins after r, want 1", c.logins()-before)
	}
	if _, err := c.client.SessionInfo(t.Context()); err != nil {
		t.Fatalf("call after recovery: %v", err)
	}
}

// `r` typed into the command line (or a filter, a form) is text: it does
// not start a login.
func TestRefreshKeyInAnInputIsText(t *testing.T) {
	c := startRefusedConsole(t)
	_ = c.s.Authenticate(t.Context())
	common := ui.NewCommon(nil, ui.DefaultKeyMap(), true)
	root := ui.New(common, users.New(common, tab.Deps{Pod: c.client, Names: tab.NewNames()}))
	root.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	root.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{':'}})
	if !root.CapturesKeys() {
		t.Fatal("the command line did not open")
	}
	before := c.logins()
	filter := retryLoginOnRefresh(c.s, common.Keys.Action.Refresh)
	filter(root, refreshKey())
	// The program's model is the root inside the console's Screen.
	filter(ui.NewScreen(root, nil), refreshKey())
	if c.s.State().Phase != session.Failed || c.logins() != before {
		t.Fatalf("r in the command line started a login (phase %v)", c.s.State().Phase)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// When the pod answers again after an outage, the watch says so once: the
// presence tracker, backed off meanwhile, polls at once instead of minutes
// later. Calls that succeed in a row do not call it again.
func TestConnWatchSaysOnceWhenThePodIsBack(t *testing.T) {
	emu, path := startEmulator(t, emulator.Options{Users: 20, Rooms: 2})
	cfg, _, err := session.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	w := newConnWatch(s)
	var back atomic.Int32
	w.recovered = func() { back.Add(1) }
	client := pod.New(s, pod.Options{Observer: w.observe, Retry: &pod.RetryPolicy{MaxAttempts: 1}})
	if _, err := client.SessionInfo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := back.Load(); n != 0 {
		t.Fatalf("the first answer was taken for a recovery %d times", n)
	}
	emu.SetFaults(emulator.Faults{ErrorRate: 1})
	if _, err := client.SessionInfo(t.Context()); err == nil {
		t.Fatal("a call answered 5xx succeeded")
	}
	emu.SetFaults(emulator.Faults{})
	for range 3 {
		if _, err := client.SessionInfo(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := back.Load(); n != 1 {
		t.Fatalf("the pod came back once; recovered ran %d times", n)
	}
}
