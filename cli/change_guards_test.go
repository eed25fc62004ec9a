package cli

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// runWithStdin runs a subcommand in-process with stdin as its standard input.
func runWithStdin(t *testing.T, cmd func([]string, Env) int, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd(args, Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(stdin), Version: "test"})
	return code, out.String(), errOut.String()
}

// A list that names no active user (empty, comments only, only unknown or
// disabled users) would remove every member: it is refused, in one line
// that names where it came from, and nothing is sent that changes the pod.
// --allow-empty says emptying the room is meant.
func TestMembersSetRefusesAListThatNamesNoOne(t *testing.T) {
	r := newMemberRig(t)
	room := r.room("Keep", []int64{r.uid(0), r.uid(1), r.uid(2)}, nil)
	before := r.members(room)
	empty, comments := r.list(), r.list("# the export failed", "")
	unknown := r.list("nobody.at.all", "nobody@nowhere.example.com", "999999999")
	gone := r.users[9]
	if err := r.admin.UpdateUserStatus(testContext(t), gone.ID, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	disabled := r.list(gone.Username, "ghost.user")
	for _, c := range []struct {
		name, stdin, want string
		args              []string
	}{
		{"empty stdin", "", "--from (standard input) lists no one: nothing changed", []string{"--from", "-"}},
		{"empty file", "", "--from " + empty + " lists no one: nothing changed", []string{"--from", empty}},
		{"comments only", "", "--from " + comments + " lists no one", []string{"--from", comments}},
		{"unknown users", "", "--from " + unknown + " names no active user of the pod (3 entries: 3 unknown, 0 disabled): nothing changed", []string{"--from", unknown}},
		{"disabled and unknown", "", "--from " + disabled + " names no active user of the pod (2 entries: 1 unknown, 1 disabled)", []string{"--from", disabled}},
		{"unknown users on stdin", "ghost.one\nghost.two\n", "--from (standard input) names no active user", []string{"--from", "-"}},
	} {
		r.emu.ResetStats()
		args := append([]string{"set", room, "--apply", "--config", r.cfg}, c.args...)
		code, out, errOut := runWithStdin(t, Members, c.stdin, args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "--allow-empty") {
			t.Errorf("%s: exit %d, stderr %q, want one line with %q", c.name, code, errOut, c.want)
		}
		if strings.Contains(out, "remov") {
			t.Errorf("%s: printed a plan that removes: %s", c.name, out)
		}
		if w := writes(r.emu.Stats()); len(w) > 0 {
			t.Errorf("%s: wrote %v", c.name, w)
		}
		if got := r.members(room); !maps.Equal(got, before) {
			t.Fatalf("%s: members %v, were %v", c.name, got, before)
		}
	}

	// Meant: the room is emptied but for the account (and its owners).
	code, out, errOut := runWithStdin(t, Members, "", "set", room, "--from", "-", "--allow-empty", "--apply", "--config", r.cfg)
	if got := r.members(room); code != ExitOK || !maps.Equal(got, map[int64]bool{r.bot: true}) {
		t.Fatalf("--allow-empty: exit %d, members %v\n%s%s", code, got, out, errOut)
	}
}

// offboard refuses the account it runs as at once: no room is read.
func TestOffboardRefusesTheAccountItselfBeforeReadingRooms(t *testing.T) {
	r := newMemberRig(t)
	for _, who := range []string{r.emu.Credentials.BotUsername, fmt.Sprint(r.bot)} {
		r.emu.ResetStats()
		code, out, errOut := runCmd(t, Offboard, who, "--dry-run", "--config", r.cfg)
		if code != ExitUsage || !strings.Contains(errOut, who+" is the account making the changes") || out != "" {
			t.Errorf("offboard %s: exit %d, stdout %q, stderr %q", who, code, out, errOut)
		}
		st := r.emu.Stats()
		for route, rs := range st.Routes {
			if strings.Contains(route, "/streams/list") || strings.Contains(route, "/members") {
				t.Errorf("offboard %s: read rooms: %s ×%d", who, route, rs.Requests)
			}
		}
	}
}

// An unknown flag, before or after the arguments, is named in one line;
// an empty argument is a usage error that reaches no pod.
func TestChangeCommandsUsage(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 30, Rooms: 3, Seed: 1})
	list := filepathIn(t, "list.txt", "alice@example.com\n")
	for _, c := range []struct {
		cmd  func([]string, Env) int
		args []string
		want string
	}{
		{Offboard, []string{"sandra.khan3", "--bogus"}, "offboard: flag provided but not defined: -bogus"},
		{Offboard, []string{"--bogus", "sandra.khan3"}, "offboard: flag provided but not defined: -bogus"},
		{Offboard, []string{"sandra.khan3", "-dry-runn"}, "flag provided but not defined: -dry-runn"},
		{Members, []string{"set", "X", "--from", list, "--bogus"}, "members set: flag provided but not defined: -bogus"},
		{Members, []string{"set", "X", "--from", list, "--bogus=1"}, "flag provided but not defined: -bogus"},
		{Get, []string{"room", "X", "--bogus"}, "get room: flag provided but not defined: -bogus"},
		{Offboard, []string{""}, "offboard: an empty argument names nothing: want USER"},
		{Offboard, []string{" ", "--dry-run"}, "an empty argument names nothing: want USER"},
		{Members, []string{"set", "", "--from", list}, "members set: an empty argument names nothing: want ROOM"},
		{Members, []string{"set", "X", "--from", list, "--owners", ""}, `members set: --owners "": empty: give a file`},
		{Members, []string{"set", "X", "--from", list, "--owners= "}, `members set: --owners " ": empty`},
		{Get, []string{"user", ""}, "get user: an empty argument names nothing"},
		{Get, []string{"members", ""}, "get members: an empty argument names nothing"},
		{Get, []string{"users", "--as-user", ""}, `get users: --as-user "": empty: give a user id or a username`},
		{Check, []string{"--as-user="}, `check: --as-user "": empty`},
		{Get, []string{"users", "--context", ""}, `get users: --context "": empty`},
		{Offboard, []string{"sandra.khan3", "--context="}, `offboard: --context "": empty`},
		{Members, []string{"set", "X", "--from", list, "--context", " "}, `members set: --context " ": empty`},
		{Check, []string{"--context", ""}, `check: --context "": empty`},
	} {
		emu.ResetStats()
		code, _, errOut := runCmd(t, c.cmd, append(c.args, "--config", cfg)...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q, want one line with %q", c.args, code, errOut, c.want)
		}
		if n := emu.Stats().Requests; n > 0 {
			t.Errorf("%q: %d requests reached the pod", c.args, n)
		}
	}
}

// A context marked readOnly shows the plan of offboard and of members set
// --apply, then says nothing was changed (exit 2); nothing is written.
func TestReadOnlyContextShowsThePlan(t *testing.T) {
	r := newMemberRig(t)
	_, rooms := r.leaver("ro.leaves")
	room := r.room("Read only", []int64{r.uid(0), r.uid(1)}, nil)
	writeSettings(t, fmt.Sprintf("contexts:\n  - name: prod\n    config: %s\n    readOnly: true\n", r.cfg))
	r.emu.ResetStats()

	code, out, errOut := runCmd(t, Offboard, "ro.leaves", "--context", "prod")
	if code != ExitUsage || !strings.Contains(out, rooms[1]) || !strings.Contains(out, `nothing was changed: context "prod" is read-only`) ||
		errOut != "symtui offboard: context \"prod\" is read-only: only the plan is shown; nothing was changed\n" {
		t.Errorf("offboard: exit %d\nstdout %s\nstderr %q", code, out, errOut)
	}
	code, out, errOut = runCmd(t, Members, "set", room, "--from", r.list(idLine(r.uid(0))), "--apply", "--context", "prod")
	if code != ExitUsage || !strings.Contains(out, "to remove (1)") || !strings.Contains(errOut, "read-only: only the plan is shown") {
		t.Errorf("members set --apply: exit %d\nstdout %s\nstderr %q", code, out, errOut)
	}
	code, _, errOut = runCmd(t, Members, "set", room, "--from", r.list(idLine(r.uid(0))), "--context", "prod")
	if code != ExitOK || errOut != "" {
		t.Errorf("members set (plan only): exit %d, stderr %q", code, errOut)
	}
	if w := writes(r.emu.Stats()); len(w) > 0 {
		t.Errorf("a read-only context wrote: %v", w)
	}
}

// The plan's header counts as the rest does: singular, thousands marked.
func TestMembersSetHeaderCounts(t *testing.T) {
	r := newMemberRig(t)
	room := r.room("Counted", []int64{r.uid(0), r.uid(1)}, nil)
	code, out, errOut := runCmd(t, Members, "set", room, "--from", r.list(idLine(r.uid(0))), "--config", r.cfg)
	if code != ExitOK || !strings.Contains(out, "· 3 members, 1 owner\n") {
		t.Errorf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for n, want := range map[int]string{0: "0 members", 1: "1 member", 5001: "5,001 members", 1234567: "1,234,567 members"} {
		if got := plural(n, "member"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
	if got := plural(2, "entry"); got != "2 entries" {
		t.Errorf("plural(2, entry) = %q", got)
	}
}

// filepathIn writes a file under a fresh directory and returns its path.
func filepathIn(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// get user takes a username as it takes an id or an email; a miss is still
// "not found".
func TestGetUserByUsername(t *testing.T) {
	r := newMemberRig(t)
	u := r.users[7]
	for _, who := range []string{u.Username, u.EmailAddress, idLine(u.ID)} {
		rows := csvRows(t, "user", who, "--config", r.cfg)
		if len(rows) != 2 || rows[1][column(t, rows[0], "ID")] != idLine(u.ID) || rows[1][column(t, rows[0], "USERNAME")] != u.Username {
			t.Errorf("get user %s: %q", who, rows)
		}
	}
	code, _, errOut := runCmd(t, Get, "user", "no.such.user", "--config", r.cfg)
	if code != ExitPod || errOut != "symtui get user: user no.such.user: not found\n" {
		t.Errorf("a miss: exit %d, stderr %q", code, errOut)
	}
}

// A context whose BDK config cannot be read: the error names the settings
// file and the context's line, then what is wrong with the config.
func TestContextConfigErrorNamesTheSettingsLine(t *testing.T) {
	path := writeSettings(t, "theme: dark\ncontexts:\n  - name: ok\n    config: /dev/null\n  - name: a\n    config: /nonexistent.yaml\n")
	want := path + `:5: context "a": config /nonexistent.yaml: cannot read the file`
	for _, c := range []struct {
		cmd  func([]string, Env) int
		args []string
	}{
		{Get, []string{"users", "--context", "a"}},
		{Offboard, []string{"someone", "--context", "a"}},
		{Members, []string{"set", "R", "--from", filepathIn(t, "l", "x@example.com\n"), "--context", "a"}},
	} {
		code, _, errOut := runCmd(t, c.cmd, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.args, code, errOut, want)
		}
	}
}

// --config given blank is refused as --context is: without it the
// command would act on the default pod.
func TestBlankConfigIsRefused(t *testing.T) {
	for _, c := range []struct {
		cmd  func([]string, Env) int
		args []string
		want string
	}{
		{Get, []string{"users", "--config", ""}, `get users: --config "": empty`},
		{Offboard, []string{"someone", "--dry-run", "--config="}, `offboard: --config "": empty`},
		{Check, []string{"--config", ""}, `check: --config "": empty`},
	} {
		code, _, errOut := runCmd(t, c.cmd, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q, want one line with %q", c.args, code, errOut, c.want)
		}
	}
}
