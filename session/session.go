package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options say how this run logs in.
type Options struct {
	Version string // User-Agent is "symtui/<Version>"

	// Act on behalf of a user (needs app.appId and app.privateKey); at most
	// one of OBOUserID and OBOUsername.
	OBOUserID   int64
	OBOUsername string

	Now func() time.Time // clock for JWT expiry, backoff and State; default time.Now

	// Reconnect: after a failed login, log in again by itself when the
	// backoff ends (one timer, nothing else). For a console that stays open;
	// Close stops it.
	Reconnect bool

	// Observer, when set, hears every request the session makes on its own
	// account (each login attempt) and every 401 that made it log in again;
	// it runs on the goroutine of the request.
	Observer func(Exchange)
}

// Phase is where the session stands, for the console header.
type Phase int

const (
	Idle             Phase = iota // not logged in yet
	Authenticating                // first login running
	Connected                     // holding a token the pod accepted
	Reauthenticating              // the pod said 401; logging in again
	Failed                        // the last login failed; see State.LastError
)

func (p Phase) String() string {
	switch p {
	case Idle:
		return "idle"
	case Authenticating:
		return "authenticating"
	case Connected:
		return "connected"
	case Reauthenticating:
		return "re-authenticating"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// State is a snapshot of the session for display.
type State struct {
	Phase     Phase
	LastError error     // the last login failure while Failed, else nil
	Since     time.Time // when Phase began
	RetryAt   time.Time // while Failed: logins are not attempted before this
	Identity  string    // who we log in as, e.g. `bot "ops-bot" (RSA key)`
}

// Session is the console's one login to one pod. It is safe for concurrent
// use. It never prints its token: see Format.
type Session struct {
	cfg      *Config
	opts     Options
	creds    *credentials
	api      *http.Client // pod, login, agent
	certAPI  *http.Client // sessionauth with the client certificate; nil unless cert login
	login    func(ctx context.Context) (Secret, error)
	identity string
	origins  map[string]bool // scheme://host:port the token may be sent to
	now      func() time.Time
	jitter   func(n int64) int64 // uniform in [0, n); replaced in tests
	sleep    func(context.Context, time.Duration) error
	keyFiles []keyFile // touched only by the login in flight

	mu         sync.Mutex
	token      Secret
	gen        uint64     // bumped on every successful login
	inflight   *loginCall // the login running now, if any
	lastErr    error
	prevDelay  time.Duration
	retryAt    time.Time
	phase      Phase
	since      time.Time
	attemptErr *AuthError  // the last failed attempt of the login in flight
	timer      *time.Timer // the next login after a failure (Options.Reconnect)
	closed     bool
	onChange   func()
}

// New validates the configuration for the chosen login, loads keys and
// certificates and builds the transports. It does not authenticate.
func New(cfg *Config, opts Options) (*Session, error) {
	if cfg == nil {
		return nil, errors.New("session: nil config")
	}
	s, err := newSession(cfg, opts)
	if err != nil {
		return nil, cfg.locate(err)
	}
	return s, nil
}

func newSession(cfg *Config, opts Options) (*Session, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	if err := checkPlainHTTP(cfg); err != nil {
		return nil, err
	}
	creds, _, err := loadCredentials(cfg)
	if err != nil {
		return nil, err
	}
	s := &Session{cfg: cfg, opts: opts, creds: creds, now: opts.Now, jitter: rand.Int64N, sleep: Sleep}
	s.since = s.now()
	s.origins = map[string]bool{}
	for _, e := range []Endpoint{cfg.Pod, cfg.Agent, cfg.KeyManager, cfg.SessionAuth} {
		s.origins[e.Scheme+"://"+canonicalAddr(&url.URL{Scheme: e.Scheme, Host: net.JoinHostPort(e.Host, strconv.Itoa(e.Port))})] = true
	}
	s.api = newClient(creds.roots, nil, cfg.Pod, cfg.Agent)
	if err := s.chooseLogin(); err != nil {
		return nil, err
	}
	s.trackKeyFiles()
	return s, nil
}

// checkPlainHTTP refuses http:// to anything but loopback: the session
// token and login JWTs would cross the network in clear text.
func checkPlainHTTP(cfg *Config) error {
	eps := []Endpoint{cfg.Pod, cfg.Agent}
	if cfg.Bot.Certificate.IsSet() {
		eps = append(eps, cfg.SessionAuth)
	}
	for _, e := range eps {
		if e.Scheme == "http" && !isLoopback(e.Host) {
			return &ConfigError{File: cfg.Path, Key: e.schemeKey(), Message: fmt.Sprintf(
				"plain http to %s would send credentials unencrypted; use https (http is allowed only for localhost)", e.Host)}
		}
	}
	return nil
}

// PodURL is the pod API base, e.g. "https://acme.symphony.com:443/pod".
func (s *Session) PodURL() string { return s.cfg.Pod.BaseURL() + "/pod" }

// AgentURL is the agent API base, e.g. "https://agent.acme.com:443/agent".
func (s *Session) AgentURL() string { return s.cfg.Agent.BaseURL() + "/agent" }

// Config is the configuration in use (a copy of the one given to New, with
// defaults filled in); do not modify it.
func (s *Session) Config() *Config { return s.cfg }

// Authenticate logs in now unless the session already holds a token. While
// a failed login is backing off it returns that failure without retrying.
func (s *Session) Authenticate(ctx context.Context) error {
	_, _, err := s.currentToken(ctx)
	return err
}

// State is a snapshot for the console header.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Phase: s.phase, Since: s.since, Identity: s.identity}
	if s.phase == Failed {
		st.LastError, st.RetryAt = s.lastErr, s.retryAt
	}
	return st
}

// Do sends a pod or agent request with the session token, User-Agent,
// X-Trace-Id (6 random alphanumerics unless the caller set one) and the
// config's default headers (the caller's headers win). On a 401 it
// re-authenticates (one login however many requests hit 401 together) and
// retries once with the new token, replaying the body through GetBody.
// It does no other retries; the final response is the caller's to close.
func (s *Session) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// The token must not follow a URL the pod handed out (a paging link, say)
	// to some other host.
	if origin := req.URL.Scheme + "://" + canonicalAddr(req.URL); !s.origins[origin] {
		return nil, fmt.Errorf("session: refusing to send the session token to %s: not the configured pod or agent", origin)
	}
	tok, gen, err := s.currentToken(ctx)
	if err != nil {
		return nil, err
	}
	traceID := req.Header.Get("X-Trace-Id")
	if traceID == "" {
		traceID = NewTraceID()
	}
	start := s.now()
	resp, err := s.send(req, req.Body, tok, traceID)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if !replayable {
		// Renew the session for the next request, but this one cannot be re-sent.
		if _, _, err := s.refresh(ctx, gen); err != nil {
			resp.Body.Close()
			return nil, err
		}
		return resp, nil
	}
	s.observeUnauthorized(req, resp, traceID, s.now().Sub(start))
	tok, _, err = s.refresh(ctx, gen)
	if err != nil {
		return nil, err
	}
	body := req.Body
	if req.GetBody != nil {
		if body, err = req.GetBody(); err != nil {
			return nil, fmt.Errorf("replaying the request body after re-authentication: %w", err)
		}
	}
	return s.send(req, body, tok, traceID)
}

func (s *Session) send(req *http.Request, body io.ReadCloser, tok Secret, traceID string) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Body = body
	headers := s.cfg.Pod.DefaultHeaders
	if strings.HasPrefix(req.URL.String(), s.AgentURL()) {
		headers = s.cfg.Agent.DefaultHeaders
	}
	s.decorate(out.Header, headers, traceID)
	out.Header.Set("sessionToken", string(tok))
	resp, err := s.api.Do(out)
	if err != nil {
		return nil, wrapNetErr(req.Context(), req.URL.String(), err)
	}
	return resp, nil
}

// decorate adds the headers every request carries, without overriding the
// caller's.
func (s *Session) decorate(h http.Header, defaults map[string]string, traceID string) {
	for k, v := range defaults {
		if h.Get(k) == "" {
			h.Set(k, v)
		}
	}
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", "symtui/"+s.opts.Version)
	}
	h.Set("X-Trace-Id", traceID)
}

// drain reads a little of a body we discard so the connection can be reused.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	body.Close()
}

// Format prints the session without its token, whatever the verb.
func (s *Session) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// String describes the session without its token.
func (s *Session) String() string {
	if s == nil {
		return "session.Session(nil)"
	}
	st := s.State()
	return fmt.Sprintf("session.Session{pod: %s, identity: %s, phase: %s}", s.cfg.Pod.BaseURL(), st.Identity, st.Phase)
}

// GoString is String: %#v must not dump fields either.
func (s *Session) GoString() string { return s.String() }

// LogValue keeps the token out of slog output.
func (s *Session) LogValue() slog.Value { return slog.StringValue(s.String()) }
