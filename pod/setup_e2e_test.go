package pod_test

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/contract"
	"symtui/pod/emulator"
	"symtui/session"
)

// recorder keeps what the client's observer saw.
type recorder struct {
	mu    sync.Mutex
	infos []pod.RequestInfo
}

func (r *recorder) observe(ri pod.RequestInfo) {
	r.mu.Lock()
	r.infos = append(r.infos, ri)
	r.mu.Unlock()
}

func (r *recorder) snapshot() []pod.RequestInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]pod.RequestInfo(nil), r.infos...)
}

// livePod is an emulator with a signed-in client talking to it over loopback.
type livePod struct {
	emu    *emulator.Emulator
	client *pod.Client
	seen   *recorder
}

// startPod starts an emulator and a client built the way the console builds
// one: from the BDK config file the emulator writes. When the official
// specifications are beside the repository, every request the client sends
// and every answer the emulator gives passes through a validating proxy: a
// contract violation fails the test.
func startPod(t testing.TB, eo emulator.Options, po pod.Options) *livePod {
	t.Helper()
	return newLivePod(t, eo, po, true)
}

// startPodUnvalidated is startPod without the validating proxy, for tests
// that inject transport faults (a proxy would turn a dropped connection into
// its own 502) or measure speed.
func startPodUnvalidated(t testing.TB, eo emulator.Options, po pod.Options) *livePod {
	t.Helper()
	return newLivePod(t, eo, po, false)
}

func newLivePod(t testing.TB, eo emulator.Options, po pod.Options, validate bool) *livePod {
	t.Helper()
	e, err := emulator.New(eo)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	dir := t.TempDir()
	if err := e.WriteConfig(dir); err != nil {
		t.Fatalf("write config: %v", err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatalf("load config: %v", err)
	}
	if validate {
		pointAt(t, cfg, contract.NewProxy(t, contract.RequireSpec(t), e.URL, nil))
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	rec := &recorder{}
	if po.Observer == nil {
		po.Observer = rec.observe
	}
	if po.Retry == nil {
		// The BDK policy, with waits short enough for tests.
		po.Retry = &pod.RetryPolicy{MaxAttempts: 10, InitialInterval: 10 * time.Millisecond, MaxInterval: 2 * time.Second, Multiplier: 2}
	}
	return &livePod{emu: e, client: pod.New(s, po), seen: rec}
}

// pointAt sends every component of cfg to the base URL proxy.
func pointAt(t testing.TB, cfg *session.Config, proxy string) {
	t.Helper()
	u, err := url.Parse(proxy)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range []*session.Endpoint{&cfg.Pod, &cfg.Agent, &cfg.KeyManager, &cfg.SessionAuth} {
		ep.Host, ep.Port = u.Hostname(), port
	}
}

// requests is how many requests the emulator counted for a route ("GET /pod/v3/users").
func (p *livePod) requests(route string) int { return p.emu.Stats().Routes[route].Requests }

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestE2EExchangesAreValidated proves the wiring above: a call made through
// startPod is seen by the contract validator.
func TestE2EExchangesAreValidated(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 20, Rooms: 2}, pod.Options{})
	if _, err := p.client.SessionInfo(testContext(t)); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(contract.Exercised(), "GET /pod/v2/sessioninfo") {
		t.Fatalf("the validator saw %v, not the sessioninfo call", contract.Exercised())
	}
}
