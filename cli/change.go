package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/membership"
	"symtui/session"
)

// changeCommand is what the commands that change memberships share (members
// set, offboard): the pod's flags, the output, the workers, and the
// arguments parsed as get parses them (flags before or after them).
type changeCommand struct {
	env     Env
	fs      *flag.FlagSet
	config  *string
	context *string
	output  *string
	workers *int
	target  Target
	json    bool
}

func newChangeCommand(name string, env Env) *changeCommand {
	fs := newFlags(name)
	return &changeCommand{
		env:     env,
		fs:      fs,
		config:  fs.String("config", "", "BDK config `file` (default ~/.symphony/config.yaml)"),
		context: fs.String("context", "", "the pod context `name` of ~/.config/symtui/config.yaml (instead of --config)"),
		output:  fs.String("o", "table", "output `format`: table (for people) or json (the plan, then with changes one line per change and a summary)"),
		workers: fs.Int("workers", bulk.DefaultWorkers, fmt.Sprintf("`calls` in flight at once (1 to %d)", bulk.MaxWorkers)),
	}
}

// parse reads the flags and exactly n positional arguments (a word that
// starts with a dash but names no flag is one: ids may start with "-").
func (g *changeCommand) parse(args []string, n int, argName string) ([]string, int, bool) {
	flags, positional := splitArgs(g.fs, args, true)
	if code, ok := parseFlags(g.fs, flags, g.env); !ok {
		return nil, code, false
	}
	positional = append(positional, g.fs.Args()...)
	fail := func(format string, a ...any) ([]string, int, bool) {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), fmt.Sprintf(format, a...))
		return nil, ExitUsage, false
	}
	if len(positional) != n {
		return fail("want %s, got %d argument(s)", argName, len(positional))
	}
	if hasEmpty(positional) {
		return fail("%s: want %s", emptyArgument, argName)
	}
	switch f, _ := parseFormat(*g.output); f {
	case formatTable:
	case formatJSON:
		g.json = true
	default:
		return fail("-o %q: want table or json", cleanText(*g.output))
	}
	if *g.workers < 1 || *g.workers > bulk.MaxWorkers {
		return fail("--workers %d: want 1 to %d", *g.workers, bulk.MaxWorkers)
	}
	f, err := LoadSettings(g.env)
	if err == nil {
		g.target, err = ResolveTarget(f, *g.context, *g.config)
	}
	if err != nil {
		return fail("%s", oneLine(err))
	}
	if g.target.AsUser != "" {
		return fail("context %q acts on behalf of %s: membership changes at scale need the account's own session", g.target.Context, cleanText(g.target.AsUser))
	}
	return positional, ExitOK, true
}

// connect opens the session and the client; change says the command would
// change the pod. A read-only context gets a read-only client all the same:
// the plan is shown, and held says why it is not carried out. The OnBehalf
// opens sessions on behalf of owners (nil without an app); close ends them.
func (g *changeCommand) connect(change bool) (*pod.Client, *membership.OnBehalf, int, bool) {
	s, _, err := OpenSession(g.target, session.Options{Version: g.env.Version}, g.env)
	if err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), oneLine(err))
		return nil, nil, ExitUsage, false
	}
	opts := pod.Options{ReadOnly: !change || g.target.ReadOnly}
	return pod.New(s, opts), membership.NewOnBehalf(s, g.env.Version, opts), ExitOK, true
}

// held is why a plan that would change the pod is shown only ("": it is
// carried out): the context is read-only.
func (g *changeCommand) held(change bool) string {
	if change && g.target.ReadOnly {
		return fmt.Sprintf("context %q is read-only", cleanText(g.target.Context))
	}
	return ""
}

// refuseHeld ends a command whose plan is held, once the plan is printed:
// one line on stderr, exit 2.
func (g *changeCommand) refuseHeld(why string) int {
	fmt.Fprintf(g.env.Stderr, "%s: %s: only the plan is shown; nothing was changed\n", g.fs.Name(), why)
	return ExitUsage
}

// bulkOptions are the run's: --workers, and each call bounded like a get.
func (g *changeCommand) bulkOptions() bulk.Options {
	return bulk.Options{Workers: *g.workers}
}

// runContext bounds the command and ends it on an interrupt: the calls
// already sent finish, nothing more starts, and the summary says so.
func runContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), getTimeout)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	return ctx, func() { stop(); cancel() }
}

// podFailed prints a pod failure and returns its exit code.
func (g *changeCommand) podFailed(what string, err error) int {
	fmt.Fprintf(g.env.Stderr, "%s: %s: %s\n", g.fs.Name(), what, oneLine(err))
	return ExitPod
}
