package cli

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeSection is the README's text from the heading that starts with
// title to the next heading.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "\n## "+title)
	if !ok {
		t.Fatalf("README.md has no section %q", title)
	}
	section, _, _ := strings.Cut(rest, "\n## ")
	return section
}

var readmeFlag = regexp.MustCompile("(?:^|[ `\\[(])--?([a-z][a-z-]*)")

// Every flag the README names for a command is one the command defines, as
// its --help shows.
func TestREADMEFlagsExist(t *testing.T) {
	helpOf := func(cmd func([]string, Env) int, args ...string) string {
		_, out, _ := runCmd(t, cmd, append(args, "--help")...)
		return out
	}
	var getHelp strings.Builder
	for kind := range getKinds {
		getHelp.WriteString(helpOf(Get, kind))
	}
	for _, c := range []struct {
		section, help string
		skip          []string // words with dashes that are not flags of this command
	}{
		{"For scripts: `symtui get`", getHelp.String(), []string{"from", "owners"}},                  // the completion of members set
		{"The emulator: a local pod", helpOf(Emulator), []string{"config"}},                          // `symtui check --config` in an example
		{"Membership at scale", helpOf(Members, "set") + helpOf(Offboard), []string{"bulk-workers"}}, // the console's flag
	} {
		for _, m := range readmeFlag.FindAllStringSubmatch(readmeSection(t, c.section), -1) {
			name := m[1]
			if slices.Contains(c.skip, name) {
				continue
			}
			if !strings.Contains(c.help, "\n  -"+name+" ") && !strings.Contains(c.help, "\n  -"+name+"\n") {
				t.Errorf("README section %q names --%s, which the command does not define", c.section, name)
			}
		}
	}
}
