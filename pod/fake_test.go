package pod

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted is one answer of a fakeDoer: a response, or a transport error.
type scripted struct {
	status int
	header http.Header
	body   string
	err    error
}

// fakeDoer answers requests from a script (the last entry repeats) and
// records what it was sent. Retry unit tests only: everything else runs
// against the emulator.
type fakeDoer struct {
	t      *testing.T
	mu     sync.Mutex
	script []scripted
	reqs   []*http.Request
	bodies []string
	handle func(*http.Request) scripted // overrides script when set
}

func (f *fakeDoer) Do(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body := ""
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			f.t.Errorf("reading request body: %v", err)
		}
		body = string(b)
	}
	f.reqs = append(f.reqs, req)
	f.bodies = append(f.bodies, body)
	var s scripted
	switch {
	case f.handle != nil:
		s = f.handle(req)
	case len(f.script) == 0:
		s = scripted{status: 200, body: "{}"}
	default:
		n := min(len(f.reqs), len(f.script)) - 1
		s = f.script[n]
	}
	if s.err != nil {
		return nil, s.err
	}
	h := s.header
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: s.status, Header: h, Body: io.NopCloser(strings.NewReader(s.body)), Request: req}, nil
}

func (f *fakeDoer) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

// testClient is a client over a fake doer whose backoff waits are recorded,
// not slept.
type testClient struct {
	*Client
	fake  *fakeDoer
	mu    sync.Mutex
	waits []time.Duration
	infos []RequestInfo
}

func newTestClient(t *testing.T, opts Options, script ...scripted) *testClient {
	t.Helper()
	tc := &testClient{fake: &fakeDoer{t: t, script: script}}
	obs := opts.Observer
	opts.Observer = func(ri RequestInfo) {
		tc.mu.Lock()
		tc.infos = append(tc.infos, ri)
		tc.mu.Unlock()
		if obs != nil {
			obs(ri)
		}
	}
	tc.Client = newClient(tc.fake, "http://pod.test:8443/pod", "http://agent.test:8444/agent", RetryPolicy{}, timeouts{}, timeouts{}, opts)
	tc.Client.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	tc.Client.sleep = func(ctx context.Context, d time.Duration) error {
		tc.mu.Lock()
		tc.waits = append(tc.waits, d)
		tc.mu.Unlock()
		return ctx.Err()
	}
	return tc
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }
