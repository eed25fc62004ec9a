package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"symtui/pod/emulator"
)

func TestSplitArgsKeepsDashIDsPositional(t *testing.T) {
	g := newGetCommand("room", Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
	flags, pos := splitArgs(g.fs, []string{"-4b1bpi-L266BcX", "--config", "c.yaml", "-o=json", "--lines"}, true)
	if strings.Join(pos, " ") != "-4b1bpi-L266BcX" || strings.Join(flags, " ") != "--config c.yaml -o=json --lines" {
		t.Errorf("flags %q, positional %q", flags, pos)
	}
	flags, pos = splitArgs(g.fs, []string{"--bogus"}, false)
	if len(flags) != 1 || len(pos) != 0 {
		t.Errorf("without positional arguments an unknown flag stays a flag: flags %q, positional %q", flags, pos)
	}
}

func TestGetRoomWithIDStartingWithDash(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 3})
	code, _, errOut := runCmd(t, Get, "room", "-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--config", cfg)
	// The id reaches the pod (which knows no such room): a pod error, not a flag error.
	if code != ExitPod || strings.Contains(errOut, "flag provided but not defined") {
		t.Errorf("exit %d, stderr %q; want the pod's answer about that room", code, errOut)
	}
}

func TestGetErrorsAreOneLineWithOnePrefix(t *testing.T) {
	for _, args := range [][]string{
		{"user", "nobody@example.com", "--config", "/nonexistent/config.yaml"},
		{"users", "--bogus"},
		{"audit", "--since", "soon"},
		{"users", "-o"},
	} {
		code, _, errOut := runCmd(t, Get, args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != ExitUsage || len(lines) != 1 || strings.Count(errOut, "symtui") > 2 || !strings.HasPrefix(errOut, "symtui get ") || strings.HasPrefix(errOut, "symtui symtui") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line starting with one 'symtui get'", args, code, errOut)
		}
	}
}

func TestDaysDuration(t *testing.T) {
	var d time.Duration
	v := daysDuration{&d}
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "1d12h": 36 * time.Hour, "90m": 90 * time.Minute} {
		if err := v.Set(in); err != nil || d != want {
			t.Errorf("%q = %v, %v; want %v", in, d, err, want)
		}
	}
	for _, bad := range []string{"xd", "7dd", "soon", "d"} {
		if err := v.Set(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTableAlignsWideCharacters(t *testing.T) {
	var buf bytes.Buffer
	l := listing{headers: []string{"NAME", "EMAIL"}}
	l.add(nil, "王小明 🚀", "wang@example.com")
	l.add(nil, "Ann", "ann@example.com")
	if err := (printer{w: &buf, f: formatTable}).print(l); err != nil {
		t.Fatal(err)
	}
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		i := strings.Index(line, "@")
		if i < 0 {
			i = strings.Index(line, "EMAIL")
		} else {
			i = strings.LastIndex(line[:i], " ") + 1
		}
		at := ansi.StringWidth(line[:i])
		if col >= 0 && at != col {
			t.Fatalf("EMAIL column starts at cell %d and at %d:\n%s", col, at, buf.String())
		}
		col = at
	}
}

// --since is bounded: a value that would wrap around, a negative one and
// zero are each refused with the flag, the value and the reason, never
// read as "missing" nor as a window of 25 minutes.
func TestGetAuditSinceBounds(t *testing.T) {
	const tooLong = "at most 3650d (10 years)"
	for in, reason := range map[string]string{
		"213504d":        tooLong,
		"106752d":        tooLong,
		"3651d":          tooLong,
		"99999999999d":   tooLong,
		"9999999999999h": tooLong,
		"87601h":         tooLong,
		"3650d1h":        tooLong,
		"-5d":            "must be positive: how far back to look, such as 24h or 7d",
		"-1h":            "must be positive: how far back to look, such as 24h or 7d",
		"1d-5h":          "must be positive: how far back to look, such as 24h or 7d",
		"0":              "must be more than 0, such as 24h or 7d",
		"0d":             "must be more than 0, such as 24h or 7d",
	} {
		code, out, errOut := runCmd(t, Get, "audit", "--since", in)
		want := `symtui get audit: invalid value "` + in + `" for flag -since: ` + reason + " (see symtui get audit --help)\n"
		if code != ExitUsage || errOut != want || out != "" {
			t.Errorf("--since %s: exit %d, stderr %q; want %q", in, code, errOut, want)
		}
	}
	var d time.Duration
	if err := (daysDuration{&d}).Set("3650d"); err != nil || d != 3650*24*time.Hour {
		t.Errorf("3650d: %v, %v", d, err)
	}
}

// Only shared flags and no kind: the error says the kind is missing.
func TestGetWithoutAKindSaysItIsMissing(t *testing.T) {
	for _, args := range [][]string{{"--config", "x"}, {"--context", "prod", "-o", "json"}, {"--lines"}} {
		code, out, errOut := runCmd(t, Get, args...)
		if code != ExitUsage || out != "" || !strings.HasPrefix(errOut, "symtui get: missing KIND (users, user,") || strings.Contains(errOut, "unknown kind") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	if code, _, errOut := runCmd(t, Get, "--bogus"); code != ExitUsage || !strings.HasPrefix(errOut, `symtui get: unknown kind "--bogus"`) {
		t.Errorf("--bogus: exit %d, stderr %q", code, errOut)
	}
}

// --lines is JSON lines: with another format it is a usage error, not
// silently ignored.
func TestGetLinesGoesWithJSONOnly(t *testing.T) {
	for _, o := range []string{"table", "csv", "yaml"} {
		code, out, errOut := runCmd(t, Get, "users", "--lines", "-o", o, "--config", "/nonexistent/config.yaml")
		want := "symtui get users: --lines prints JSON lines: it goes with -o json, not -o " + o + "\n"
		if code != ExitUsage || out != "" || errOut != want {
			t.Errorf("-o %s --lines: exit %d, stderr %q; want %q", o, code, errOut, want)
		}
	}
	if code, _, errOut := runCmd(t, Get, "users", "--lines", "--config", "/nonexistent/config.yaml"); code != ExitUsage || !strings.Contains(errOut, "not -o table") {
		t.Errorf("--lines with the default table: exit %d, stderr %q", code, errOut)
	}
}

// Help is output asked for: every command prints it to stdout and exits 0.
func TestHelpGoesToStdout(t *testing.T) {
	for name, cmd := range map[string]func([]string, Env) int{"check": Check, "emulator": Emulator, "get": Get} {
		code, out, errOut := runCmd(t, cmd, "--help")
		if code != ExitOK || errOut != "" || !strings.HasPrefix(out, "usage") {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", name, code, firstLine(out), errOut)
		}
	}
	_, out, _ := runCmd(t, Get, "presence", "--help")
	if !strings.Contains(out, "how often everyone's presence is reloaded, to catch changes the feed lost (0: never)") || strings.Contains(out, "lost, duration") {
		t.Errorf("get presence --help, -reconcile:\n%s", out)
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
