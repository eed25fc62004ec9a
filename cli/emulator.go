package cli

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"symtui/pod/emulator"
)

// Emulator runs a local pod in the foreground until interrupted.
func Emulator(args []string, env Env) int {
	fs := newFlags("emulator")
	addr := fs.String("addr", "127.0.0.1:8443", "listen address (loopback)")
	users := fs.Int("users", 2000, "number of seeded users")
	rooms := fs.Int("rooms", 300, "number of seeded rooms")
	seed := fs.Int64("seed", 1, "seed of the deterministic data")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a generated CA (written as ca.pem)")
	churn := fs.Float64("churn", 2, "presence changes per second (0 turns churn off)")
	sessionTTL := fs.Duration("session-ttl", time.Hour, "lifetime of a session token")
	latency := fs.Duration("latency", 0, "fault: latency added to every API request")
	jitter := fs.Duration("jitter", 0, "fault: random extra latency, up to this much")
	errorRate := fs.Float64("error-rate", 0, "fault: fraction of API requests answered 500 or 503")
	dropRate := fs.Float64("drop-rate", 0, "fault: fraction of API requests whose connection is dropped")
	configDir := fs.String("write-config", "", "write config.yaml, the bot and app keys (and ca.pem with --tls) for this pod into `DIR`")
	if code, ok := parseFlags(fs, args, env.Stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "symtui emulator: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	}
	for name, rate := range map[string]float64{"--error-rate": *errorRate, "--drop-rate": *dropRate} {
		if rate < 0 || rate > 1 {
			fmt.Fprintf(env.Stderr, "symtui emulator: %s %v: want a fraction between 0 and 1\n", name, rate)
			return ExitUsage
		}
	}
	if *users < 1 || *rooms < 1 {
		fmt.Fprintln(env.Stderr, "symtui emulator: --users and --rooms must be at least 1")
		return ExitUsage
	}

	emu, err := emulator.New(emulator.Options{
		Addr:          *addr,
		Users:         *users,
		Rooms:         *rooms,
		Seed:          *seed,
		TLS:           *useTLS,
		PresenceChurn: *churn,
		SessionTTL:    *sessionTTL,
		Faults: emulator.Faults{
			Latency:   *latency,
			Jitter:    *jitter,
			ErrorRate: *errorRate,
			DropRate:  *dropRate,
		},
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui emulator: %s\n", oneLine(err))
		return ExitUsage
	}
	defer emu.Close()

	fmt.Fprintf(env.Stdout, "emulator: pod at %s (%d users, %d rooms, seed %d)\n", emu.URL, *users, *rooms, *seed)
	if *configDir != "" {
		if err := emu.WriteConfig(*configDir); err != nil {
			fmt.Fprintf(env.Stderr, "symtui emulator: write config to %s: %s\n", *configDir, oneLine(err))
			return ExitUsage
		}
		fmt.Fprintf(env.Stdout, "emulator: wrote %s\n", filepath.Join(*configDir, "config.yaml"))
		fmt.Fprintf(env.Stdout, "emulator: try: symtui check --config %s\n", filepath.Join(*configDir, "config.yaml"))
	}
	fmt.Fprintf(env.Stdout, "emulator: counters at %s/_emulator/stats; change faults with POST %s/_emulator/faults\n", emu.URL, emu.URL)
	fmt.Fprintln(env.Stdout, "emulator: press Ctrl-C to stop")

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Fprintln(env.Stdout, "emulator: stopped")
	return ExitOK
}
