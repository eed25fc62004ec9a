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
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// Options configure an emulator. The zero value is a usable small pod.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0". A host that is not
	// loopback needs ControlToken: the control API must not be open to the network.
	Addr  string
	Seed  int64 // seed for the deterministic data; default 1
	Users int   // seeded people, default 2000; about 10% are on other pods (not in the admin list), the service accounts come on top
	Rooms int   // number of seeded rooms; default 300
	// BigRooms adds rooms of BigRoomMembers people each (the bot owns them),
	// on top of Rooms; 0 (the default) adds none and leaves the seed as it was.
	BigRooms int

	TLS bool // serve HTTPS with a CA generated at start (see CAPEM)

	SessionTTL  time.Duration // lifetime of a session token; default 1h
	FeedIdleTTL time.Duration // a presence feed unread this long expires; default 10m

	// PresenceChurn is the rate of random presence changes per second; 0 turns churn off.
	PresenceChurn float64

	Faults Faults // initial fault injection; change at run time with SetFaults

	// ControlToken, when set, is required as "Authorization: Bearer <token>"
	// on every /_emulator/* request (see NewControlToken).
	ControlToken string

	// AppPermissions are the permissions granted to each app, by app id
	// (AppID is the one app): what a session obtained on behalf of a user
	// may call (see OBOEndpoints). An app not named holds every permission;
	// an empty list grants none. Change them at run time with SetAppPermissions.
	AppPermissions map[string][]string

	// Identity is the key material to reuse (see LoadIdentity); what it
	// leaves nil is generated.
	Identity Identity

	// Log receives one line per recovered handler panic and the HTTP
	// server's own complaints; default os.Stderr.
	Log io.Writer

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
	if o.Log == nil {
		o.Log = os.Stderr
	}
}

// Bounds of the options and of the control API's inputs: each keeps one
// request or one churn tick from holding the pod's lock for long.
const (
	MaxUsers     = 1_000_000
	MaxRooms     = 1_000_000
	MaxChurnRate = 10_000  // presence changes per second
	MaxBurst     = 100_000 // presence changes in one burst
)

func (o *Options) validate() error {
	switch {
	case o.Users < 0 || o.Users > MaxUsers:
		return fmt.Errorf("users %d: want 1 to %d", o.Users, MaxUsers)
	case o.Rooms < 0 || o.Rooms > MaxRooms:
		return fmt.Errorf("rooms %d: want 1 to %d", o.Rooms, MaxRooms)
	case o.BigRooms < 0 || o.BigRooms > MaxBigRooms:
		return fmt.Errorf("big rooms %d: want 0 to %d", o.BigRooms, MaxBigRooms)
	case !(o.PresenceChurn >= 0 && o.PresenceChurn <= MaxChurnRate): // NaN fails too
		return fmt.Errorf("presence churn %v: want 0 to %d changes per second", o.PresenceChurn, MaxChurnRate)
	case o.SessionTTL < 0 || o.FeedIdleTTL < 0:
		return errors.New("session and feed lifetimes must not be negative")
	}
	if err := o.Faults.Validate(); err != nil {
		return err
	}
	if err := validateAppPermissions(o.AppPermissions); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(o.Addr); err != nil {
		return fmt.Errorf("listen address %q: want host:port", o.Addr)
	}
	if o.ControlToken == "" && !isLoopback(o.Addr) {
		return fmt.Errorf("%s is not a loopback address: serving the network needs a ControlToken", o.Addr)
	}
	return nil
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
	bodies   *byteBudget // request bodies in flight
	logger   *log.Logger
	srv      *http.Server
	listener net.Listener
	tlsConf  *tls.Config
	caKeyPEM []byte // the CA's private key (TLS only), for WriteConfig

	patterns []string // every API route registered by handle

	stop     chan struct{}
	stopOnce sync.Once
	bg       sync.WaitGroup // background goroutines (churn, expiry)
}

// New starts an emulator and returns once it accepts connections.
func New(opts Options) (*Emulator, error) {
	opts.applyDefaults()
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	stop := make(chan struct{})
	e := &Emulator{
		opts:   opts,
		stats:  newStats(),
		faults: newFaultInjector(opts.Faults, opts.Seed, stop),
		mux:    http.NewServeMux(),
		bodies: newByteBudget(MaxBodiesInFlight),
		logger: log.New(opts.Log, "emulator: ", log.LstdFlags),
		stop:   stop,
	}
	if err := e.init(); err != nil {
		return nil, err
	}
	e.grantAppPermissions()
	e.routes()

	ln, err := listen(opts.Addr)
	if err != nil {
		return nil, err
	}
	e.listener = ln
	scheme := "http"
	if e.tlsConf != nil {
		ln = tls.NewListener(ln, e.tlsConf)
		scheme = "https"
	}
	e.URL = fmt.Sprintf("%s://%s", scheme, dialable(ln.Addr()))
	e.srv = &http.Server{
		Handler:           http.HandlerFunc(e.serve),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          e.logger,
	}
	// Serve returns ErrServerClosed after Close, or an error once the listener
	// is gone; neither has anyone to report to.
	go func() { _ = e.srv.Serve(ln) }()
	e.startBackground()
	return e, nil
}

// closeWait bounds how long Close waits for the background goroutines once
// the server is closed; a handler stuck in a loop cannot keep Close (and so a
// process told to stop) waiting for ever.
const closeWait = 2 * time.Second

// Close stops the server and the background goroutines. It returns within
// about three seconds whatever the handlers in flight are doing.
func (e *Emulator) Close() error {
	var err error
	e.stopOnce.Do(func() {
		close(e.stop) // delayed answers stop waiting
		// Let requests in flight finish briefly, then cut what is left:
		// Shutdown alone waits 5 s for connections a client opened but never
		// used, which would make every test's cleanup slow.
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		if err = e.srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
			err = e.srv.Close()
		}
		done := make(chan struct{})
		go func() { e.bg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(closeWait):
			err = errors.Join(err, errors.New("emulator: background work did not stop; closed without it"))
		}
	})
	return err
}

// now is the emulator's clock.
func (e *Emulator) now() time.Time { return e.opts.Now() }

// handle registers h for a method+path pattern (net/http ServeMux syntax) and
// counts every request under that pattern in the stats.
func (e *Emulator) handle(pattern string, h http.HandlerFunc) {
	if changes(pattern) {
		h = e.versioned(h)
	}
	e.mux.Handle(pattern, e.stats.count(pattern, h))
	e.patterns = append(e.patterns, pattern)
}

// Routes lists the API routes the emulator serves ("METHOD /path/{param}"),
// in registration order; the control API is not among them.
func (e *Emulator) Routes() []string { return slices.Clone(e.patterns) }
