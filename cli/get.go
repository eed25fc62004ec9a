package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"symtui/export"
	"symtui/pod"
	"symtui/session"
)

// getTimeout bounds one `symtui get`; a listing of a large pod pages through
// many requests, so it is generous, but it never hangs forever.
const getTimeout = 10 * time.Minute

const getUsage = `usage: symtui get KIND [ARG] [flags]
  users [--query Q]          every user (admin list), or a search
  user ID|EMAIL|USERNAME     one user
  rooms [--query Q]          every room (admin list), or a search
  room ID                    one room
  members ROOM               a room's members
  connections [--status S]   connections (PENDING_INCOMING, PENDING_OUTGOING, ACCEPTED, REJECTED, ALL)
  presence [USER]            presence of a user or everyone
    [--follow [--for D] [--interval D] [--reconcile D]]   or every change, as JSON lines
  audit --since DURATION     privileged actions (audit trail)
flags of every kind (before or after KIND): -o table|json|yaml|csv  --lines (JSON lines)
  --config FILE  --context NAME (a pod context of ~/.config/symtui/config.yaml)
  --as-user ID|USERNAME      on behalf of a user through the config's app (a context's asUser too): users needs
                             --query, rooms lists the user's rooms; everyone's presence and audit need an administrator
symtui get KIND --help details the flags of a kind.`

// Get is `symtui get`: the console's client for scripts. Exit 0 ok, 1 pod
// error, 2 usage or config error.
func Get(args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, getUsage)
		return ExitUsage
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.Stdout, getUsage)
		return ExitOK
	}
	kind, rest := kindFirst(args, env)
	if kind == "" {
		fmt.Fprintf(env.Stderr, "symtui get: missing KIND (users, user, rooms, room, members, connections, presence or audit)\n%s\n", getUsage)
		return ExitUsage
	}
	run, ok := getKinds[kind]
	if !ok {
		fmt.Fprintf(env.Stderr, "symtui get: unknown kind %s\n%s\n", cleanText(strconv.Quote(kind)), getUsage)
		return ExitUsage
	}
	return run(rest, env)
}

// kindFirst finds the kind among args, so that the flags every kind shares
// may also come before it ("get --context prod users"): the kind ("" when
// only shared flags were given), and the other arguments in their order.
func kindFirst(args []string, env Env) (string, []string) {
	fs := newGetCommand("", env).fs
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return a, append(args[:i:i], args[i+1:]...)
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			return args[0], args[1:] // not a shared flag: say the first word is not a kind
		}
		if !hasValue && !isBoolFlag(f) {
			i++
		}
	}
	return "", args
}

var getKinds = map[string]func([]string, Env) int{
	"users":       getUsers,
	"user":        getUser,
	"rooms":       getRooms,
	"room":        getRoom,
	"members":     getMembers,
	"connections": getConnections,
	"audit":       getAudit,
	"presence":    getPresence,
}

// getCommand holds what every get kind shares: flags, client, printer.
type getCommand struct {
	env     Env
	fs      *flag.FlagSet
	config  *string
	context *string
	output  *string
	lines   *bool
	asUser  *string
	target  Target // the pod, once parse resolved --context and --config
}

func newGetCommand(kind string, env Env) *getCommand {
	fs := newFlags("get " + kind)
	return &getCommand{
		env:     env,
		fs:      fs,
		config:  fs.String("config", "", "BDK config `file` (default ~/.symphony/config.yaml)"),
		context: fs.String("context", "", "the pod context `name` of ~/.config/symtui/config.yaml (instead of --config)"),
		output:  fs.String("o", "table", "output `format`: table, json, yaml or csv"),
		lines:   fs.Bool("lines", false, "with -o json: one JSON document per line"),
		asUser:  addAsUser(fs),
	}
}

// onBehalf reports whether the command acts on behalf of a user (by
// --as-user, or its context's asUser).
func (g *getCommand) onBehalf() bool { return g.target.AsUser != "" }

// parse parses flags (which may come before or after positional arguments)
// and checks the number of positional arguments. A word that starts with a
// dash but names no flag is a positional argument when the kind takes one:
// stream ids are URL-safe base64 and may start with "-".
func (g *getCommand) parse(args []string, minArgs, maxArgs int, argName string) ([]string, int, bool) {
	flags, positional := splitArgs(g.fs, args, maxArgs > 0)
	if code, ok := parseFlags(g.fs, flags, g.env); !ok {
		return nil, code, false
	}
	if err := CheckAsUser(g.fs, *g.asUser); err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), oneLine(err))
		return nil, ExitUsage, false
	}
	positional = append(positional, g.fs.Args()...)
	if len(positional) < minArgs || len(positional) > maxArgs {
		want := "no argument"
		if maxArgs > 0 {
			want = argName
		}
		fmt.Fprintf(g.env.Stderr, "%s: want %s, got %d argument(s)\n", g.fs.Name(), want, len(positional))
		return nil, ExitUsage, false
	}
	if hasEmpty(positional) {
		fmt.Fprintf(g.env.Stderr, "%s: %s: want %s\n", g.fs.Name(), emptyArgument, argName)
		return nil, ExitUsage, false
	}
	format, err := parseFormat(*g.output)
	if err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), err)
		return nil, ExitUsage, false
	}
	if *g.lines && format != formatJSON {
		fmt.Fprintf(g.env.Stderr, "%s: --lines prints JSON lines: it goes with -o json, not -o %s\n", g.fs.Name(), cleanText(*g.output))
		return nil, ExitUsage, false
	}
	if err := g.resolve(); err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), oneLine(err))
		return nil, ExitUsage, false
	}
	return positional, ExitOK, true
}

// resolve finds the pod --context or --config name (or the settings'
// default context), and on behalf of whom: --as-user over the context's.
func (g *getCommand) resolve() error {
	f, err := LoadSettings(g.env)
	if err != nil {
		return err
	}
	if g.target, err = ResolveTarget(f, *g.context, *g.config); err != nil {
		return err
	}
	if *g.asUser != "" {
		g.target.AsUser = *g.asUser
	}
	return nil
}

// splitArgs separates flags (with their values) from positional arguments.
// With dashPositional, a dash word that names no flag is positional unless
// it is shaped like a flag (dashes, then lower-case words: --bogus, -x=1);
// otherwise it stays a flag so the flag package reports it by name.
func splitArgs(fs *flag.FlagSet, args []string, dashPositional bool) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(positional, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil && name != "h" && name != "help" && dashPositional && !flagShaped(a) {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional
}

// emptyArgument is what an empty positional argument gets: sent, it would
// reach the pod as a query that names nobody.
const emptyArgument = "an empty argument names nothing"

func hasEmpty(args []string) bool {
	for _, a := range args {
		if strings.TrimSpace(a) == "" {
			return true
		}
	}
	return false
}

// flagShaped reports whether a dash word reads as a flag: one or two dashes,
// a lower-case letter, then lower-case letters, digits and dashes, with an
// optional =value. Ids that start with a dash (stream ids are base64) carry
// upper-case letters or digits early; one that does not is given after "--".
func flagShaped(a string) bool {
	name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	return strings.IndexFunc(name, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-'
	}) < 0
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// connect opens a session on the pod parse resolved and builds a
// read-only client: get never changes the pod.
func (g *getCommand) connect() (*pod.Client, int, bool) {
	s, _, err := OpenSession(g.target, session.Options{Version: g.env.Version}, g.env)
	if err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), oneLine(err))
		return nil, ExitUsage, false
	}
	return pod.New(s, pod.Options{ReadOnly: true}), ExitOK, true
}

// usageError is a bad flag value found while listing: exit 2, not 1.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// finish prints the listing, or the error, and returns the exit code.
func (g *getCommand) finish(l listing, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), ue.msg)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), oneLine(err))
		return ExitPod
	}
	f, _ := parseFormat(*g.output)
	if err := (printer{w: g.env.Stdout, f: f, lines: *g.lines}).print(l); err != nil {
		fmt.Fprintf(g.env.Stderr, "%s: write output: %s\n", g.fs.Name(), oneLine(err))
		return ExitPod
	}
	return ExitOK
}

func getContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), getTimeout)
}

// lister produces a listing from the positional arguments.
type lister func(ctx context.Context, c *pod.Client, args []string) (listing, error)

// run is a whole get kind: parse, connect, list within getTimeout, print.
func (g *getCommand) run(args []string, minArgs, maxArgs int, argName string, list lister) int {
	pos, code, ok := g.parse(args, minArgs, maxArgs, argName)
	if !ok {
		return code
	}
	client, code, ok := g.connect()
	if !ok {
		return code
	}
	ctx, cancel := getContext()
	defer cancel()
	l, err := list(ctx, client, pos)
	return g.finish(l, err)
}

func millis(ms int64) string { return export.Millis(ms) }

func yesNo(b bool) string { return export.YesNo(b) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

// isUserID tells a numeric user id from an email or username.
func isUserID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

var errNotFound = errors.New("not found")

func notFound(what string) error { return fmt.Errorf("%s: %w", what, errNotFound) }

func joinList(items []string) string { return strings.Join(items, ",") }
