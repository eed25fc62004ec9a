package cli

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// Command is one of symtui's commands as help and completion see it.
type Command struct {
	Name string                  // "" is the console itself
	Run  func([]string, Env) int // prints its flags (flag.PrintDefaults) on --help
}

// Flag is one flag of a command, as its --help lists it.
type Flag struct {
	Name  string
	Value bool // takes an argument (every flag but the booleans)
}

// defaultsLine is a flag's first line in flag.PrintDefaults: "  -name",
// then " type" unless the flag is a boolean.
var defaultsLine = regexp.MustCompile(`(?m)^  -([A-Za-z0-9][\w-]*)( [^\t\n]+)?(?:\t|$)`)

// FlagsOf runs a command with --help and reads the flags it lists: what a
// user is told is what completion offers. A command takes no action when
// asked for help.
func FlagsOf(run func([]string, Env) int) []Flag {
	var out bytes.Buffer
	run([]string{"--help"}, Env{Stdout: &out, Stderr: &out})
	var flags []Flag
	for _, m := range defaultsLine.FindAllStringSubmatch(out.String(), -1) {
		flags = append(flags, Flag{Name: m[1], Value: m[2] != ""})
	}
	slices.SortFunc(flags, func(a, b Flag) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(flags, func(a, b Flag) bool { return a.Name == b.Name })
}

// GetKinds lists the kinds `symtui get` takes, sorted.
func GetKinds() []string {
	kinds := make([]string, 0, len(getKinds))
	for k := range getKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// getKindRun is the runner of one get kind, for FlagsOf.
func getKindRun(kind string) func([]string, Env) int {
	return func(args []string, env Env) int { return Get(append([]string{kind}, args...), env) }
}
