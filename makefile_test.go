package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// `make build` (and so `make demo` and `make emulator`) works where the C
// compiler Go would use for cgo is missing, as `make test` does: the
// binary needs no cgo.
func TestMakeBuildNeedsNoCCompiler(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make here")
	}
	bin := filepath.Join(t.TempDir(), "symtui")
	build := exec.Command("make", "build", "BIN="+bin)
	build.Env = append(build.Environ(), "CC=/nonexistent", "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CC=/nonexistent make build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(out), "symtui ") {
		t.Fatalf("the binary: %v %q", err, out)
	}
	dry := exec.Command("make", "-n", "demo")
	dry.Env = append(dry.Environ(), "CC=/nonexistent", "CGO_ENABLED=1")
	if out, err := dry.CombinedOutput(); err != nil || !strings.Contains(string(out), "CGO_ENABLED=0 go build") {
		t.Errorf("make -n demo without a C compiler: %v\n%s", err, out)
	}
}
