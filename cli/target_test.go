package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
	"symtui/settings"
)

// writeSettings writes the settings file under a fresh $HOME and returns
// its path.
func writeSettings(t *testing.T, yaml string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, settings.FileRel)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// `get --context NAME` reads the pod of that context; without a flag, the
// settings' default context; --config still works, and says which.
func TestGetContext(t *testing.T) {
	_, alpha := startPod(t, emulator.Options{Users: 30, Rooms: 3, Seed: 1})
	_, beta := startPod(t, emulator.Options{Users: 50, Rooms: 3, Seed: 2})
	writeSettings(t, fmt.Sprintf("context: alpha\ncontexts:\n  - name: alpha\n    config: %s\n  - name: beta\n    config: %s\n    color: red\n", alpha, beta))

	byConfig := map[string]string{}
	for name, cfg := range map[string]string{"alpha": alpha, "beta": beta} {
		code, out, errOut := runCmd(t, Get, "users", "--config", cfg, "-o", "csv")
		if code != ExitOK {
			t.Fatalf("get users --config %s: exit %d: %s", name, code, errOut)
		}
		byConfig[name] = out
	}
	if byConfig["alpha"] == byConfig["beta"] {
		t.Fatal("the two pods list the same users")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "--context", "beta", "-o", "csv"}, "beta"},
		{[]string{"--context", "alpha", "users", "-o", "csv"}, "alpha"},
		{[]string{"users", "-o", "csv"}, "alpha"}, // the default context
	} {
		code, out, errOut := runCmd(t, Get, c.args...)
		if code != ExitOK || out != byConfig[c.want] {
			t.Errorf("get %v: exit %d (%s), listed %s's users: %v", c.args, code, errOut, c.want, out == byConfig[c.want])
		}
	}
}

// A context that cannot be used fails at once with exit 2 and one line
// naming what and where.
func TestGetContextErrors(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 10, Rooms: 1})
	path := writeSettings(t, fmt.Sprintf("contexts:\n  - name: a\n    config: %s\n  - name: obo\n    config: %s\n    asUser: ana.lopez\n", cfg, cfg))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "--context", "nope"}, `symtui get users: --context: no context "nope" in ` + path + ` (contexts: a, obo)`},
		{[]string{"users", "--context", "a", "--config", cfg}, "symtui get users: --context and --config both name a pod: give one"},
		// The context's asUser acts on behalf of the user: listing everyone needs an administrator.
		{[]string{"users", "--context", "obo"}, "symtui get users: listing every user needs an administrator"},
	} {
		code, out, errOut := runCmd(t, Get, c.args...)
		if code == ExitOK || out != "" || !strings.HasPrefix(strings.TrimSpace(errOut), c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("get %v: exit %d, stdout %q, stderr %q; want a failure and one line starting %q", c.args, code, out, errOut, c.want)
		}
	}

	// A broken settings file stops every get, with the file and the line:
	// its default context might have named another pod.
	path = writeSettings(t, "contexts:\n  - name: a\n    config: x.yaml\n    color: chartreuse\n")
	code, _, errOut := runCmd(t, Get, "users", "--config", cfg)
	if want := "symtui get users: " + path + `:4: color: unknown colour "chartreuse"`; code != ExitUsage || !strings.HasPrefix(errOut, want) {
		t.Errorf("broken settings: exit %d, stderr %q, want it to start with %q", code, errOut, want)
	}
}

// OpenSession is the one way a command builds a session for a target: a
// context's config, and its asUser as a login on behalf of that user.
func TestOpenSession(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 10, Rooms: 1})
	env := Env{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Version: "test"}
	s, c, err := OpenSession(Target{Context: "a", Config: cfg}, session.Options{Version: "test"}, env)
	if err != nil || c.Path != cfg {
		t.Fatalf("OpenSession: %v (config %v)", err, c)
	}
	if err := s.Authenticate(testContext(t)); err != nil {
		t.Fatalf("login: %v", err)
	}
	if _, ok := s.OnBehalf(); ok {
		t.Error("a context without asUser logs in on behalf of someone")
	}
	users, err := pod.New(s, pod.Options{}).ListUsers(testContext(t), 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	var username string
	for _, u := range users {
		if u.UserAttributes.AccountType == "NORMAL" {
			username = u.UserAttributes.UserName
			break
		}
	}
	s, _, err = OpenSession(Target{Context: "b", Config: cfg, AsUser: username}, session.Options{Version: "test"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Authenticate(testContext(t)); err != nil {
		t.Fatalf("login on behalf of %s: %v", username, err)
	}
	if _, ok := s.OnBehalf(); !ok || emu.Stats().Routes["POST /login/pubkey/app/username/{username}/authenticate"].Requests != 1 {
		t.Errorf("asUser %s did not log in on behalf of the user", username)
	}
	if _, _, err := OpenSession(Target{Context: "c", Config: cfg, AsUser: "0"}, session.Options{}, env); err == nil || !strings.HasPrefix(err.Error(), `context "c": `) {
		t.Errorf("asUser 0: %v", err)
	}
}
