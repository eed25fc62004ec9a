package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"symtui/pod"
	"symtui/pod/membership"
	"symtui/ui"
)

const membersUsage = `usage: symtui members set ROOM --from FILE [--owners FILE] [--apply] [-o table|json] [--include-self] [--allow-empty]
  set ROOM   make the room's members exactly the users of FILE (ids, emails or usernames, one a line,
             "#" comments; "-" reads standard input), and its owners those of --owners when given.
             Without --apply it prints the plan only; with it, it makes the changes and says what
             is left. It never removes the account it runs as (unless --include-self), never
             leaves a room without an owner, and refuses a list naming no active user (unless
             --allow-empty: it would empty the room).
symtui members set --help details the flags.`

// Members is `symtui members`: declarative membership (members set).
func Members(args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, membersUsage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, membersUsage)
		return ExitOK
	case "set":
		return membersSet(args[1:], env)
	}
	fmt.Fprintf(env.Stderr, "symtui members: unknown subcommand %q\n%s\n", cleanText(args[0]), membersUsage)
	return ExitUsage
}

// MembersSubcommands are the words after `symtui members`.
func MembersSubcommands() []string { return []string{"set"} }

// MembersSetRun is `symtui members set` as completion asks it for its flags.
func MembersSetRun(args []string, env Env) int { return Members(append([]string{"set"}, args...), env) }

// setCommand is one run of members set.
type setCommand struct {
	*changeCommand
	from, owners       *string
	apply, includeSelf *bool
	allowEmpty         *bool
}

func membersSet(args []string, env Env) int {
	g := &setCommand{changeCommand: newChangeCommand("members set", env)}
	g.from = g.fs.String("from", "", "`file` listing the members, one a line (\"-\": standard input); required")
	g.owners = g.fs.String("owners", "", "`file` listing the owners (members too); without it the owners who stay keep their role")
	g.apply = g.fs.Bool("apply", false, "make the changes (without it: the plan only)")
	g.includeSelf = g.fs.Bool("include-self", false, "let the plan remove or demote the account it runs as")
	g.allowEmpty = g.fs.Bool("allow-empty", false, "accept a list that names no active user: the room is emptied (but for its owners and the account)")
	pos, code, ok := g.parse(args, 1, "ROOM (a room id)")
	if !ok {
		return code
	}
	lists, code, ok := g.readLists()
	if !ok {
		return code
	}
	c, _, code, ok := g.connect(*g.apply)
	if !ok {
		return code
	}
	ctx, cancel := runContext()
	defer cancel()
	p, t, names, err := g.plan(ctx, c, pos[0], lists)
	var refused usageError
	if errors.As(err, &refused) {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), refused.msg)
		return ExitUsage
	}
	if err != nil {
		return g.podFailed("reading the room and the lists", err)
	}
	held := g.held(*g.apply)
	out := setPrinter{w: g.env.Stdout, json: g.json, names: names, apply: *g.apply && held == "", held: held}
	if err := out.plan(&p); err != nil {
		return g.podFailed("write", err)
	}
	if !*g.apply || p.Changes() == 0 {
		return ExitOK
	}
	if held != "" {
		return g.refuseHeld(held)
	}
	x := membership.Executor{Pod: c, Actor: t.actor}
	results := x.RunSet(ctx, &p, membership.RunOptions{Bulk: g.bulkOptions(), OnResult: out.result})
	// What is left, from a fresh read: the room as it is now against the list.
	after, cancelAfter := context.WithTimeout(context.Background(), getTimeout)
	defer cancelAfter()
	left, err := g.replan(after, c, t, p.Room.ID)
	if err == nil {
		err = out.names.learn(after, c, &left)
	}
	if err := out.summary(results, &left, err, ctx.Err() != nil); err != nil {
		return g.podFailed("write", err)
	}
	if left.Changes() > 0 || err != nil || countOutcome(results, membership.Failed) > 0 {
		return ExitPod
	}
	return ExitOK
}

// setLists are the entries of --from and --owners.
type setLists struct {
	members, owners []string
	ownersSet       bool
}

// readLists reads --from and --owners before anything is sent.
func (g *setCommand) readLists() (setLists, int, bool) {
	var l setLists
	fail := func(format string, a ...any) (setLists, int, bool) {
		fmt.Fprintf(g.env.Stderr, "%s: %s\n", g.fs.Name(), fmt.Sprintf(format, a...))
		return l, ExitUsage, false
	}
	if *g.from == "" {
		return fail("--from FILE is required: the list of members (\"-\" reads standard input)")
	}
	ownersGiven := false
	g.fs.Visit(func(f *flag.Flag) { ownersGiven = ownersGiven || f.Name == "owners" })
	if ownersGiven && strings.TrimSpace(*g.owners) == "" {
		// A script's variable left empty must not silently mean "no owners list".
		return fail("--owners %q: empty: give a file, or leave the flag out (the owners who stay keep their role)", *g.owners)
	}
	if *g.from == "-" && *g.owners == "-" {
		return fail("--from and --owners cannot both read standard input")
	}
	var err error
	if l.members, err = g.readList(*g.from); err != nil {
		return fail("%s", oneLine(err))
	}
	if len(l.members) == 0 && !*g.allowEmpty {
		return fail("--from %s lists no one: nothing changed (--allow-empty empties the room)", listSource(*g.from))
	}
	if *g.owners != "" {
		l.ownersSet = true
		if l.owners, err = g.readList(*g.owners); err != nil {
			return fail("%s", oneLine(err))
		}
		if len(l.owners) == 0 {
			return fail("--owners %s lists no one: a room needs an owner", cleanText(*g.owners))
		}
	}
	return l, ExitOK, true
}

func (g *setCommand) readList(path string) ([]string, error) {
	if path == "-" {
		in := g.env.Stdin
		if in == nil {
			in = os.Stdin
		}
		return membership.ParseList(in, "standard input")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return membership.ParseList(io.LimitReader(f, 64<<20), path)
}

// setTarget is what a plan was computed against, to compute it again.
type setTarget struct {
	actor       membership.Actor
	target      membership.Target
	includeSelf bool
}

// plan reads who the session is, the room and the lists, and computes the
// plan, with the names it shows.
func (g *setCommand) plan(ctx context.Context, c *pod.Client, roomID string, l setLists) (membership.SetPlan, setTarget, *userNames, error) {
	var t setTarget
	a, err := membership.Self(ctx, c)
	if err != nil {
		return membership.SetPlan{}, t, nil, err
	}
	t.actor, t.includeSelf = a, *g.includeSelf
	room, err := membership.ReadRoom(ctx, c, a, roomID)
	if err != nil {
		return membership.SetPlan{}, t, nil, err
	}
	members, err := membership.Resolve(ctx, c, l.members)
	if err != nil {
		return membership.SetPlan{}, t, nil, err
	}
	if len(l.members) > 0 && len(members.Users) == len(members.Disabled) && !*g.allowEmpty {
		return membership.SetPlan{}, t, nil, usageError{noActiveUser(*g.from, len(l.members), members)}
	}
	t.target = membership.Target{Members: members.Users, Unknown: members.Unknown, Disabled: members.Disabled}
	if l.ownersSet {
		owners, err := membership.Resolve(ctx, c, l.owners)
		if err != nil {
			return membership.SetPlan{}, t, nil, err
		}
		t.target.Owners, t.target.OwnersSet = owners.Users, true
		t.target.Unknown = append(t.target.Unknown, owners.Unknown...)
		t.target.Disabled = append(t.target.Disabled, owners.Disabled...)
	}
	p := membership.PlanSet(room, t.target, a, t.includeSelf)
	names := newUserNames(members.Users, t.target.Owners)
	return p, t, names, names.learn(ctx, c, &p)
}

// replan reads the room again and plans against the same target: what is
// left to do.
func (g *setCommand) replan(ctx context.Context, c *pod.Client, t setTarget, roomID string) (membership.SetPlan, error) {
	room, err := membership.ReadRoom(ctx, c, t.actor, roomID)
	if err != nil {
		return membership.SetPlan{}, err
	}
	return membership.PlanSet(room, t.target, t.actor, t.includeSelf), nil
}

// listSource names where a list was read from.
func listSource(path string) string {
	if path == "-" {
		return "(standard input)"
	}
	return cleanText(path)
}

// noActiveUser says why a list that names nobody who can be a member is
// refused: planned, it would remove everyone.
func noActiveUser(path string, entries int, r membership.Resolved) string {
	return fmt.Sprintf("--from %s names no active user of the pod (%s: %s unknown, %s disabled): nothing changed (--allow-empty empties the room)",
		listSource(path), plural(entries, "entry"), ui.Thousands(len(r.Unknown)), ui.Thousands(len(r.Disabled)))
}

func countOutcome(rs []membership.Result, o membership.Outcome) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == o {
			n++
		}
	}
	return n
}
