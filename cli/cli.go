// Package cli holds symtui's non-interactive subcommands (emulator, check,
// get). Each returns a process exit code and writes only to the writers it is
// given, so tests can run them in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"symtui/session"
	"symtui/ui"
)

// Exit codes shared by every subcommand.
const (
	ExitOK    = 0 // success
	ExitPod   = 1 // the pod (or a check) failed
	ExitUsage = 2 // bad flags, bad config
)

// Env is what a subcommand may touch.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader // lists given as "-"; nil is the process's standard input
	Version        string
}

// newFlags builds a FlagSet that reports usage errors instead of exiting.
// The flag package's own multi-line complaint is silenced: parseFlags says
// what went wrong in one line.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("symtui "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args; it returns ok=false and the exit code when the
// caller must stop: help was asked for (printed to stdout, as every
// command's help is) or a flag is wrong (one line on stderr).
func parseFlags(fs *flag.FlagSet, args []string, env Env) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		if err := CheckPodFlags(fs); err != nil { // every command naming a pod
			fmt.Fprintf(env.Stderr, "%s: %s\n", fs.Name(), oneLine(err))
			return ExitUsage, false
		}
		return ExitOK, true
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(env.Stdout, "usage of %s:\n", fs.Name())
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return ExitOK, false
	default:
		fmt.Fprintf(env.Stderr, "%s: %s (see %s --help)\n", fs.Name(), cleanText(err.Error()), fs.Name())
		return ExitUsage, false
	}
}

// LoadConfig reads the BDK config (default ~/.symphony/config.yaml), printing
// warnings to stderr. The error is already one operator sentence. The
// console loads its config with it too, so every command warns alike.
func LoadConfig(path string, env Env) (*session.Config, error) {
	if path == "" {
		path = session.DefaultConfigPath()
	}
	cfg, warnings, err := session.LoadConfig(path)
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "symtui: warning: %s\n", cleanText(w.String()))
	}
	return cfg, err
}

// oneLine flattens an error into a single line for the terminal. Errors
// may quote the pod, so the line is made inert too.
func oneLine(err error) string {
	return cleanText(strings.Join(strings.Fields(err.Error()), " "))
}

// cleanText makes a string from the pod inert for the terminal.
func cleanText(s string) string { return ui.Sanitize(s) }
