package cli

import (
	"context"
	"fmt"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/membership"
)

const offboardUsage = `usage: symtui offboard USER [--new-owner USER] [--disable] [--dry-run] [-o table|json]
  Take USER (an id, email or username) out of every room they belong to: the plan first (every
  room, IM and MIM, and what happens to it), then the changes and what each did. Where USER is
  the last owner, --new-owner is made an owner first (on USER's behalf, through the config's app);
  without it such rooms keep USER. --disable disables the account at the end.`

// Offboard is `symtui offboard`.
func Offboard(args []string, env Env) int {
	g := newChangeCommand("offboard", env)
	newOwner := g.fs.String("new-owner", "", "`user` (id, email or username) made an owner where USER is the last one")
	disable := g.fs.Bool("disable", false, "disable the account at the end")
	dryRun := g.fs.Bool("dry-run", false, "print the plan only; change nothing")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "help" {
			fmt.Fprintln(env.Stdout, offboardUsage)
			break
		}
	}
	pos, code, ok := g.parse(args, 1, "USER (an id, email or username)")
	if !ok {
		return code
	}
	c, ob, code, ok := g.connect(!*dryRun)
	if !ok {
		return code
	}
	defer ob.Close()
	ctx, cancel := runContext()
	defer cancel()
	a, err := membership.Self(ctx, c)
	if err != nil {
		return g.podFailed("who this session is", err)
	}
	if !a.Admin {
		fmt.Fprintf(env.Stderr, "%s: offboarding needs an administrator: a user's rooms are listed by POST /pod/v1/admin/user/{uid}/streams/list\n", g.fs.Name())
		return ExitPod
	}
	who := []string{pos[0]}
	if *newOwner != "" {
		who = append(who, *newOwner)
	}
	found, err := membership.Resolve(ctx, c, who)
	if err != nil {
		return g.podFailed("looking up the users", err)
	}
	if len(found.Unknown) > 0 {
		fmt.Fprintf(env.Stderr, "%s: no user %s on the pod\n", g.fs.Name(), cleanText(found.Unknown[0]))
		return ExitPod
	}
	user, owner := found.Users[0], int64(0)
	if user.ID == a.ID {
		fmt.Fprintf(env.Stderr, "%s: %s is the account making the changes: nothing can be done (offboard it from another account)\n", g.fs.Name(), cleanText(pos[0]))
		return ExitUsage
	}
	if *newOwner != "" {
		if len(found.Users) < 2 {
			fmt.Fprintf(env.Stderr, "%s: --new-owner %s is the user who leaves\n", g.fs.Name(), cleanText(*newOwner))
			return ExitUsage
		}
		owner = found.Users[1].ID
	}
	read, err := membership.ReadUserRooms(ctx, c, user.ID, g.bulkOptions())
	if err != nil {
		return g.podFailed("reading the user's rooms", err)
	}
	p := membership.PlanOffboard(user.ID, read.Rooms, a, membership.OffboardOptions{DefaultNewOwner: owner, Disable: *disable, OnBehalf: ob != nil})
	held := g.held(!*dryRun)
	out := offboardPrinter{setPrinter: setPrinter{w: env.Stdout, json: g.json, names: newUserNames(found.Users), apply: !*dryRun && held == "", held: held}}
	if err := out.plan(&p, read.Requests); err != nil {
		return g.podFailed("write", err)
	}
	if *dryRun || p.Changes() == 0 {
		return ExitOK
	}
	if held != "" {
		return g.refuseHeld(held)
	}
	x := membership.Executor{Pod: c, Actor: a}
	if ob != nil {
		x.Owners = ob
	}
	results := x.RunOffboard(ctx, &p, membership.RunOptions{Bulk: g.bulkOptions(), OnResult: out.result})
	after, cancelAfter := context.WithTimeout(context.Background(), getTimeout)
	defer cancelAfter()
	left, err := offboardLeft(after, c, &p, g.bulkOptions())
	if err := out.summary(results, left, err, ctx.Err() != nil); err != nil {
		return g.podFailed("write", err)
	}
	if len(left) > 0 || err != nil || countOutcome(results, membership.Failed) > 0 {
		return ExitPod
	}
	return ExitOK
}

// offboardLeft reads the user's rooms again and says, room by room, what
// of the plan the pod does not hold.
func offboardLeft(ctx context.Context, c *pod.Client, p *membership.Offboard, opts bulk.Options) ([]membership.Unmet, error) {
	return membership.CheckOffboard(ctx, c, p, opts)
}
