package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"symtui/pod"
	"symtui/session"
)

// checkTimeout bounds the whole check: an operator's first command on a new
// pod must answer, not hang on a firewall.
const checkTimeout = 30 * time.Second

// maxClockSkew is how far our clock may drift from the pod's before the check
// fails: login JWTs live 240 s and the pod refuses one more than 5 minutes ahead.
const maxClockSkew = 60 * time.Second

// Check is the operator's first command on a new pod: config, key, login,
// identity, clock. It prints a checklist and exits non-zero with one line
// per failure. With --as-user it logs in as the app, then on behalf of the
// user, and probes each app permission with one harmless read (a refused
// permission is reported, not a failure: the app may lawfully lack it).
func Check(args []string, env Env) int {
	fs := newFlags("check")
	configPath := fs.String("config", "", "BDK config `file` (default ~/.symphony/config.yaml)")
	contextName := fs.String("context", "", "the pod context `name` of ~/.config/symtui/config.yaml (instead of --config)")
	asUser := addAsUser(fs)
	if code, ok := parseFlags(fs, args, env); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "symtui check: unexpected argument %q (see symtui check --help)\n", cleanText(fs.Arg(0)))
		return ExitUsage
	}
	list := checklist{env: env}
	// The pod is found as every command finds it: --context, --config, or
	// the settings' default context, which may act on behalf of a user.
	target, err := checkTarget(*contextName, *configPath, env)
	if err == nil {
		err = CheckAsUser(fs, *asUser)
	}
	if *asUser != "" {
		target.AsUser = *asUser
	}
	var opts session.Options
	if err == nil {
		opts, err = SessionOptions(target.AsUser, env.Version)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "symtui check: %s\n", oneLine(err))
		return ExitUsage
	}
	if target.Context != "" {
		list.ok("context", cleanText(target.Context))
	}

	cfg, err := LoadConfig(target.Config, env)
	if err != nil {
		var ce *session.ConfigError
		if errors.As(err, &ce) {
			err = errors.New(ce.Detail()) // the line says "config" already
		}
		list.fail("config", target.blame(err))
		return ExitUsage
	}
	list.ok("config", cleanText(cfg.Path))
	list.ok("pod", cleanText(cfg.Pod.BaseURL()+"/pod"))

	s, err := session.New(cfg, opts)
	if err != nil {
		list.fail("credentials", err)
		return ExitUsage
	}
	list.ok("credentials", s.State().Identity)

	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	onBehalf, isOBO := s.OnBehalf()
	if isOBO {
		if err := s.AuthenticateApp(ctx); err != nil {
			list.fail("app login", err)
			return ExitPod
		}
		list.ok("app login", fmt.Sprintf("app %q signed in with its key", onBehalf.AppID))
		if err := s.Authenticate(ctx); err != nil {
			list.fail("obo login", err)
			return ExitPod
		}
		list.ok("obo login", "session on behalf of "+describeOnBehalf(onBehalf))
	} else {
		if err := s.Authenticate(ctx); err != nil {
			list.fail("login", err)
			return ExitPod
		}
		list.ok("login", "session established")
	}

	// The observer runs on this goroutine after each attempt. The pod's Date
	// (one-second resolution) is compared with the midpoint of the round trip
	// of the attempt that carried it, so a retry's backoff does not count as skew.
	var (
		skew    time.Duration
		hasDate bool
	)
	client := pod.New(s, pod.Options{
		ReadOnly: true,
		Observer: func(ri pod.RequestInfo) {
			if !ri.ServerDate.IsZero() {
				mid := time.Now().Add(-ri.Latency / 2)
				skew, hasDate = mid.Sub(ri.ServerDate).Truncate(time.Second), true
			}
		},
	})
	me, err := client.SessionInfo(ctx)
	switch {
	case isOBO && len(pod.MissingPermissions(err)) > 0:
		// The app may lawfully lack GET_BASIC_USER_INFO: the probes below say so.
		list.warn("identity", "unknown: "+oneLine(err))
	case err != nil:
		list.fail("sessioninfo", err)
		return ExitPod
	default:
		list.ok("identity", describeUser(me))
		if len(me.Roles) > 0 {
			list.ok("roles", fmt.Sprint(me.Roles))
		} else {
			list.ok("roles", "none")
		}
	}

	switch {
	case !hasDate:
		list.warn("clock", "the pod sent no Date header; skew unknown")
	case math.Abs(float64(skew)) > float64(maxClockSkew):
		list.fail("clock", fmt.Errorf("our clock is %s off the pod's; login tokens may be refused (sync with NTP)", skew))
	default:
		list.ok("clock", fmt.Sprintf("skew %s (within %s)", skew, maxClockSkew))
	}
	if isOBO {
		probePermissions(ctx, client, onBehalf, me, err, &list)
	}
	if list.failed > 0 {
		return ExitPod
	}
	return ExitOK
}

// checkTarget reads the settings file and resolves the pod to check.
func checkTarget(contextName, config string, env Env) (Target, error) {
	f, err := LoadSettings(env)
	if err != nil {
		return Target{}, err
	}
	return ResolveTarget(f, contextName, config)
}

// describeUser is "display name (username, id N, ACCOUNT TYPE)", sanitized.
func describeUser(u pod.User) string {
	return fmt.Sprintf("%s (username %s, id %d, %s)",
		cleanText(u.DisplayName), cleanText(u.Username), u.ID, cleanText(u.AccountType))
}

// checklist prints one aligned line per check.
type checklist struct {
	env    Env
	failed int
}

func (c *checklist) ok(name, detail string) {
	fmt.Fprintf(c.env.Stdout, "ok    %-12s %s\n", name, detail)
}

func (c *checklist) warn(name, detail string) {
	fmt.Fprintf(c.env.Stdout, "warn  %-12s %s\n", name, detail)
}

func (c *checklist) fail(name string, err error) {
	c.failed++
	fmt.Fprintf(c.env.Stderr, "FAIL  %-12s %s\n", name, oneLine(err))
}

// line prints one permission's verdict: mark is ok, warn or -.
func (c *checklist) line(mark string, perm pod.Permission, detail string) {
	fmt.Fprintf(c.env.Stdout, "%-5s %-12s %-25s %s\n", mark, "permission", perm, detail)
}

func (c *checklist) failLine(perm pod.Permission, err error) {
	c.failed++
	fmt.Fprintf(c.env.Stderr, "FAIL  %-12s %-25s %s\n", "permission", perm, oneLine(err))
}

// describeOnBehalf names the user as the operator did: user 42, or user "ana".
func describeOnBehalf(o session.OnBehalf) string {
	if o.Username == "" {
		return fmt.Sprintf("user %d", o.UserID)
	}
	return fmt.Sprintf("user %q", cleanText(o.Username))
}
