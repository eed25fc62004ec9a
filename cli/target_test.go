package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		{[]string{"users", "--context", "obo"}, `symtui get users: context "obo": asUser (acting on behalf of "ana.lopez") is not supported yet`},
	} {
		code, out, errOut := runCmd(t, Get, c.args...)
		if code != ExitUsage || out != "" || strings.TrimSpace(errOut) != c.want {
			t.Errorf("get %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
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
// context's config, and its asUser refused until on-behalf-of is wired.
func TestOpenSession(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 10, Rooms: 1})
	env := Env{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Version: "test"}
	s, c, err := OpenSession(Target{Context: "a", Config: cfg}, session.Options{Version: "test"}, env)
	if err != nil || c.Path != cfg {
		t.Fatalf("OpenSession: %v (config %v)", err, c)
	}
	if err := s.Authenticate(testContext(t)); err != nil {
		t.Fatalf("login: %v", err)
	}
	if _, _, err := OpenSession(Target{Context: "b", Config: cfg, AsUser: "ana"}, session.Options{}, env); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("asUser: %v", err)
	}
}
