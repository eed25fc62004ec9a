package cli

import (
	"bytes"
	"path/filepath"
	"testing"

	"symtui/pod/emulator"
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
