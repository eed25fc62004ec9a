package membership

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"symtui/pod"
	"symtui/session"
)

// OwnerClients open clients on behalf of a room's owners.
type OwnerClients interface {
	As(ctx context.Context, uid int64) (*pod.Client, error)
}

// OnBehalf opens a client on behalf of any user through the config's app
// (app.appId, app.privateKey): one session per user, logged in at its
// first call and kept until Close. It is how a room whose last owner
// leaves gets a new one. Safe for concurrent use.
type OnBehalf struct {
	cfg      *session.Config
	version  string
	opts     pod.Options
	observer func(session.Exchange) // the logins, as the session of the pod's are observed

	mu       sync.Mutex
	sessions map[int64]*session.Session
	clients  map[int64]*pod.Client
	closed   bool
}

// NewOnBehalf is the OnBehalf of the pod s logs in to, or nil when its
// config has no app or s itself acts on behalf of a user. opts configure
// each client (read-only, observer); each gets its own Access, and each
// session reports its logins to s's observer.
func NewOnBehalf(s *session.Session, version string, opts pod.Options) *OnBehalf {
	cfg := s.Config()
	if _, obo := s.OnBehalf(); obo || cfg.App.AppID == "" {
		return nil
	}
	opts.Access = nil
	return &OnBehalf{cfg: cfg, version: version, opts: opts, observer: s.Observer(), sessions: map[int64]*session.Session{}, clients: map[int64]*pod.Client{}}
}

// As returns the client on behalf of uid.
func (o *OnBehalf) As(_ context.Context, uid int64) (*pod.Client, error) {
	if o == nil {
		return nil, errNoApp
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil, errors.New("the sessions on behalf of owners are closed")
	}
	if c := o.clients[uid]; c != nil {
		return c, nil
	}
	s, err := session.New(o.cfg, session.Options{Version: o.version, OBOUserID: uid, Observer: o.observer})
	if err != nil {
		return nil, fmt.Errorf("on behalf of user %d: %w", uid, err)
	}
	c := pod.New(s, o.opts)
	o.sessions[uid], o.clients[uid] = s, c
	return c, nil
}

// Close ends every session opened (their login timers and connections).
func (o *OnBehalf) Close() {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	for _, s := range o.sessions {
		s.Close()
	}
}

var errNoApp = errors.New("the config has no app (app.appId) to act on an owner's behalf")
