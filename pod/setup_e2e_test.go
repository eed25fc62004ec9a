package pod_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"symtui/pod"
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
// one: from the BDK config file the emulator writes.
func startPod(t testing.TB, eo emulator.Options, po pod.Options) *livePod {
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

// requests is how many requests the emulator counted for a route ("GET /pod/v3/users").
func (p *livePod) requests(route string) int { return p.emu.Stats().Routes[route].Requests }

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
