package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/calllog"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/session"
	"symtui/settings"
	"symtui/ui"
	"symtui/views/tab"
)

// maxLogSize bounds --api-log: an entry is a few hundred bytes.
const maxLogSize = 1_000_000

// consoleOptions are the console's flags.
type consoleOptions struct {
	configPath string
	context    string
	asUser     string // on behalf of this user (id or username) through the config's app
	readOnly   bool
	demo       bool
	noMouse    bool
	interval   time.Duration
	reconcile  time.Duration // 0: never
	workers    int           // calls of a bulk change in flight at once
	logSize    int           // requests the API log keeps
}

// consoleFlags defines the console's flags on a new set, filling o.
func consoleFlags(o *consoleOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("symtui", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parseConsoleFlags says what went wrong in one line
	fs.Usage = func() {}
	fs.StringVar(&o.configPath, "config", "", "BDK config `file` (default ~/.symphony/config.yaml)")
	fs.StringVar(&o.context, "context", "", "start on the pod context `name` of ~/.config/symtui/config.yaml (instead of --config)")
	fs.StringVar(&o.asUser, "as-user", "", "act on behalf of this user (numeric `ID` or USERNAME) through the config's app (app.appId, app.privateKey); over the context's asUser")
	fs.BoolVar(&o.readOnly, "read-only", false, "browse only: every action that changes the pod is disabled (in every context)")
	fs.BoolVar(&o.noMouse, "no-mouse", false, "leave the mouse to the terminal (to select text); no clicks or wheel in the console")
	fs.BoolVar(&o.demo, "demo", false, "open the console on an embedded local pod (emulator)")
	fs.DurationVar(&o.interval, "presence-interval", 5*time.Second, "how often the presence feed is polled")
	fs.DurationVar(&o.reconcile, "presence-reconcile", presence.DefaultReconcile, "how often everyone's presence is reloaded to catch changes the feed lost (0: never)")
	fs.IntVar(&o.workers, "bulk-workers", bulk.DefaultWorkers, fmt.Sprintf("how many calls of a change to many users or members run at once (1 to %d)", bulk.MaxWorkers))
	fs.IntVar(&o.logSize, "api-log", calllog.DefaultSize, fmt.Sprintf("how many requests the API log (:log) keeps, the newest (1 to %d)", maxLogSize))
	return fs
}

// consoleHelp prints the usage and every flag of the console.
func consoleHelp(env cli.Env) int {
	fmt.Fprintf(env.Stdout, "%s\n\nconsole flags:\n", usage)
	fs := consoleFlags(&consoleOptions{})
	fs.SetOutput(env.Stdout)
	fs.PrintDefaults()
	return cli.ExitOK
}

func parseConsoleFlags(args []string, env cli.Env) (consoleOptions, int, bool) {
	var o consoleOptions
	fs := consoleFlags(&o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, consoleHelp(env), false
		}
		fmt.Fprintf(env.Stderr, "symtui: %s (see symtui --help)\n", oneLineErr(err))
		return o, cli.ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "symtui: unknown command %q (see symtui --help)\n", fs.Arg(0))
		return o, cli.ExitUsage, false
	}
	if o.demo && (o.configPath != "" || o.context != "") {
		fmt.Fprintln(env.Stderr, "symtui: --demo runs its own pod; drop --config and --context")
		return o, cli.ExitUsage, false
	}
	if o.configPath != "" && o.context != "" {
		fmt.Fprintln(env.Stderr, "symtui: --context and --config both name a pod: give one")
		return o, cli.ExitUsage, false
	}
	if o.interval < time.Second {
		fmt.Fprintln(env.Stderr, "symtui: --presence-interval must be at least 1s")
		return o, cli.ExitUsage, false
	}
	if o.logSize < 1 || o.logSize > maxLogSize {
		fmt.Fprintf(env.Stderr, "symtui: --api-log %d: want 1 to %d\n", o.logSize, maxLogSize)
		return o, cli.ExitUsage, false
	}
	if o.workers < 1 || o.workers > bulk.MaxWorkers {
		fmt.Fprintf(env.Stderr, "symtui: --bulk-workers %d: want 1 to %d\n", o.workers, bulk.MaxWorkers)
		return o, cli.ExitUsage, false
	}
	if err := cmp.Or(cli.CheckPodFlags(fs), cli.CheckAsUser(fs, o.asUser)); err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return o, cli.ExitUsage, false
	}
	reconcileSet := false
	fs.Visit(func(f *flag.Flag) { reconcileSet = reconcileSet || f.Name == "presence-reconcile" })
	if reconcileSet && o.reconcile != 0 && o.reconcile < o.interval { // the default follows a longer interval
		fmt.Fprintf(env.Stderr, "symtui: --presence-reconcile must be 0 (never) or at least --presence-interval (%s)\n", o.interval)
		return o, cli.ExitUsage, false
	}
	return o, cli.ExitOK, true
}

func hasTerminal() bool {
	return term.IsTerminal(os.Stdout.Fd()) && term.IsTerminal(os.Stdin.Fd())
}

func refuseWithoutTerminal(env cli.Env) int {
	fmt.Fprintln(env.Stderr, "symtui: the console needs a terminal; for scripts use `symtui get`")
	return cli.ExitUsage
}

// runConsole opens the console: settings -> target -> session -> pod
// client -> tabs -> ui, and the program that switches pod contexts.
func runConsole(args []string, env cli.Env) int {
	o, code, ok := parseConsoleFlags(args, env)
	if !ok {
		return code
	}
	if o.demo && !hasTerminal() { // before the demo pod starts for nothing
		return refuseWithoutTerminal(env)
	}
	set, err := cli.LoadSettings(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitUsage
	}
	keys, err := consoleKeyMap(false) // each context applies its own read-only
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitUsage
	}

	var target cli.Target
	if o.demo {
		path, cleanup, err := startDemoPod()
		if err != nil {
			fmt.Fprintf(env.Stderr, "symtui: start the demo pod: %s\n", oneLineErr(err))
			return cli.ExitPod
		}
		defer cleanup()
		target = cli.Target{Config: path}
	} else if target, err = cli.ResolveTarget(set, o.context, o.configPath); err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitUsage
	}
	if o.asUser != "" {
		target.AsUser = o.asUser // the first pod's; a context switched to has its own
	}

	// The text inputs of bubbles draw their cursor with lipgloss's default
	// renderer: it is the console's, so NO_COLOR keeps the cursor visible.
	renderer := ui.NewRenderer(os.Stdout)
	lipgloss.SetDefaultRenderer(renderer)
	styles, err := ui.NewThemedStyles(renderer, themeName(set))
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitUsage
	}
	b := &stackBuilder{
		version: env.Version, readOnly: o.readOnly, interval: o.interval, reconcile: o.reconcile,
		workers: o.workers, keys: keys, styles: styles, mouse: mouseOn(set, o), settings: set,
		calls: calllog.New(o.logSize, nil),
	}
	first, err := b.build(target, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitUsage
	}
	// After the context and its config are read (build sends nothing): what
	// is wrong with them is worth saying before that there is no terminal.
	if !hasTerminal() {
		return refuseWithoutTerminal(env)
	}
	setConsoleMemoryLimit(os.Getenv("GOMEMLIMIT"))
	link := newProgramLink()
	c := newConsole(b, first, link, writeTitle)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		_ = c.cur.close(ctx) // deletes the feed; a pod that is gone is not an error worth showing
	}()

	// The title goes out before the program starts its renderer (see ui.Model.Init).
	writeTitle(first.root.WindowTitle())
	p := consoleProgram(c, os.Stdout, programOptions(b.mouse, c.filter)...)
	link.set(p.Send)
	if _, err := p.Run(); err != nil {
		fmt.Fprintf(env.Stderr, "symtui: %s\n", oneLineErr(err))
		return cli.ExitPod
	}
	return cli.ExitOK
}

// themeName is the theme the settings ask for (auto when they do not).
func themeName(set *settings.File) string {
	if set.Theme == "" {
		return ui.ThemeAuto
	}
	return set.Theme
}

// mouseOn: the console takes the mouse unless --no-mouse or the settings
// leave it to the terminal.
func mouseOn(set *settings.File, o consoleOptions) bool { return set.Mouse && !o.noMouse }

// programOptions are the program's options besides the screen's: the
// filter, and mouse reports only when the console takes the mouse (without
// them the terminal selects text as usual).
func programOptions(mouse bool, filter func(tea.Model, tea.Msg) tea.Msg) []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithFilter(filter)}
	if mouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	return opts
}

// writeTitle sets the terminal's title. A context switch calls it while the
// program runs: os.Stdout serialises it with the renderer's frame, which
// goes out in one write.
func writeTitle(title string) { fmt.Fprint(os.Stdout, ansi.SetWindowTitle(title)) }

// sessionIdentity asks the pod who the session is, for the header (until
// then it names the configured account): "Ana Lopez (ana.lopez)", with
// " via app crm-app" when it acts on behalf of the user. It goes through
// names, which the views ask too, so the console sends one sessioninfo
// request, not two.
func sessionIdentity(client *pod.Client, names *tab.Names, s *session.Session) (ui.IdentityMsg, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), tab.DefaultTimeout)
	defer cancel()
	me, err := names.Self(ctx, client)
	if err != nil {
		return ui.IdentityMsg{}, false // the views show the error with their own loads
	}
	who := me.DisplayName
	if me.Username != "" {
		who += " (" + me.Username + ")"
	}
	if ob, ok := s.OnBehalf(); ok {
		who += " via app " + ob.AppID
	}
	return ui.IdentityMsg{Identity: who}, true
}

// startDemoPod starts an embedded emulator (2,000 users, 300 rooms, presence
// churn on) and writes its BDK config into a private temporary directory.
func startDemoPod() (string, func(), error) {
	emu, err := emulator.New(emulator.Options{Users: 2000, Rooms: 300, PresenceChurn: 3})
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "symtui-demo-")
	if err != nil {
		emu.Close()
		return "", nil, err
	}
	cleanup := func() {
		emu.Close()
		os.RemoveAll(dir)
	}
	if err := emu.WriteConfig(dir); err != nil {
		cleanup()
		return "", nil, err
	}
	return filepath.Join(dir, "config.yaml"), cleanup, nil
}
