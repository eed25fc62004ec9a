package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

// pod starts an emulator and writes its BDK config; it returns the config path.
func startPod(t *testing.T, opts emulator.Options) (*emulator.Emulator, string) {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { emu.Close() })
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatalf("write config: %v", err)
	}
	return emu, filepath.Join(dir, "config.yaml")
}

// runCmd runs a subcommand in-process and returns its exit code and output.
func runCmd(t *testing.T, cmd func([]string, Env) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd(args, Env{Stdout: &out, Stderr: &errOut, Version: "test"})
	return code, out.String(), errOut.String()
}

// adminClient is a client of the pod behind cfg that may change it, to set
// up what a read-only get command then lists.
func adminClient(t *testing.T, cfg string) *pod.Client {
	t.Helper()
	c, _, err := session.LoadConfig(cfg)
	if err != nil {
		t.Fatalf("load config: %v", err)
	}
	s, err := session.New(c, session.Options{Version: "test"})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	return pod.New(s, pod.Options{})
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// csvRows runs a get command with -o csv and parses its output.
func csvRows(t *testing.T, args ...string) [][]string {
	t.Helper()
	code, out, errOut := runCmd(t, Get, append(args, "-o", "csv")...)
	if code != ExitOK {
		t.Fatalf("get %v: exit %d, stderr %q", args, code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("get %v: csv %v (%d rows)", args, err, len(rows))
	}
	return rows
}

// column is the index of header in a CSV header row.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no %s column in %q", name, header)
	}
	return i
}
