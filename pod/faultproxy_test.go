package pod_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

// fault is what the proxy does to one exchange.
type fault int

const (
	loseAnswer   fault = iota + 1 // forward, let the pod act, then close the connection without answering
	dropRequest                   // close the connection before the pod sees the request
	stallAnswer                   // never answer (until the client gives up)
	stallBody                     // send the headers and half the body, then nothing
	actThenStall                  // forward, let the pod act, then never answer
	actThen502                    // forward, let the pod act, then answer 502 as a gateway would
	resetRequest                  // reset the connection (RST) before the pod sees the request
	turnAway                      // answer 429 (Retry-After: 0) before the pod sees the request
)

// faultProxy stands between the client and the emulator on loopback and
// spoils chosen exchanges the way networks and proxies do. Everything else
// passes through untouched.
type faultProxy struct {
	target string
	srv    *httptest.Server
	client *http.Client
	done   chan struct{}

	mu    sync.Mutex
	rules map[string][]fault // "POST /pod/v3/room/create" -> faults for the next requests, in order
	hits  map[string]int     // requests that reached the proxy, by method and path
}

func newFaultProxy(t testing.TB, target string) *faultProxy {
	t.Helper()
	p := &faultProxy{target: target, done: make(chan struct{}), rules: map[string][]fault{}, hits: map[string]int{},
		client: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}}
	p.srv = httptest.NewServer(p)
	t.Cleanup(func() {
		close(p.done)
		p.srv.Close()
	})
	return p
}

// on spoils the next requests to method and path, one fault each.
func (p *faultProxy) on(method, path string, faults ...fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := method + " " + path
	p.rules[k] = append(p.rules[k], faults...)
}

// clear forgets the faults not yet used.
func (p *faultProxy) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = map[string][]fault{}
}

func (p *faultProxy) count(method, path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[method+" "+path]
}

func (p *faultProxy) take(r *http.Request) fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := r.Method + " " + r.URL.Path
	p.hits[k]++
	fs := p.rules[k]
	if len(fs) == 0 {
		return 0
	}
	p.rules[k] = fs[1:]
	return fs[0]
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := p.take(r)
	switch f {
	case dropRequest:
		hangUp(w)
		return
	case resetRequest:
		reset(w)
		return
	case stallAnswer:
		p.wait(r)
		return
	case turnAway:
		w.Header().Set("Retry-After", "0")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"code":429,"message":"Too many requests"}`)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, p.target+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	resp, err := p.client.Do(out)
	if err != nil {
		hangUp(w)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case err != nil || f == loseAnswer:
		hangUp(w) // the pod has acted; its answer goes nowhere
		return
	case f == actThenStall:
		p.wait(r)
		return
	case f == actThen502:
		http.Error(w, "<html>Bad Gateway</html>", http.StatusBadGateway)
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	if f == stallBody {
		_, _ = w.Write(body[:len(body)/2])
		http.NewResponseController(w).Flush()
		p.wait(r)
		return
	}
	_, _ = io.Copy(w, bytes.NewReader(body))
}

// wait holds the exchange until the client gives up or the test ends.
func (p *faultProxy) wait(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client leave
	select {
	case <-r.Context().Done():
	case <-p.done:
	}
}

// hangUp closes the client's connection without a response, as a reset would.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// reset closes the client's connection with a TCP reset.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close with RST, not FIN
	}
	_ = conn.Close()
}

// startPodBehind is startPod with the fault proxy between the client and
// the emulator.
func startPodBehind(t testing.TB, eo emulator.Options, po pod.Options) (*livePod, *faultProxy) {
	t.Helper()
	var proxy *faultProxy
	if po.Retry == nil {
		po.Retry = &pod.RetryPolicy{MaxAttempts: 10, InitialInterval: 10 * time.Millisecond, MaxInterval: 200 * time.Millisecond, Multiplier: 2}
	}
	p := newLivePod(t, eo, po, func(t testing.TB, e *emulator.Emulator) string {
		proxy = newFaultProxy(t, e.URL)
		return proxy.srv.URL
	})
	return p, proxy
}
