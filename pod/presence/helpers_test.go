package presence

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
	"symtui/session"
)

// testPod is an emulator on loopback and a real client signed in to it.
type testPod struct {
	emu    *emulator.Emulator
	client *pod.Client

	mu     sync.Mutex
	routes []string // every attempt's "METHOD /route", in order
}

func startPod(t testing.TB, opts emulator.Options) *testPod {
	t.Helper()
	return newTestPod(t, startEmulator(t, opts), 0)
}

// startLossyPod is startPod with the client's pod calls going through a
// proxy that loses the given share of feed-read answers after the pod
// handled them (logins go straight to the emulator).
func startLossyPod(t testing.TB, opts emulator.Options, po lossyproxy.Options) (*testPod, *lossyproxy.Proxy) {
	t.Helper()
	emu := startEmulator(t, opts)
	px, err := lossyproxy.New(emu.URL, po)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	port, err := strconv.Atoi(px.Port())
	if err != nil {
		t.Fatal(err)
	}
	return newTestPod(t, emu, port), px
}

func startEmulator(t testing.TB, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	return emu
}

// newTestPod signs in to emu; a non-zero podPort sends pod calls there instead.
func newTestPod(t testing.TB, emu *emulator.Emulator, podPort int) *testPod {
	t.Helper()
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(dir + "/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if podPort != 0 {
		cfg.Pod.Port = podPort
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	tp := &testPod{emu: emu}
	tp.client = pod.New(s, pod.Options{
		// Quick client retries, so the tracker's own backoff is what tests see.
		Retry:    &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Observer: tp.observe,
	})
	return tp
}

func (tp *testPod) observe(ri pod.RequestInfo) {
	tp.mu.Lock()
	tp.routes = append(tp.routes, ri.Method+" "+ri.Route)
	tp.mu.Unlock()
}

func (tp *testPod) seen() []string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return append([]string(nil), tp.routes...)
}

// truth is the emulator's own view of everyone's presence (GET /_emulator/presence).
func (tp *testPod) truth(t testing.TB) map[int64]pod.Presence {
	t.Helper()
	resp, err := http.Get(tp.emu.URL + "/_emulator/presence")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []pod.Presence
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	out := make(map[int64]pod.Presence, len(list))
	for _, p := range list {
		out[p.UserID] = p
	}
	return out
}

// listed is the set of users the pod lists in GET /pod/v2/users/presence
// (its own active users; other pods' users and disabled ones are omitted).
func (tp *testPod) listed(t testing.TB) map[int64]bool {
	t.Helper()
	out := map[int64]bool{}
	for p, err := range tp.client.AllPresence(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		out[p.UserID] = true
	}
	return out
}

// startTracker starts a tracker and closes it (deleting its feed) at cleanup.
func startTracker(t testing.TB, tp *testPod, opts Options) *Tracker {
	t.Helper()
	tr := New(tp.client, opts)
	ctx, cancel := context.WithCancel(context.Background())
	tr.Start(ctx)
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer ccancel()
		_ = tr.Close(cctx)
		cancel()
	})
	return tr
}

// waitFor polls the tracker's state until cond holds, failing after a
// generous deadline with the last state.
func waitFor(t testing.TB, tr *Tracker, what string, cond func(Snapshot) bool) Snapshot {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := tr.Snapshot(0)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; state: users=%d polls=%d reads=%d resyncs=%d failures=%d err=%v",
				what, s.Users, s.Polls, s.Reads, s.Resyncs, s.Failures, s.LastErr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pollsAfter waits until n more poll cycles completed after now.
func pollsAfter(t testing.TB, tr *Tracker, n uint64) Snapshot {
	t.Helper()
	p0 := tr.Snapshot(0).Polls
	return waitFor(t, tr, "more polls", func(s Snapshot) bool { return s.Polls >= p0+n })
}
