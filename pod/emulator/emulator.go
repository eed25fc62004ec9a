// Package emulator is a local Symphony pod: an HTTP(S) server on loopback that
// implements the pod, login and authenticator REST APIs from the official
// spec, with deterministic seed data, live presence churn, fault injection and
// request counters. It is an independent implementation of the spec and must
// never import symtui/pod.
package emulator

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configure an emulator. The zero value is a usable small pod.
type Options struct {
	Addr  string // listen address; default "127.0.0.1:0"
	Seed  int64  // seed for the deterministic data; default 1
	Users int    // seeded people, default 2000; about 10% are on other pods (not in the admin list), the service accounts come on top
	Rooms int    // number of seeded rooms; default 300

	TLS bool // serve HTTPS with a CA generated at start (see CAPEM)

	SessionTTL  time.Duration // lifetime of a session token; default 1h
	FeedIdleTTL time.Duration // a presence feed unread this long expires; default 10m

	// PresenceChurn is the rate of random presence changes per second; 0 turns churn off.
	PresenceChurn float64

	Faults Faults // initial fault injection; change at run time with SetFaults

	// Now is the emulator's clock; default time.Now. Tests pass a fixed or fake clock.
	Now func() time.Time
}

func (o *Options) applyDefaults() {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Users == 0 {
		o.Users = 2000
	}
	if o.Rooms == 0 {
		o.Rooms = 300
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = time.Hour
	}
	if o.FeedIdleTTL == 0 {
		o.FeedIdleTTL = 10 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Emulator is a running local pod. Its exported fields are read-only after New.
type Emulator struct {
	URL string // base URL, e.g. "http://127.0.0.1:41234"; the pod API is under URL+"/pod"

	Credentials Credentials // how a client proves who it is (see credentials.go)
	CAPEM       []byte      // PEM of the CA that signed the server certificate (TLS only)

	opts     Options
	mu       sync.Mutex // guards st and everything reachable from it
	st       *state
	stats    *stats
	faults   *faultInjector
	mux      *http.ServeMux
	srv      *http.Server
	listener net.Listener
	tlsConf  *tls.Config

	stop     chan struct{}
	stopOnce sync.Once
	bg       sync.WaitGroup // background goroutines (churn, expiry)
}

// New starts an emulator and returns once it accepts connections.
func New(opts Options) (*Emulator, error) {
	opts.applyDefaults()
	stop := make(chan struct{})
	e := &Emulator{
		opts:   opts,
		stats:  newStats(),
		faults: newFaultInjector(opts.Faults, opts.Seed, stop),
		mux:    http.NewServeMux(),
		stop:   stop,
	}
	if err := e.init(); err != nil {
		return nil, err
	}
	e.routes()

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("emulator: listen on %s: %w", opts.Addr, err)
	}
	e.listener = ln
	scheme := "http"
	if e.tlsConf != nil {
		ln = tls.NewListener(ln, e.tlsConf)
		scheme = "https"
	}
	e.URL = fmt.Sprintf("%s://%s", scheme, ln.Addr().String())
	e.srv = &http.Server{Handler: e.faults.wrap(e.mux), ReadHeaderTimeout: 10 * time.Second}
	// Serve returns ErrServerClosed after Close, or an error once the listener
	// is gone; neither has anyone to report to.
	go func() { _ = e.srv.Serve(ln) }()
	e.startBackground()
	return e, nil
}

// Close stops the server and the background goroutines.
func (e *Emulator) Close() error {
	var err error
	e.stopOnce.Do(func() {
		close(e.stop)
		// Let requests in flight finish briefly, then cut what is left:
		// Shutdown alone waits 5 s for connections a client opened but never
		// used, which would make every test's cleanup slow.
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		if err = e.srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
			err = e.srv.Close()
		}
		e.bg.Wait()
	})
	return err
}

// now is the emulator's clock.
func (e *Emulator) now() time.Time { return e.opts.Now() }

// handle registers h for a method+path pattern (net/http ServeMux syntax) and
// counts every request under that pattern in the stats.
func (e *Emulator) handle(pattern string, h http.HandlerFunc) {
	e.mux.Handle(pattern, e.stats.count(pattern, h))
}
