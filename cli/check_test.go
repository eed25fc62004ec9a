package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"symtui/pod/emulator"
)

func TestCheckPasses(t *testing.T) {
	for _, tls := range []bool{false, true} {
		_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5, TLS: tls})
		code, out, errOut := runCmd(t, Check, "--config", cfg)
		if code != ExitOK {
			t.Fatalf("tls=%v: exit %d\nstdout:\n%s\nstderr:\n%s", tls, code, out, errOut)
		}
		if !strings.Contains(out, "symtui-bot") {
			t.Errorf("tls=%v: the checklist does not name the bot:\n%s", tls, out)
		}
	}
}

func TestCheckRefusedKeyIsOneLine(t *testing.T) {
	for _, tls := range []bool{false, true} {
		_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5, TLS: tls})
		// Point the config at a key the pod does not know.
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		der, _ := x509.MarshalPKCS8PrivateKey(key)
		other := filepath.Join(t.TempDir(), "other.pem")
		if err := os.WriteFile(other, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(cfg)
		orig := filepath.Join(filepath.Dir(cfg), "bot-privatekey.pem")
		if err := os.WriteFile(cfg, []byte(strings.ReplaceAll(string(data), orig, other)), 0o600); err != nil {
			t.Fatal(err)
		}

		code, _, errOut := runCmd(t, Check, "--config", cfg)
		if code == ExitOK {
			t.Fatalf("tls=%v: check passed with a key the pod does not know", tls)
		}
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "refused") {
			t.Errorf("tls=%v: want one line saying authentication was refused, got:\n%s", tls, errOut)
		}
		if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "PRIVATE KEY") {
			t.Errorf("tls=%v: stderr leaks a trace or key material:\n%s", tls, errOut)
		}
	}
}

// The emulator's clock is ours, so the skew check passes, and it is
// measured (the pod's Date header reached it).
func TestCheckMeasuresClockSkew(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5})
	code, out, errOut := runCmd(t, Check, "--config", cfg)
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var clock string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " clock ") {
			clock = line
		}
	}
	if !strings.HasPrefix(clock, "ok ") || !strings.Contains(clock, "skew") {
		t.Errorf("want an ok clock line with the measured skew, got %q in:\n%s", clock, out)
	}
}

// A config value that would drive the terminal is refused where it is
// read, naming the key, the file and the line, and it never reaches the
// terminal: not in check's lines, not in a get's error. With https the
// URL it makes is invalid: that fails at once, not after the retries.
func TestHostileConfigValueIsRefusedAtLoad(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 5, Rooms: 1})
	data, _ := os.ReadFile(cfg)
	for _, scheme := range []string{"http", "https"} {
		text := strings.Replace(string(data), `host: "127.0.0.1"`, `host: "${SYMTUI_TEST_HOST}"`, 1)
		text = strings.Replace(text, "scheme: http\n", "scheme: "+scheme+"\n", 1)
		hostile := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(hostile, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("SYMTUI_TEST_HOST", "127.0.0.1\x1b]0;PWN\x07")
		line := strconv.Itoa(1 + strings.Count(text[:strings.Index(text, "host:")], "\n"))
		want := "FAIL  config       " + hostile + ": host: contains the control character U+001B (ESC) at character 10 after ${…} was expanded; remove it (line " + line + ")\n"
		code, out, errOut := runCmd(t, Check, "--config", hostile)
		if code != ExitUsage || errOut != want || out != "" {
			t.Errorf("%s: check: exit %d\nstdout %q\nstderr %q\nwant %q", scheme, code, out, errOut, want)
		}
		code, out, errOut = runCmd(t, Get, "users", "--config", hostile)
		if code != ExitUsage || !strings.Contains(errOut, ": host: contains the control character U+001B (ESC)") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: get users: exit %d\nstdout %q\nstderr %q", scheme, code, out, errOut)
		}
		for _, s := range []string{out, errOut} {
			if strings.ContainsAny(s, "\x1b\x07") {
				t.Errorf("%s: a control character reached the terminal: %q", scheme, s)
			}
		}
	}
}

// The config file's name is the operator's, and may hold anything: check
// prints it inert.
func TestCheckPrintsTheConfigPathInert(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 5, Rooms: 1})
	data, _ := os.ReadFile(cfg)
	hostile := filepath.Join(filepath.Dir(cfg), "a\x1b]0;PWN\x07\u202e.yaml")
	if err := os.WriteFile(hostile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, Check, "--config", hostile)
	if code != ExitOK || !strings.Contains(out, "ok    config       "+filepath.Dir(cfg)+"/a.yaml\n") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	if strings.ContainsAny(out+errOut, "\x1b\x07\u202e") {
		t.Errorf("an unsafe character reached the terminal: %q", out+errOut)
	}
}

// A config error on check's "config" line says "config" once.
func TestCheckConfigFailureSaysConfigOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "att0.yaml")
	if err := os.WriteFile(path, []byte("host: h\nretry:\n  maxAttempts: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, Check, "--config", path)
	want := "FAIL  config       " + path + ": retry.maxAttempts: must be at least 1, or -1 for unlimited (line 3)\n"
	if code != ExitUsage || errOut != want {
		t.Errorf("exit %d, stderr %q; want %q", code, errOut, want)
	}
}

// check finds the pod as every command does: the settings' default
// context without a flag, --context by name, and a context's broken
// config blamed on the settings line that names it.
func TestCheckReadsTheContexts(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5})
	path := writeSettings(t, "context: main\ncontexts:\n  - name: main\n    config: "+cfg+"\n  - name: broken\n    config: /nonexistent.yaml\n")
	for _, args := range [][]string{nil, {"--context", "main"}} {
		code, out, errOut := runCmd(t, Check, args...)
		if code != ExitOK || !strings.Contains(out, "context") || !strings.Contains(out, cfg) {
			t.Fatalf("%q: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
		}
	}
	code, _, errOut := runCmd(t, Check, "--context", "broken")
	want := path + `:5: context "broken": `
	if code != ExitUsage || !strings.Contains(errOut, want) || !strings.Contains(errOut, "/nonexistent.yaml") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want one line with %q", code, errOut, want)
	}
	if code, _, errOut := runCmd(t, Check, "--context", "main", "--config", cfg); code != ExitUsage || !strings.Contains(errOut, "give one") {
		t.Errorf("--context with --config: exit %d, stderr %q", code, errOut)
	}
}
