// Package soak is a reproducible fault soak of the client: the real
// session, pod client and presence tracker against the real emulator over
// loopback, for a set time, under a schedule of faults drawn from a seed,
// while an operator's workload runs. At the end, with the faults off, it
// compares what the client believes and said with the emulator's truth
// and reports one figure per line; a figure outside its bound fails.
//
// The seed fixes the emulator's data and the sequence of its fault draws,
// the schedule (when each burst and expiry comes, and its size), and each
// workload goroutine's choices given the same outcomes. It cannot fix
// which request meets which fault: the goroutines interleave as the
// machine schedules them, so two runs with one seed differ in their
// outcomes, counts and latencies. The bounds hold for any interleaving.
package soak

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"symtui/pod/emulator"
)

// Config says how long and with which seed to soak.
type Config struct {
	Duration time.Duration // faults and workload; default 30s
	Seed     int64         // default 1
	Users    int           // people on the emulator; default 2000
	// Logf receives progress and what went wrong along the way; nil
	// discards it.
	Logf func(format string, args ...any)
}

func (c Config) withDefaults() Config {
	if c.Duration <= 0 {
		c.Duration = 30 * time.Second
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Users <= 0 {
		c.Users = 2000
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return c
}

// progressEvery is how often a long soak says where it is.
const progressEvery = time.Minute

// Run soaks for cfg.Duration and returns the report. An error means the
// soak itself could not run (the emulator would not start, the setup
// failed, the tracker never settled); a client misbehaving is a failed
// figure, not an error.
func Run(ctx context.Context, cfg Config) (Report, error) {
	cfg = cfg.withDefaults()
	began := time.Now()
	r, err := newRig(cfg)
	if err != nil {
		return Report{}, err
	}
	defer r.close()
	w := &workload{client: r.client, truth: r.emu.RoomMembers, seed: cfg.Seed, botID: r.botID, logf: cfg.Logf}
	sctx, cancel := context.WithTimeout(ctx, settleWait)
	err = w.prepare(sctx)
	cancel()
	if err != nil {
		return Report{}, fmt.Errorf("setting up the workload: %w", err)
	}
	if err := r.startTracker(ctx); err != nil {
		return Report{}, err
	}

	setup := time.Since(began)
	events := schedule(cfg.Seed, cfg.Duration)
	if err := r.ctl.setFaults(baseFaults()); err != nil {
		return Report{}, err
	}
	if err := r.ctl.churn(churnRate); err != nil {
		return Report{}, err
	}
	stop, workDone := make(chan struct{}), make(chan struct{})
	go func() {
		w.run(ctx, stop)
		close(workDone)
	}()
	played, err := r.play(ctx, events, cfg, w)
	close(stop)
	<-workDone
	if err == nil {
		err = r.relay.up() // when the run ended in an outage
	}
	if err != nil {
		return Report{}, err
	}

	// The truth, with the faults off and presence still.
	if err := r.ctl.setFaults(emulator.Faults{}); err != nil {
		return Report{}, err
	}
	if err := r.ctl.churn(0); err != nil {
		return Report{}, err
	}
	settling := time.Now()
	if err := r.waitPolls(ctx, 2, "the presence tracker, with the faults off"); err != nil {
		return Report{}, err
	}
	played.setup, played.settle = setup, time.Since(settling)
	return r.verdict(cfg, w, played)
}

// played counts what the schedule did.
type played struct {
	rateLimits, turnedAway int
	sessionExpiries        int
	feedExpiries           int
	bursts, burstChanges   int
	outages                int
	outageTime             time.Duration

	setup, settle time.Duration // before the faults, and the tracker's settling after
}

// play carries out the schedule from now until cfg.Duration has passed,
// saying where it is every progressEvery.
func (r *rig) play(ctx context.Context, events []event, cfg Config, w *workload) (played, error) {
	var p played
	start := time.Now()
	next := progressEvery
	for i := 0; ; {
		at := cfg.Duration
		if i < len(events) {
			at = events[i].at
		}
		if next < at {
			at = next
		}
		select {
		case <-ctx.Done():
			return p, ctx.Err()
		case <-time.After(time.Until(start.Add(at))):
		}
		switch {
		case at == next && next < cfg.Duration:
			cfg.Logf("soak: %v of %v: %d calls, %d failed; %d creates; %d session expiries",
				next, cfg.Duration, w.calls.count(), w.failedCalls.Load(), len(w.creates.all()), p.sessionExpiries)
			next += progressEvery
			continue
		case i == len(events):
			return p, nil
		}
		if err := r.fire(events[i], &p); err != nil {
			return p, fmt.Errorf("the fault schedule at %s: %w", events[i], err)
		}
		i++
	}
}

func (r *rig) fire(ev event, p *played) error {
	switch ev.kind {
	case rateLimitBurst:
		f := baseFaults()
		f.RateLimitNext, f.RetryAfterSeconds = ev.n, ev.retryAfter
		p.rateLimits++
		p.turnedAway += ev.n
		return r.ctl.setFaults(f)
	case expireSessions:
		p.sessionExpiries++
		return r.ctl.expireSessions()
	case expireFeeds:
		p.feedExpiries++
		return r.ctl.expireFeeds()
	case outage:
		p.outages++
		p.outageTime += ev.length
		r.relay.down()
		return nil
	case outageEnd:
		return r.relay.up()
	default:
		p.bursts++
		p.burstChanges += ev.n
		return r.ctl.burst(ev.n)
	}
}

// verdict takes the emulator's truth and makes the report.
func (r *rig) verdict(cfg Config, w *workload, p played) (Report, error) {
	st, err := r.ctl.stats()
	if err != nil {
		return Report{}, err
	}
	truth, err := r.ctl.presence()
	if err != nil {
		return Report{}, err
	}
	snap := r.tracker.Snapshot(0)
	lost, compared, unseen := lostPresence(truth, r.tracker.All(), r.localUser)
	f := []Figure{atMost("lost presence changes", len(lost), 0, withExamples(fmt.Sprintf(
		"%d users compared after 2 polls with the faults off, and %d users created during the run, offline since, not met yet; tracker: %d feed reads, %d answers lost, %d resyncs, %d users corrected",
		compared, unseen, snap.Reads, snap.Lost, snap.Resyncs, snap.Corrected), lost))}
	f = append(f, createFigures(w.creates.all(), r.emu.RoomsNamed, r.emu.UserNamed)...)
	f = append(f, membershipFigures(w.members, w.pool, r.botID, r.emu.RoomMembers)...)
	f = append(f, atMost("panics", st.Panics+int(w.panics.Load()), 0,
		fmt.Sprintf("%d in the emulator, %d in the client", st.Panics, w.panics.Load())))
	f = append(f, loginFigure(st, p.sessionExpiries))
	f = append(f, r.refusalFigure())
	w.reads.mu.Lock()
	f = append(f, atMost("lookups answered wrongly", len(w.reads.wrong), 0, withExamples(fmt.Sprintf("of %d answered", w.reads.done), w.reads.wrong)))
	w.reads.mu.Unlock()
	calls, attempts := w.calls.percentiles(50, 99), r.attempts.percentiles(50, 99)
	f = append(f,
		Figure{Name: "calls failed", Value: fmt.Sprint(w.failedCalls.Load()), Detail: w.failures()},
		Figure{Name: "call latency p50/p99", Value: short(calls[0]) + "/" + short(calls[1]),
			Detail: fmt.Sprintf("workload calls with their retries; single attempts %s/%s over %d", short(attempts[0]), short(attempts[1]), r.attempts.count())},
	)
	fc := st.Faults
	header := []string{
		fmt.Sprintf("fault soak: %v, seed %d, %d users; one session for the workload and the presence tracker (polling every %v); setup %v, settling %v",
			cfg.Duration, cfg.Seed, cfg.Users, trackerInterval, p.setup.Round(100*time.Millisecond), p.settle.Round(100*time.Millisecond)),
		fmt.Sprintf("schedule: %.0f%% 5xx, %.0f%% dropped connections, %.0f%% lost answers throughout; %d 429 bursts (%d requests), %d session expiries, %d feed expiries, %d outages refusing connections (%v); presence: %.0f changes/s and %d bursts (%d changes)",
			errorRate*100, dropRate*100, loseRate*100, p.rateLimits, p.turnedAway, p.sessionExpiries, p.feedExpiries, p.outages, p.outageTime.Round(time.Millisecond), churnRate, p.bursts, p.burstChanges),
		fmt.Sprintf("injected: %d 5xx, %d drops, %d lost answers, %d 429s among %d requests that reached a route",
			fc.Errors, fc.Dropped, fc.Lost, fc.RateLimited, st.Requests),
	}
	return Report{Header: header, Figures: f}, nil
}

// localUser reports whether id is one of the pod's own enabled users: the
// users its presence list and feeds cover.
func (r *rig) localUser(id int64) bool {
	b, ok := r.emu.UserRecord(id)
	if !ok {
		return false
	}
	var u struct {
		External bool
		Status   string
	}
	return json.Unmarshal(b, &u) == nil && !u.External && u.Status == "ENABLED"
}

// short prints a latency with three significant digits at most.
func short(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}

// refusalFigure counts the calls that tried again after a refused
// connection: a pod that is down says so at once, and the call fails then.
func (r *rig) refusalFigure() Figure {
	f := &r.refusals
	f.mu.Lock()
	defer f.mu.Unlock()
	took := f.took.percentiles(50, 99)
	return atMost("refused connections tried again", len(f.retried), 0, withExamples(fmt.Sprintf(
		"%d attempts met a refused connection, each taking p50/p99 %s/%s; a call ends there",
		f.took.count(), short(took[0]), short(took[1])), f.retried))
}
