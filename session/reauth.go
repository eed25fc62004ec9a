package session

import (
	"context"
	"time"
)

// Backoff between failed logins: decorrelated jitter from ~1 s, capped at
// ~60 s, so a broken login (revoked key, pod down) does not storm the pod.
const (
	loginBackoffBase = time.Second
	loginBackoffCap  = 60 * time.Second
)

// loginCall is one login in flight; everyone who needs it waits on done.
type loginCall struct {
	done  chan struct{}
	token Secret
	gen   uint64
	err   error
}

// currentToken returns the token to use, logging in first if there is none.
func (s *Session) currentToken(ctx context.Context) (Secret, uint64, error) {
	s.mu.Lock()
	tok, gen := s.token, s.gen
	s.mu.Unlock()
	if tok != "" {
		return tok, gen, nil
	}
	return s.refresh(ctx, gen)
}

// refresh returns a token newer than generation stale. If another request
// already replaced that token, it returns the new one without logging in;
// if a login is running, it waits for it; during backoff after a failed
// login it returns that failure at once. Otherwise it starts the one login.
// The login itself runs detached from ctx so one caller giving up does not
// fail everyone waiting; ctx only bounds this caller's wait.
func (s *Session) refresh(ctx context.Context, stale uint64) (Secret, uint64, error) {
	s.mu.Lock()
	if s.token != "" && s.gen != stale {
		tok, gen := s.token, s.gen
		s.mu.Unlock()
		return tok, gen, nil
	}
	call := s.inflight
	if call == nil {
		if s.lastErr != nil && s.now().Before(s.retryAt) {
			err := s.lastErr
			s.mu.Unlock()
			return "", 0, err
		}
		call = &loginCall{done: make(chan struct{})}
		s.inflight = call
		s.token = "" // known bad (401) or absent
		if s.gen == 0 {
			s.setPhase(Authenticating)
		} else {
			s.setPhase(Reauthenticating)
		}
		go s.runLogin(context.WithoutCancel(ctx), call)
	}
	s.mu.Unlock()
	select {
	case <-call.done:
		return call.token, call.gen, call.err
	case <-ctx.Done():
		return "", 0, ctx.Err()
	}
}

func (s *Session) runLogin(ctx context.Context, call *loginCall) {
	ctx, cancel := context.WithTimeout(ctx, s.loginTimeout())
	defer cancel()
	tok, err := s.login(ctx)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err
		s.retryAt = s.now().Add(s.nextDelay())
		s.setPhase(Failed)
	} else {
		s.token = tok
		s.gen++
		s.lastErr, s.prevDelay, s.retryAt = nil, 0, time.Time{}
		s.setPhase(Connected)
	}
	call.token, call.gen, call.err = s.token, s.gen, err
	s.inflight = nil
	close(call.done)
}

// nextDelay is decorrelated jitter: uniform in [base, 3*previous), capped.
// Callers hold s.mu.
func (s *Session) nextDelay() time.Duration {
	prev := max(s.prevDelay, loginBackoffBase)
	d := loginBackoffBase + time.Duration(s.jitter(int64(3*prev-loginBackoffBase)))
	d = min(d, loginBackoffCap)
	s.prevDelay = d
	return d
}

// loginTimeout bounds one whole login (OBO makes two requests).
func (s *Session) loginTimeout() time.Duration {
	e := s.cfg.Pod
	if s.certAPI != nil {
		e = s.cfg.SessionAuth
	}
	return 2 * (e.ConnectionTimeout + e.ReadTimeout)
}

// setPhase records a phase change; callers hold s.mu.
func (s *Session) setPhase(p Phase) {
	if s.phase != p {
		s.phase, s.since = p, s.now()
	}
}
