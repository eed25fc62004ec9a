package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"symtui/cli"
)

// completionScript writes `symtui completion SHELL` to a file.
func completionScript(t *testing.T, shell string) (string, string) {
	t.Helper()
	code, out, errOut := runIn("completion", shell)
	if code != cli.ExitOK || out == "" {
		t.Fatalf("completion %s: exit %d, stderr %q", shell, code, errOut)
	}
	path := filepath.Join(t.TempDir(), "symtui."+shell)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, out
}

// completionCase: the command line so far (the last word is being typed)
// and candidates that must, and must not, be offered.
type completionCase struct {
	line      []string
	want, not []string
}

var completionCases = []completionCase{
	{[]string{""}, []string{"get", "check", "emulator", "completion", "version"}, []string{"users"}},
	{[]string{"get", "us"}, []string{"users", "user"}, []string{"rooms"}},
	{[]string{"get", "users", "-"}, []string{"--query", "--config", "-o", "--lines"}, []string{"--status", "--follow"}},
	{[]string{"get", "users", "-o", ""}, []string{"table", "json", "yaml", "csv"}, []string{"--query"}},
	{[]string{"get", "connections", "--status", ""}, []string{"PENDING_INCOMING", "ACCEPTED", "ALL"}, nil},
	{[]string{"get", "presence", "--config", "c.yaml", "-"}, []string{"--follow", "--for", "--interval"}, nil},
	{[]string{"-"}, []string{"--read-only", "--presence-interval", "--demo", "--config"}, nil},
	{[]string{"emulator", "--"}, []string{"--users", "--write-config", "--tls"}, nil},
	{[]string{"completion", ""}, []string{"bash", "zsh", "fish"}, nil},
	{[]string{""}, []string{"members", "offboard"}, nil},
	{[]string{"members", ""}, []string{"set"}, []string{"users"}},
	{[]string{"members", "set", "-"}, []string{"--from", "--owners", "--apply", "--include-self", "-o", "--workers", "--context"}, []string{"--query", "--dry-run"}},
	{[]string{"members", "set", "--config", "c.yaml", "ROOM", "--"}, []string{"--apply"}, nil},
	{[]string{"offboard", "-"}, []string{"--new-owner", "--disable", "--dry-run", "-o", "--workers"}, []string{"--apply"}},
}

// The script offers every command, kind, flag (as each --help lists it)
// and value; whatever shells are installed parse it and complete with it.
func TestCompletionScripts(t *testing.T) {
	for _, shell := range cli.CompletionShells() {
		t.Run(shell, func(t *testing.T) {
			path, script := completionScript(t, shell)
			checkCompletionWords(t, script)
			bin, err := exec.LookPath(shell)
			if err != nil {
				t.Logf("%s is not installed: checked the script's words only", shell)
				return
			}
			if out, err := exec.Command(bin, "-n", path).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", shell, err, out)
			}
			for _, c := range completionCases {
				got := completeWith(t, shell, bin, path, c.line)
				for _, w := range c.want {
					if !slices.Contains(got, w) {
						t.Errorf("%s: symtui %s offers %q, not %q", shell, strings.Join(c.line, " "), got, w)
					}
				}
				for _, w := range c.not {
					if slices.Contains(got, w) {
						t.Errorf("%s: symtui %s offers %q, which does not belong there", shell, strings.Join(c.line, " "), w)
					}
				}
			}
		})
	}
}

// checkCompletionWords: the structural check, shell or not.
func checkCompletionWords(t *testing.T, script string) {
	t.Helper()
	words := []string{"table", "json", "yaml", "csv", "PENDING_OUTGOING", "REJECTED"}
	for _, c := range commands() {
		if c.Name != "" {
			words = append(words, c.Name)
		}
		if c.Name != "help" && c.Name != "version" {
			for _, f := range cli.FlagsOf(c.Run) {
				words = append(words, f.Name)
			}
		}
	}
	words = append(words, "members set")
	for _, f := range cli.FlagsOf(cli.MembersSetRun) {
		words = append(words, f.Name)
	}
	for _, kind := range cli.GetKinds() {
		words = append(words, "get "+kind)
		for _, f := range cli.FlagsOf(func(args []string, env cli.Env) int { return cli.Get(append([]string{kind}, args...), env) }) {
			words = append(words, f.Name)
		}
	}
	for _, w := range words {
		if !strings.Contains(script, w) {
			t.Errorf("the script does not mention %q", w)
		}
	}
}

// completeWith asks the shell itself what it would offer after line. zsh
// has no completion widget outside an interactive shell, so compadd and
// _files are stood in for by functions that print what they are given.
func completeWith(t *testing.T, shell, bin, script string, line []string) []string {
	t.Helper()
	quoted := make([]string, len(line))
	for i, w := range line {
		quoted[i] = "'" + w + "'"
	}
	var prog string
	switch shell {
	case "bash":
		prog = `source "$1"; COMP_WORDS=(symtui ` + strings.Join(quoted, " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _symtui; printf '%s\n' "${COMPREPLY[@]}"`
	case "zsh":
		prog = `compdef() { :; }; compadd() { if [[ $1 == -a ]]; then print -rl -- "${(@P)2}"; else shift; print -rl -- "$@"; fi; }
_files() { print -r -- FILES; }
source "$1"; words=(symtui ` + strings.Join(quoted, " ") + `); CURRENT=${#words}; _symtui`
	case "fish":
		prog = `source $argv[1]; complete -C"symtui ` + strings.Join(line, " ") + `"`
	}
	args := []string{"-c", prog}
	if shell == "fish" {
		args = append(args, script)
	} else {
		args = append(args, "symtui-completion-test", script)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s completing %q: %v\n%s", shell, line, err, out)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		word, _, _ := strings.Cut(l, "\t") // fish: word<TAB>description
		if last := line[len(line)-1]; shell == "zsh" && !strings.HasPrefix(word, last) {
			continue // compadd would filter by the prefix being typed
		}
		got = append(got, word)
	}
	return got
}

func TestCompletionUsage(t *testing.T) {
	if code, _, errOut := runIn("completion", "tcsh"); code != cli.ExitUsage || !strings.Contains(errOut, "tcsh") {
		t.Errorf("completion tcsh: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runIn("completion"); code != cli.ExitUsage {
		t.Errorf("completion without a shell: exit %d", code)
	}
}
