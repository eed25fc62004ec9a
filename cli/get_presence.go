package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"symtui/pod"
	"symtui/pod/presence"
)

var presenceHeaders = []string{"USER ID", "CATEGORY", "SET AT"}

// getPresence is `symtui get presence [USER] [--follow] [--for D] [--interval D] [--reconcile D]`:
// one user's presence (id or email) or everyone's; with --follow, every
// change as a JSON line until interrupted or --for ends.
func getPresence(args []string, env Env) int {
	g := newGetCommand("presence", env)
	follow := g.fs.Bool("follow", false, "print each change as a JSON line until interrupted")
	forD := g.fs.Duration("for", 0, "with --follow: stop after this `duration` (default: until interrupted)")
	interval := g.fs.Duration("interval", presence.DefaultInterval, "with --follow: how often the feed is polled")
	reconcile := g.fs.Duration("reconcile", presence.DefaultReconcile, "with --follow: how often everyone's presence is reloaded, to catch changes the feed lost (0: never)")
	pos, code, ok := g.parse(args, 0, 1, "at most one USER (id or email)")
	if !ok {
		return code
	}
	set := map[string]bool{}
	g.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *follow {
		if f, _ := parseFormat(*g.output); set["o"] && f != formatJSON {
			fmt.Fprintf(env.Stderr, "%s: --follow prints JSON lines; -o %s does not apply\n", g.fs.Name(), *g.output)
			return ExitUsage
		}
		if *interval < 100*time.Millisecond || *forD < 0 {
			fmt.Fprintf(env.Stderr, "%s: --interval must be at least 100ms and --for not negative\n", g.fs.Name())
			return ExitUsage
		}
		if set["reconcile"] && *reconcile != 0 && *reconcile < *interval { // the default follows a longer interval
			fmt.Fprintf(env.Stderr, "%s: --reconcile must be 0 (never) or at least --interval (%s)\n", g.fs.Name(), *interval)
			return ExitUsage
		}
	} else if *forD != 0 || set["reconcile"] {
		fmt.Fprintf(env.Stderr, "%s: --for and --reconcile need --follow\n", g.fs.Name())
		return ExitUsage
	}
	if g.onBehalf() && (len(pos) == 0 || *follow) {
		// Following reloads everyone's presence to catch what the feed lost.
		err := needsAdministrator("everyone's presence", "GET /pod/v2/users/presence")
		if *follow {
			err = fmt.Errorf("--follow: %w (it reloads everyone's presence)", err)
		}
		return g.finish(listing{}, err)
	}
	client, code, ok := g.connect()
	if !ok {
		return code
	}
	ctx, cancel := getContext()
	defer cancel()

	var user int64
	if len(pos) == 1 {
		uid, err := resolveUser(ctx, client, pos[0])
		if err != nil {
			return g.finish(listing{}, err)
		}
		user = uid
	}
	if *follow {
		return followPresence(client, user, followTimes{interval: *interval, reconcile: *reconcile, forD: *forD}, env, g.fs.Name())
	}

	l := listing{headers: presenceHeaders, single: user != 0}
	if user != 0 {
		p, err := client.UserPresence(ctx, user, false)
		if err == nil {
			l.add(p, id(p.UserID), string(p.Category), millis(p.Timestamp))
		}
		return g.finish(l, err)
	}
	for p, err := range client.AllPresence(ctx) {
		if err != nil {
			return g.finish(l, err)
		}
		l.add(p, id(p.UserID), string(p.Category), millis(p.Timestamp))
	}
	return g.finish(l, nil)
}

// resolveUser turns an id or an email into a user id.
func resolveUser(ctx context.Context, client *pod.Client, arg string) (int64, error) {
	if uid, ok := isUserID(arg); ok {
		return uid, nil
	}
	list, err := client.UsersByEmail(ctx, []string{arg}, pod.LookupOptions{})
	if err != nil {
		return 0, err
	}
	if len(list.Users) == 0 {
		return 0, notFound("user " + arg)
	}
	return list.Users[0].ID, nil
}

// presenceChange is one line of --follow. Previous is null when the user's
// earlier presence was not known (a user who just became active).
type presenceChange struct {
	UserID    int64         `json:"userId"`
	Category  pod.Category  `json:"category"`
	Timestamp int64         `json:"timestamp"`
	Previous  *pod.Category `json:"previous"`
}

// followSignals end --follow cleanly (the feed is deleted on the way out).
var followSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// followTimes are --follow's durations: poll interval, reconcile period
// (0: never) and how long to follow (0: until interrupted).
type followTimes struct {
	interval, reconcile, forD time.Duration
}

// followPresence tracks presence and prints each change of user (0: of
// everyone) as a JSON line on stdout; notices and errors go to stderr. It
// returns when interrupted or after forD, having deleted its feed. When
// changes may have been lost (a lost answer, an expired feed) the tracker
// reloads everyone: the differences come out as change lines and one
// notice says so.
func followPresence(client *pod.Client, user int64, times followTimes, env Env, name string) int {
	ctx, stop := signal.NotifyContext(context.Background(), followSignals...)
	defer stop()
	if times.forD > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, times.forD)
		defer cancel()
	}
	reconcile := times.reconcile
	if reconcile == 0 {
		reconcile = -1 // the tracker's "never"
	}
	// Changes are printed as soon as they are announced, so a generous
	// recent list never drops one between two notifications.
	tr := presence.New(client, presence.Options{Interval: times.interval, Reconcile: reconcile, RecentLimit: 100_000})
	tr.Start(ctx)
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := tr.Close(cctx); err != nil {
			fmt.Fprintf(env.Stderr, "%s: deleting the presence feed: %s\n", name, oneLine(err))
		}
	}()

	f := follower{env: env, name: name, user: user}
	for {
		select {
		case <-ctx.Done():
			return ExitOK
		case <-tr.Changes():
		}
		if code, done := f.step(tr); done {
			return code
		}
	}
}

// follower prints what the tracker reports.
type follower struct {
	env     Env
	name    string
	user    int64
	seq     uint64
	events  uint64
	synced  bool
	lastErr string
}

// step prints the new changes and notices; done reports that following
// must stop (the first load failed, or stdout broke).
func (f *follower) step(tr *presence.Tracker) (int, bool) {
	changes, latest, complete := tr.ChangesSince(f.seq)
	f.seq = latest
	s := tr.Snapshot(0)
	for _, e := range s.Events {
		if e.Seq > f.events {
			fmt.Fprintf(f.env.Stderr, "%s: %s\n", f.name, cleanText(e.Text))
		}
	}
	f.events = s.EventSeq
	if !complete {
		fmt.Fprintf(f.env.Stderr, "%s: some changes were dropped before they could be printed\n", f.name)
	}
	for _, c := range changes {
		if f.user != 0 && c.UserID != f.user {
			continue
		}
		line := presenceChange{UserID: c.UserID, Category: c.To, Timestamp: c.At.UnixMilli()}
		if c.From != "" {
			prev := c.From
			line.Previous = &prev
		}
		if err := writeJSONLine(f.env.Stdout, line); err != nil {
			fmt.Fprintf(f.env.Stderr, "%s: write output: %s\n", f.name, oneLine(err))
			return ExitPod, true
		}
	}
	switch {
	case s.LastErr != nil && !s.Synced:
		// Nothing to follow yet and the pod refuses or is unreachable: say so
		// and stop rather than retry silently forever.
		fmt.Fprintf(f.env.Stderr, "%s: %s\n", f.name, oneLine(s.LastErr))
		return ExitPod, true
	case s.LastErr != nil && s.LastErr.Error() != f.lastErr:
		f.lastErr = s.LastErr.Error()
		fmt.Fprintf(f.env.Stderr, "%s: %s (retrying)\n", f.name, oneLine(s.LastErr))
	case s.LastErr == nil && f.lastErr != "":
		f.lastErr = ""
		fmt.Fprintf(f.env.Stderr, "%s: the pod answers again\n", f.name)
	}
	if s.Synced && !f.synced {
		f.synced = true
		fmt.Fprintf(f.env.Stderr, "%s: following the presence of %d users (every %s)\n", f.name, s.Users, s.Interval)
	}
	return ExitOK, false
}
