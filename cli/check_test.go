package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
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
