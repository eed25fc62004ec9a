package main

import (
	"bytes"
	"flag"
	"regexp"
	"strings"
	"testing"

	"symtui/cli"
)

func runIn(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, cli.Env{Stdout: &out, Stderr: &errOut, Version: "test"})
	return code, out.String(), errOut.String()
}

// Every command's --help lists every flag it takes: the console's (which
// printed only the usage), each command's, and get's, which names the flags
// of every kind.
func TestEveryHelpListsEveryFlag(t *testing.T) {
	var consoleFlagNames []string
	consoleFlags(&consoleOptions{}).VisitAll(func(f *flag.Flag) { consoleFlagNames = append(consoleFlagNames, f.Name) })
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, _ := runIn(args...)
		if code != cli.ExitOK {
			t.Errorf("symtui %v: exit %d", args, code)
		}
		for _, name := range consoleFlagNames {
			if !strings.Contains(out, "\n  -"+name) {
				t.Errorf("symtui %v does not list -%s:\n%s", args, name, out)
			}
		}
	}

	_, getHelp, _ := runIn("get", "--help")
	for _, kind := range cli.GetKinds() {
		for _, f := range cli.FlagsOf(func(args []string, env cli.Env) int { return cli.Get(append([]string{kind}, args...), env) }) {
			mention := regexp.MustCompile(`(^|[ \[])--?` + regexp.QuoteMeta(f.Name) + `\b`)
			if !mention.MatchString(getHelp) {
				t.Errorf("symtui get --help does not mention -%s (a flag of get %s)", f.Name, kind)
			}
		}
	}

	for _, c := range commands() {
		if c.Name == "" || c.Name == "help" || c.Name == "version" || c.Name == "get" {
			continue
		}
		code, out, errOut := runIn(c.Name, "--help")
		if code != cli.ExitOK || out+errOut == "" {
			t.Errorf("symtui %s --help: exit %d, no help", c.Name, code)
		}
	}
	if flags := cli.FlagsOf(cli.Emulator); len(flags) < 10 {
		t.Errorf("emulator --help lists %d flags: %v", len(flags), flags)
	}
}

func TestConsoleHelpTakesNoAction(t *testing.T) {
	// A bad flag is one line on stderr, naming where to look.
	code, out, errOut := runIn("--nope")
	if code != cli.ExitUsage || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "symtui --help") {
		t.Errorf("--nope: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// version takes no argument; help takes a command and prints its help.
func TestVersionAndHelpArguments(t *testing.T) {
	if code, out, errOut := runIn("version", "extra"); code != cli.ExitUsage || out != "" || errOut != "symtui version: unexpected argument \"extra\" (see symtui version --help)\n" {
		t.Errorf("version extra: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, getHelp, _ := runIn("get", "--help")
	if code, out, _ := runIn("help", "get"); code != cli.ExitOK || out != getHelp {
		t.Errorf("help get: exit %d, prints\n%s\nwant get --help:\n%s", code, out, getHelp)
	}
	_, checkHelp, _ := runIn("check", "--help")
	if code, out, _ := runIn("help", "check"); code != cli.ExitOK || out != checkHelp || !strings.Contains(out, "-config") {
		t.Errorf("help check: exit %d, prints\n%s", code, out)
	}
	if code, out, errOut := runIn("help", "nope"); code != cli.ExitUsage || out != "" || !strings.HasPrefix(errOut, `symtui help: unknown command "nope"`) {
		t.Errorf("help nope: exit %d, stderr %q", code, errOut)
	}
	if code, out, _ := runIn("help", "version"); code != cli.ExitOK || !strings.HasPrefix(out, "usage: symtui version") {
		t.Errorf("help version: exit %d, %q", code, out)
	}
}
