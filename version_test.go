package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func fixedInfo(version string, settings ...string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "symtui", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi, true
	}
}

func TestVersionLine(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		ld   string
		info func() (*debug.BuildInfo, bool)
		want string
	}{
		{"v1.2.0", fixedInfo("(devel)", "vcs.revision", rev), "symtui v1.2.0"}, // the Makefile's ldflags win
		{"dev", fixedInfo("v1.3.0"), "symtui v1.3.0 (go1.26.8)"},               // go install symtui@v1.3.0
		{"dev", fixedInfo("(devel)", "vcs.revision", rev, "vcs.time", "2026-03-01T10:00:00Z", "vcs.modified", "true"),
			"symtui devel (revision 0123456789ab, 2026-03-01T10:00:00Z, modified, go1.26.8)"},
		{"dev", fixedInfo("(devel)", "vcs.revision", rev, "vcs.modified", "false"), "symtui devel (revision 0123456789ab, go1.26.8)"},
		{"dev", func() (*debug.BuildInfo, bool) { return nil, false }, "symtui dev (no build information)"},
	}
	for _, c := range cases {
		if got := versionLine(c.ld, c.info); got != c.want {
			t.Errorf("versionLine(%q) = %q, want %q", c.ld, got, c.want)
		}
	}
	if got := userAgentVersion("dev", fixedInfo("v1.3.0")); got != "v1.3.0" {
		t.Errorf("userAgentVersion = %q", got)
	}
}

// A plain `go build` (no ldflags) reports what Go stamped into the binary:
// the module version and, from a git checkout, the revision it was built
// from.
func TestVersionOfAPlainBuild(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "symtui")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	build.Env = append(build.Environ(), "GOFLAGS=") // an inherited -buildvcs=false would hide the revision
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(string(out))
	stamped, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	mod := regexp.MustCompile(`(?m)^\s*mod\s+symtui\s+(\S+)`).FindSubmatch(stamped)
	if mod == nil {
		t.Fatalf("go version -m names no main module:\n%s", stamped)
	}
	want := strings.Replace(string(mod[1]), "(devel)", "devel", 1)
	if !strings.HasPrefix(got, "symtui "+want+" ") {
		t.Errorf("version = %q, want the module version %s", got, want)
	}
	m := regexp.MustCompile(`vcs\.revision=([0-9a-f]{40})`).FindSubmatch(stamped)
	if m == nil {
		t.Logf("Go stamped no VCS revision in this checkout; version says %q", got)
		return
	}
	if !strings.Contains(got, "revision "+string(m[1][:12])) {
		t.Errorf("version = %q; the binary was built from revision %s", got, m[1])
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err == nil && strings.TrimSpace(string(head)) != string(m[1]) {
		t.Errorf("the stamped revision %s is not HEAD %s", m[1], head)
	}
}
