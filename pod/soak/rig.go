package soak

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/session"
)

// rig is what a soak runs on: an emulator on loopback and the client wired
// as the console wires it — one session (so one login per expiry, however
// many goroutines meet it), a client for the operator's calls and one for
// the presence tracker's polls.
type rig struct {
	emu     *emulator.Emulator
	relay   *relay // between the client and the emulator: it can refuse connections
	ctl     control
	dir     string // the BDK config and keys the emulator wrote
	sess    *session.Session
	client  *pod.Client
	tracker *presence.Tracker
	stopTr  context.CancelFunc
	botID   int64

	attempts latencies // every attempt of every call (the observer)
	refusals refusals
}

// refusals follows the attempts that met a refused connection: a call must
// fail at once then, with no attempt after it.
type refusals struct {
	mu      sync.Mutex
	took    latencies       // the attempts refused
	open    map[string]bool // trace ids of calls whose last attempt was refused
	retried []string        // the routes of calls that tried again after a refusal
}

func (f *refusals) observe(ri pod.RequestInfo) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.open[ri.TraceID] {
		delete(f.open, ri.TraceID)
		f.retried = append(f.retried, fmt.Sprintf("%s %s tried again (attempt %d)", ri.Method, ri.Route, ri.Attempt))
	}
	if session.IsRefused(ri.Err) {
		f.took.add(ri.Latency)
		f.open[ri.TraceID] = true
	}
}

// trackerInterval is the shortest polling interval the console allows:
// the most feed reads, and so the most lost ones, per minute.
const trackerInterval = time.Second

func newRig(cfg Config) (_ *rig, err error) {
	r := &rig{}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	r.emu, err = emulator.New(emulator.Options{Seed: cfg.Seed, Users: cfg.Users, Log: logWriter(cfg.Logf)})
	if err != nil {
		return nil, err
	}
	r.ctl = newControl(r.emu.URL) // the control API is reached directly, never through the relay
	u, err := url.Parse(r.emu.URL)
	if err != nil {
		return nil, err
	}
	if r.relay, err = newRelay(u.Host); err != nil {
		return nil, err
	}
	if r.dir, err = os.MkdirTemp("", "symtui-soak-"); err != nil {
		return nil, err
	}
	if err := r.emu.WriteConfig(r.dir); err != nil {
		return nil, err
	}
	sc, _, err := session.LoadConfig(filepath.Join(r.dir, "config.yaml"))
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(r.relay.addr)
	if sc.Pod.Port, err = strconv.Atoi(port); err != nil {
		return nil, err
	}
	if r.sess, err = session.New(sc, session.Options{Version: "soak", Reconnect: true}); err != nil {
		return nil, err
	}
	r.refusals.open = map[string]bool{}
	observe := func(ri pod.RequestInfo) {
		r.attempts.add(ri.Latency)
		r.refusals.observe(ri)
	}
	r.client = pod.New(r.sess, pod.Options{Observer: observe})
	polls := pod.New(r.sess, pod.Options{Observer: observe, Retry: &presence.PollRetry})
	r.tracker = presence.New(polls, presence.Options{Interval: trackerInterval})
	r.botID = r.emu.Credentials.BotUserID
	return r, nil
}

// startTracker starts the tracker and waits for its first full load.
func (r *rig) startTracker(ctx context.Context) error {
	tctx, cancel := context.WithCancel(ctx)
	r.stopTr = cancel
	r.tracker.Start(tctx)
	return r.waitPolls(ctx, 1, "the presence tracker's first load")
}

// waitPolls waits until n more poll cycles of the tracker succeeded,
// asking it to poll at once whenever it is waiting (after failures it
// backs off for up to a minute). It gives up after settleWait.
func (r *rig) waitPolls(ctx context.Context, n uint64, what string) error {
	target := r.tracker.Snapshot(0).Polls + n
	deadline := time.Now().Add(settleWait)
	for {
		s := r.tracker.Snapshot(0)
		if s.Polls >= target {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: no successful poll for %v (last error: %v)", what, settleWait, s.LastErr)
		}
		if !s.InFlight {
			r.tracker.Refresh()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// settleWait bounds each wait for the tracker: long enough for a login
// backing off and a full load on a loaded machine, short of a hang.
const settleWait = 3 * time.Minute

// close stops everything and removes the config; what fails here has
// nobody left to tell, the figures being out.
func (r *rig) close() {
	if r.tracker != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = r.tracker.Close(ctx) // deletes its feed
		cancel()
	}
	if r.stopTr != nil {
		r.stopTr()
	}
	if r.sess != nil {
		r.sess.Close()
	}
	if r.relay != nil {
		r.relay.close()
	}
	if r.emu != nil {
		_ = r.emu.Close()
	}
	if r.dir != "" {
		_ = os.RemoveAll(r.dir)
	}
}

// logWriter passes the emulator's log lines (a recovered panic, the HTTP
// server's complaints) on to logf.
type logWriter func(format string, args ...any)

func (l logWriter) Write(b []byte) (int, error) {
	l("%s", strings.TrimRight(string(b), "\n"))
	return len(b), nil
}
