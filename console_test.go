package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
	"symtui/settings"
	"symtui/ui"
	"symtui/views/tab"
)

func TestClassifyAttempt(t *testing.T) {
	cases := []struct {
		ri   pod.RequestInfo
		want ui.ConnState
	}{
		{pod.RequestInfo{Status: 200}, ui.ConnConnected},
		{pod.RequestInfo{Status: 404}, ui.ConnConnected}, // the pod answered
		{pod.RequestInfo{Status: 429}, ui.ConnRetrying},
		{pod.RequestInfo{Status: 503}, ui.ConnRetrying},
		{pod.RequestInfo{Err: errors.New("connection refused")}, ui.ConnOffline},
		// The pod was reached and the answer lost: retried or checked, not offline.
		{pod.RequestInfo{Method: "POST", Route: "/pod/v3/room/create", Err: errors.New("EOF"), Unanswered: true}, ui.ConnRetrying},
	}
	for _, c := range cases {
		got, err := classify(c.ri)
		if got != c.want {
			t.Errorf("classify(%+v) = %v, want %v", c.ri, got, c.want)
		}
		if (got == ui.ConnConnected) != (err == nil) {
			t.Errorf("classify(%+v): err = %v; want an error exactly when not connected", c.ri, err)
		}
	}
}

func TestConsoleFlags(t *testing.T) {
	var stderr bytes.Buffer
	env := cli.Env{Stdout: &bytes.Buffer{}, Stderr: &stderr}
	o, _, ok := parseConsoleFlags([]string{"--read-only", "--config", "x.yaml", "--presence-interval", "2s", "--presence-reconcile", "30m"}, env)
	if !ok || !o.readOnly || o.configPath != "x.yaml" || o.interval != 2*time.Second || o.reconcile != 30*time.Minute {
		t.Errorf("parsed %+v ok=%v", o, ok)
	}
	if o, _, ok := parseConsoleFlags([]string{"--context", "prod", "--no-mouse"}, env); !ok || o.context != "prod" || !o.noMouse {
		t.Errorf("parsed %+v ok=%v", o, ok)
	}
	if o, _, ok := parseConsoleFlags(nil, env); !ok || o.reconcile != 10*time.Minute {
		t.Errorf("default reconcile period %v; want 10m", o.reconcile)
	}
	if _, _, ok := parseConsoleFlags([]string{"--presence-interval", "20m"}, env); !ok {
		t.Errorf("--presence-interval 20m refused: the default reconcile period must follow it (%s)", stderr.String())
	}
	if o, _, ok := parseConsoleFlags([]string{"--presence-reconcile", "0"}, env); !ok || o.reconcile != 0 {
		t.Errorf("--presence-reconcile 0: %+v ok=%v; want never", o, ok)
	}
	if o, _, ok := parseConsoleFlags(nil, env); !ok || o.workers != 4 {
		t.Errorf("default bulk workers %d; want 4", o.workers)
	}
	if o, _, ok := parseConsoleFlags([]string{"--bulk-workers", "16"}, env); !ok || o.workers != 16 {
		t.Errorf("--bulk-workers 16: %+v ok=%v", o, ok)
	}
	for _, bad := range [][]string{
		{"--demo", "--config", "x.yaml"},
		{"--demo", "--context", "prod"},
		{"--context", "prod", "--config", "x.yaml"},
		{"--presence-interval", "10ms"},
		{"--presence-interval", "10s", "--presence-reconcile", "5s"},
		{"--presence-reconcile", "-1m"},
		{"--bulk-workers", "0"},
		{"--bulk-workers", "17"},
		{"stray"},
		{"--nope"},
	} {
		stderr.Reset()
		if _, code, ok := parseConsoleFlags(bad, env); ok || code != cli.ExitUsage {
			t.Errorf("%q: ok=%v code=%d, want a usage error", bad, ok, code)
		}
		if stderr.Len() == 0 {
			t.Errorf("%q: no message on stderr", bad)
		}
	}
}

// The flags are checked before the terminal: a script that runs the console
// by mistake with a bad --as-user hears about the flag (tests have no tty).
func TestConsoleChecksAsUserBeforeTheTerminal(t *testing.T) {
	_, path := startEmulator(t, emulator.Options{Users: 20, Rooms: 2})
	for value, want := range map[string]string{
		"":    `symtui: --as-user "": empty: give a user id or a username`,
		"a b": `symtui: --as-user "a b": a user id or a username has no spaces`,
		"x":   "symtui: the console needs a terminal",
	} {
		var stderr bytes.Buffer
		code := runConsole([]string{"--as-user", value, "--config", path}, cli.Env{Stdout: io.Discard, Stderr: &stderr})
		if code != cli.ExitUsage || !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("--as-user %q: exit %d, stderr %q, want %q", value, code, stderr.String(), want)
		}
	}
}

// --context or --config given blank is a usage error, not the default pod.
func TestConsoleRefusesBlankPodFlags(t *testing.T) {
	for _, args := range [][]string{{"--context", ""}, {"--config="}} {
		var stderr bytes.Buffer
		code := runConsole(args, cli.Env{Stdout: io.Discard, Stderr: &stderr})
		if code != cli.ExitUsage || !strings.Contains(stderr.String(), `"": empty`) {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

// A broken context is named before the missing terminal: the operator
// fixes the settings line first.
func TestConsoleNamesABrokenContextBeforeTheTerminal(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	path := filepath.Join(home, settings.FileRel)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("contexts:\n  - name: broken\n    config: /nonexistent.yaml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code := runConsole([]string{"--context", "broken"}, cli.Env{Stdout: io.Discard, Stderr: &stderr})
	want := path + `:2: context "broken": config /nonexistent.yaml`
	if code != cli.ExitUsage || !strings.Contains(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit %d, stderr %q, want one line with %q", code, stderr.String(), want)
	}
}

// The header's identity and the views' "who am I" share one sessioninfo
// request.
func TestSessionIdentitySharesTheViewsSessionInfo(t *testing.T) {
	emu, path := startEmulator(t, emulator.Options{Users: 20, Rooms: 2})
	cfg, _, err := session.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	client := pod.New(s, pod.Options{ReadOnly: true})
	names := tab.NewNames()

	msg, ok := sessionIdentity(client, names, s)
	if !ok || !strings.Contains(msg.Identity, "symtui-bot") {
		t.Fatalf("identity = %q, %v; want the bot's name", msg.Identity, ok)
	}
	if _, err := names.Self(t.Context(), client); err != nil { // what a view asks
		t.Fatal(err)
	}
	if got := emu.Stats().Routes["GET /pod/v2/sessioninfo"].Requests; got != 1 {
		t.Errorf("sessioninfo requests = %d, want 1", got)
	}
}

// On behalf of a user, the console logs in through the app and its header
// names the user and the app.
func TestConsoleSessionAsUser(t *testing.T) {
	emu, path := startEmulator(t, emulator.Options{Users: 40, Rooms: 2})
	username, display := normalUser(t, path)
	o, _, ok := parseConsoleFlags([]string{"--config", path, "--as-user", username}, cli.Env{Stdout: io.Discard, Stderr: io.Discard})
	if !ok || o.asUser != username {
		t.Fatalf("--as-user parsed as %+v", o)
	}
	b := testBuilder(settings.Empty(""), false)
	st, err := b.build(cli.Target{Config: path, AsUser: o.asUser}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer st.session.Close()
	msg, ok := sessionIdentity(st.client, tab.NewNames(), st.session)
	want := display + " (" + username + ") via app " + emulator.AppID
	if !ok || msg.Identity != want {
		t.Fatalf("header identity %q, want %q", msg.Identity, want)
	}
	if !st.client.Access().OnBehalf() || st.common.Access == nil {
		t.Fatal("the console's client does not know it acts on behalf of a user")
	}
	if got := emu.Stats().Routes["POST /login/pubkey/app/username/{username}/authenticate"].Requests; got != 1 {
		t.Errorf("logins on behalf of the user: %d, want 1", got)
	}

	if _, err := b.build(cli.Target{Config: path, AsUser: "0"}, io.Discard); err == nil || !strings.Contains(err.Error(), "--as-user") {
		t.Errorf("--as-user 0: %v", err)
	}
	// A config without its app section cannot log in on behalf of anyone.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	noApp := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(noApp, data[:bytes.Index(data, []byte("app:"))], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := b.build(cli.Target{Config: noApp, AsUser: "ana"}, io.Discard); err == nil || !strings.Contains(err.Error(), "app.appId") || !strings.Contains(err.Error(), noApp) {
		t.Errorf("without an app section: %v", err)
	}
}

// The console's startup errors quote the config (its file name, its
// values) and the pod: they reach the terminal inert.
func TestStartupErrorsAreInert(t *testing.T) {
	b := &stackBuilder{version: "test"}
	_, err := b.build(cli.Target{Config: filepath.Join(t.TempDir(), "a\x1b]0;PWN\x07\u202e.yaml")}, io.Discard)
	if err == nil {
		t.Fatal("a missing config file opened")
	}
	if line := oneLineErr(err); strings.ContainsAny(line, "\x1b\x07\u202e") || !strings.Contains(line, "a.yaml: cannot read the file") {
		t.Errorf("startup error %q", line)
	}
}
