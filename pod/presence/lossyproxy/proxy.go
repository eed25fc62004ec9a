// Package lossyproxy is a loopback HTTP proxy for tests: it forwards every
// request to a pod (the emulator) and loses the answers of a share of
// presence feed reads AFTER the pod handled them — the feed is drained and
// the client never learns what it held — the way a connection reset, a
// proxy's 502/504 or a timeout loses them on a real network.
package lossyproxy

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Loss is how an answer is lost.
type Loss int

const (
	Close          Loss = iota // the connection is closed without an answer (FIN)
	Reset                      // the connection is reset (RST)
	BadGateway                 // a proxy's 502 with an HTML page
	GatewayTimeout             // a proxy's 504
	Stall                      // no answer until the client gives up (its deadline)
	Empty                      // a 200 with an empty list: a loss no client can see
)

func (l Loss) String() string {
	return [...]string{"close", "reset", "502", "504", "stall", "empty"}[l]
}

// Visible are the losses a client can notice: all but Empty.
var Visible = []Loss{Close, Reset, BadGateway, GatewayTimeout, Stall}

// Options configure a Proxy.
type Options struct {
	Rate        float64 // share of feed reads whose answer is lost
	Kinds       []Loss  // each loss is drawn from these; default Close
	Seed        uint64  // makes the draws repeatable
	NoKeepAlive bool    // one request per connection, so Refuse refuses every next request
}

// Proxy forwards to a pod and loses feed-read answers.
type Proxy struct {
	URL string // base URL of the proxy, e.g. http://127.0.0.1:41234

	target   *url.URL
	upstream *http.Transport
	srv      *http.Server
	addr     string

	mu      sync.Mutex
	ln      net.Listener // nil while refusing
	rate    float64
	kinds   []Loss
	next    []Loss // losses for the next reads, before any random ones
	nextFed []Loss // losses for the next reads that carry changes
	rewrite func([]byte) []byte
	rng     *rand.Rand
	reads   int
	lost    map[Loss]int
}

// New starts a proxy on loopback in front of target (a base URL such as an
// emulator's).
func New(target string, o Options) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("lossyproxy: target %q: %w", target, err)
	}
	if len(o.Kinds) == 0 {
		o.Kinds = []Loss{Close}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lossyproxy: listen: %w", err)
	}
	p := &Proxy{
		URL:      "http://" + ln.Addr().String(),
		target:   u,
		upstream: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
		addr:     ln.Addr().String(),
		ln:       ln,
		rate:     o.Rate,
		kinds:    o.Kinds,
		rng:      rand.New(rand.NewPCG(o.Seed, 0x1055)),
		lost:     map[Loss]int{},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	p.srv.SetKeepAlivesEnabled(!o.NoKeepAlive)
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// Close stops the proxy.
func (p *Proxy) Close() error {
	p.upstream.CloseIdleConnections()
	return p.srv.Close()
}

// Refuse stops accepting connections: a new one is refused, as by a pod
// that is down. Requests in flight finish.
func (p *Proxy) Refuse() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return nil
	}
	err := p.ln.Close()
	p.ln = nil
	return err
}

// Accept takes connections again on the same address.
func (p *Proxy) Accept() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return fmt.Errorf("lossyproxy: listen again on %s: %w", p.addr, err)
	}
	p.ln = ln
	go func() { _ = p.srv.Serve(ln) }()
	return nil
}

// Port is the proxy's TCP port.
func (p *Proxy) Port() string {
	u, _ := url.Parse(p.URL)
	return u.Port()
}

// SetRate changes the share of feed reads whose answer is lost.
func (p *Proxy) SetRate(rate float64) {
	p.mu.Lock()
	p.rate = rate
	p.mu.Unlock()
}

// LoseNext loses the answers of the next feed reads, one per loss given, in order.
func (p *Proxy) LoseNext(losses ...Loss) {
	p.mu.Lock()
	p.next = append(p.next, losses...)
	p.mu.Unlock()
}

// LoseNextChanges loses the answers of the next feed reads that carry at
// least one change, one per loss given, in order.
func (p *Proxy) LoseNextChanges(losses ...Loss) {
	p.mu.Lock()
	p.nextFed = append(p.nextFed, losses...)
	p.mu.Unlock()
}

// Rewrite passes the body of every answered feed read through f (nil: as is).
func (p *Proxy) Rewrite(f func([]byte) []byte) {
	p.mu.Lock()
	p.rewrite = f
	p.mu.Unlock()
}

// Reads is how many feed reads reached the proxy.
func (p *Proxy) Reads() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reads
}

// Lost is how many feed-read answers were lost, per kind.
func (p *Proxy) Lost() map[Loss]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[Loss]int, len(p.lost))
	for k, n := range p.lost {
		out[k] = n
	}
	return out
}

// LostTotal is how many feed-read answers were lost.
func (p *Proxy) LostTotal() int {
	n := 0
	for _, c := range p.Lost() {
		n += c
	}
	return n
}

func isFeedRead(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/pod/v1/presence/feed/") && strings.HasSuffix(r.URL.Path, "/read")
}

// decide draws the fate of one feed read's answer.
func (p *Proxy) decide(body []byte) (Loss, bool, func([]byte) []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reads++
	var loss Loss
	lose := false
	switch {
	case len(p.nextFed) > 0 && !bytes.Equal(bytes.TrimSpace(body), []byte("[]")):
		loss, p.nextFed, lose = p.nextFed[0], p.nextFed[1:], true
	case len(p.next) > 0:
		loss, p.next, lose = p.next[0], p.next[1:], true
	case p.rate > 0 && p.rng.Float64() < p.rate:
		loss, lose = p.kinds[p.rng.IntN(len(p.kinds))], true
	}
	if lose {
		p.lost[loss]++
	}
	return loss, lose, p.rewrite
}

// ServeHTTP forwards the request, waits for the pod's whole answer, and
// only then decides whether the client gets it.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = p.target.Scheme, p.target.Host
	out.Host = p.target.Host
	resp, err := p.upstream.RoundTrip(out)
	if err != nil {
		http.Error(w, "lossyproxy: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		http.Error(w, "lossyproxy: upstream body: "+err.Error(), http.StatusBadGateway)
		return
	}
	if isFeedRead(r) && resp.StatusCode == http.StatusOK {
		loss, lose, rewrite := p.decide(body)
		if lose {
			lost(w, r, loss)
			return
		}
		if rewrite != nil {
			body = rewrite(body)
		}
	}
	for k, vs := range resp.Header {
		if k == "Content-Length" || k == "Connection" {
			continue
		}
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, bytes.NewReader(body))
}

// lost answers a feed read the way loss loses it.
func lost(w http.ResponseWriter, r *http.Request, loss Loss) {
	switch loss {
	case BadGateway:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case GatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusGatewayTimeout)
		_, _ = io.WriteString(w, "<html><body><h1>504 Gateway Time-out</h1></body></html>")
	case Stall:
		<-r.Context().Done() // the client gave up and closed the connection
	case Empty:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "[]")
	default:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if tcp, ok := conn.(*net.TCPConn); ok && loss == Reset {
			_ = tcp.SetLinger(0) // close with RST
		}
		_ = conn.Close()
	}
}
