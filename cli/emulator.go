package cli

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"symtui/pod/emulator"
)

// Emulator runs a local pod in the foreground until interrupted.
func Emulator(args []string, env Env) int {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	return serveEmulator(args, env, signals)
}

// stopWait bounds how long a stop waits for the emulator to close; a second
// signal does not wait at all.
const stopWait = 5 * time.Second

// serveEmulator is Emulator with the stop signals given, so tests can stop it.
func serveEmulator(args []string, env Env, signals <-chan os.Signal) int {
	fs := newFlags("emulator")
	addr := fs.String("addr", "127.0.0.1:8443", "listen `address`; a host other than loopback needs --listen-any")
	listenAny := fs.Bool("listen-any", false, "allow a non-loopback --addr; the control API then needs a bearer token, printed at start")
	users := fs.Int("users", 2000, "number of seeded users")
	rooms := fs.Int("rooms", 300, "number of seeded rooms")
	bigRooms := fs.Int("big-rooms", 0, fmt.Sprintf("rooms of %d members each (the bot owns them), on top of --rooms", emulator.BigRoomMembers))
	seed := fs.Int64("seed", 1, "seed of the deterministic data")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a generated CA (written as ca.pem)")
	churn := fs.Float64("churn", 2, "presence changes per second (0 turns churn off)")
	sessionTTL := fs.Duration("session-ttl", time.Hour, "lifetime of a session token")
	latency := fs.Duration("latency", 0, "fault: latency added to every API request")
	jitter := fs.Duration("jitter", 0, "fault: random extra latency, up to this much")
	errorRate := fs.Float64("error-rate", 0, "fault: fraction of API requests answered 500 or 503")
	dropRate := fs.Float64("drop-rate", 0, "fault: fraction of API requests whose connection is dropped before the handler")
	loseRate := fs.Float64("lose-rate", 0, "fault: fraction of API requests handled whose answer is then lost (connection closed)")
	slowRate := fs.Float64("slow-rate", 0, "fault: fraction of API requests whose answer is held --slow-ms after the handler ran")
	slowMs := fs.Int("slow-ms", 1000, "fault: how long a slow answer is held, in `milliseconds`")
	configDir := fs.String("write-config", "", "write config.yaml, the bot and app keys (and the CA with --tls) for this pod into `DIR`; a restart reuses the keys and CA already there")
	newKeys := fs.Bool("new-keys", false, "with --write-config: replace the keys, CA and token in DIR instead of reusing them")
	appPerms := fs.String("app-permissions", "all", "comma-separated `permissions` the app holds to act on behalf of users (GET_PRESENCE,MANAGE_ROOMS,...), all or none")
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "symtui emulator: "+format+"\n", a...)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	faults := emulator.Faults{
		Latency: *latency, Jitter: *jitter, ErrorRate: *errorRate, DropRate: *dropRate,
		LoseRate: *loseRate, SlowRate: *slowRate, Slow: time.Duration(*slowMs) * time.Millisecond,
	}
	if msg := checkFaultFlags(faults, *slowMs); msg != "" {
		return usage("%s", msg)
	}
	if *users < 1 || *users > emulator.MaxUsers || *rooms < 1 || *rooms > emulator.MaxRooms {
		return usage("--users and --rooms must be from 1 to %d", emulator.MaxUsers)
	}
	if *bigRooms < 0 || *bigRooms > emulator.MaxBigRooms {
		return usage("--big-rooms %d: want 0 to %d", *bigRooms, emulator.MaxBigRooms)
	}
	if !(*churn >= 0 && *churn <= emulator.MaxChurnRate) {
		return usage("--churn %v: want 0 to %d changes per second", *churn, emulator.MaxChurnRate)
	}
	if !*listenAny && !loopbackAddr(*addr) {
		return usage("--addr %s is not a loopback address; add --listen-any to serve the network (the control API then needs a token)", *addr)
	}
	if *newKeys && *configDir == "" {
		return usage("--new-keys replaces the keys in a --write-config directory; give one")
	}

	granted, err := parseAppPermissions(*appPerms)
	if err != nil {
		return usage("--app-permissions: %s", err)
	}

	identity, err := loadIdentity(*configDir, *newKeys)
	if err != nil {
		return usage("%s", oneLine(err))
	}
	listenAddr, portNote := reusePort(*addr, *configDir)
	opts := emulator.Options{
		Addr: listenAddr, Users: *users, Rooms: *rooms, BigRooms: *bigRooms, Seed: *seed, TLS: *useTLS,
		PresenceChurn: *churn, SessionTTL: *sessionTTL, Faults: faults,
		Identity: identity, Log: env.Stderr,
	}
	if granted != nil {
		opts.AppPermissions = map[string][]string{emulator.AppID: granted}
	}
	if *listenAny {
		opts.ControlToken = identity.ControlToken
		if opts.ControlToken == "" {
			opts.ControlToken = emulator.NewControlToken()
		}
	}
	emu, err := emulator.New(opts)
	if err != nil {
		return usage("%s", strings.TrimPrefix(oneLine(err), "emulator: "))
	}

	rooms2 := fmt.Sprintf("%d rooms", *rooms)
	if *bigRooms > 0 {
		rooms2 += fmt.Sprintf(" and %d of %d members", *bigRooms, emulator.BigRoomMembers)
	}
	fmt.Fprintf(env.Stdout, "emulator: pod at %s (%d users, %s, seed %d)\n", emu.URL, *users, rooms2, *seed)
	if portNote != "" {
		fmt.Fprintf(env.Stdout, "emulator: %s\n", portNote)
	}
	if urls := emu.NetworkURLs(); *listenAny && len(urls) > 0 {
		fmt.Fprintf(env.Stdout, "emulator: from other machines: %s (the control API, /_emulator/*, needs the token below)\n", strings.Join(urls[:min(len(urls), 3)], " or "))
	}
	if *configDir != "" {
		if err := emu.WriteConfig(*configDir); err != nil {
			emu.Close()
			return usage("write config to %s: %s", *configDir, strings.TrimPrefix(oneLine(err), "emulator: "))
		}
		fmt.Fprintf(env.Stdout, "emulator: wrote %s\n", filepath.Join(*configDir, "config.yaml"))
		fmt.Fprintf(env.Stdout, "emulator: try: symtui check --config %s\n", filepath.Join(*configDir, "config.yaml"))
	}
	if opts.ControlToken != "" {
		saved := ""
		if *configDir != "" {
			saved = "; saved in " + filepath.Join(*configDir, "control-token")
		}
		fmt.Fprintf(env.Stdout, "emulator: the control API needs \"Authorization: Bearer %s\"%s\n", opts.ControlToken, saved)
	}
	fmt.Fprintf(env.Stdout, "emulator: app %s acts on behalf of users with %s\n", emu.Credentials.AppID, describeGrant(granted))
	fmt.Fprintf(env.Stdout, "emulator: counters at %s/_emulator/stats; change faults with POST %s/_emulator/faults\n", emu.URL, emu.URL)
	fmt.Fprintln(env.Stdout, "emulator: press Ctrl-C to stop")

	<-signals
	closed := make(chan struct{})
	go func() { emu.Close(); close(closed) }()
	select {
	case <-closed:
		fmt.Fprintln(env.Stdout, "emulator: stopped")
	case <-signals:
		fmt.Fprintln(env.Stdout, "emulator: stopped without waiting for requests in flight")
	case <-time.After(stopWait):
		fmt.Fprintln(env.Stdout, "emulator: stopped without waiting for requests in flight")
	}
	return ExitOK
}

// checkFaultFlags says, naming the flag, which start-time fault is out of bounds.
func checkFaultFlags(f emulator.Faults, slowMs int) string {
	for _, r := range []struct {
		flag string
		v    float64
	}{{"--error-rate", f.ErrorRate}, {"--drop-rate", f.DropRate}, {"--lose-rate", f.LoseRate}, {"--slow-rate", f.SlowRate}} {
		if !(r.v >= 0 && r.v <= 1) { // NaN fails too
			return fmt.Sprintf("%s %v: want a fraction from 0 to 1", r.flag, r.v)
		}
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--latency", f.Latency}, {"--jitter", f.Jitter}} {
		if d.v < 0 || d.v > emulator.MaxFaultDelay {
			return fmt.Sprintf("%s %v: want 0 to %v", d.flag, d.v, emulator.MaxFaultDelay)
		}
	}
	if maxMs := int(emulator.MaxFaultDelay.Milliseconds()); slowMs < 0 || slowMs > maxMs {
		return fmt.Sprintf("--slow-ms %d: want 0 to %d", slowMs, maxMs)
	}
	return ""
}

// loopbackAddr reports whether a host:port listens on loopback only (an
// empty host is every interface). An address that does not parse is left to
// the emulator, which says what is wrong with it.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// loadIdentity is the keys, CA and control token to start with: those in
// dir (unless rotating), and fresh ones for what is missing. With no dir the
// emulator's own per-process keys serve.
func loadIdentity(dir string, rotate bool) (emulator.Identity, error) {
	if dir == "" {
		return emulator.Identity{}, nil
	}
	var id emulator.Identity
	if !rotate {
		var err error
		if id, err = emulator.LoadIdentity(dir); err != nil {
			return id, fmt.Errorf("%w (start with --new-keys to replace it)", err)
		}
	}
	return id.Complete()
}

// parseAppPermissions reads --app-permissions: "all" (nil: every
// permission), "none" (an empty grant) or names from the permission table.
func parseAppPermissions(v string) ([]string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "all":
		return nil, nil
	case "none", "":
		return []string{}, nil
	}
	known := emulator.AppPermissions()
	var out []string
	for _, name := range strings.Split(v, ",") {
		name = strings.ToUpper(strings.TrimSpace(name))
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("unknown permission %q: want all, none or some of %s", cleanText(name), strings.Join(known, ","))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

func describeGrant(granted []string) string {
	switch {
	case granted == nil:
		return "every permission"
	case len(granted) == 0:
		return "no permission (every call on behalf of a user is refused)"
	}
	return strings.Join(granted, ", ")
}
