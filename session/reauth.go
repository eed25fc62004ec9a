package session

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Backoff between failed logins: decorrelated jitter from ~1 s, capped at
// ~60 s, so a broken login (revoked key, pod down) does not storm the pod.
const (
	loginBackoffBase = time.Second
	loginBackoffCap  = 60 * time.Second
	// maxRetryAfterBackoff bounds how long a pod's Retry-After can push the
	// next login away.
	maxRetryAfterBackoff = time.Hour
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
// The login runs detached from ctx so one caller giving up does not fail
// everyone waiting; ctx only bounds this caller's wait.
func (s *Session) refresh(ctx context.Context, stale uint64) (Secret, uint64, error) {
	s.mu.Lock()
	if s.token != "" && s.gen != stale {
		tok, gen := s.token, s.gen
		s.mu.Unlock()
		return tok, gen, nil
	}
	call := s.inflight
	started := false
	if call == nil {
		if s.lastErr != nil && s.now().Before(s.retryAt) {
			err := s.lastErr
			s.mu.Unlock()
			return "", 0, err
		}
		call = s.startLoginLocked()
		started = true
	}
	s.mu.Unlock()
	if started {
		s.notify()
	}
	select {
	case <-call.done:
		return call.token, call.gen, call.err
	case <-ctx.Done():
		return "", 0, s.pendingLogin(call, ctx.Err())
	}
}

// pendingLogin is what a caller that stopped waiting for a login gets: the
// login's last failure when it has had one (the reason the caller waited
// in vain, a pod that drops connections, say), else its own ctx error.
func (s *Session) pendingLogin(call *loginCall, ctxErr error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight != call || s.attemptErr == nil {
		return ctxErr
	}
	pending := *s.attemptErr
	pending.Pending = true
	pending.Message = fmt.Sprintf("%s (still retrying, %s so far)", pending.Message, attempts(pending.Attempts))
	return &pending
}

// startLoginLocked starts the one login; callers hold s.mu and have checked
// that none is running.
func (s *Session) startLoginLocked() *loginCall {
	call := &loginCall{done: make(chan struct{})}
	s.inflight = call
	s.attemptErr = nil
	s.token = "" // known bad (401) or absent
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.gen == 0 {
		s.setPhase(Authenticating)
	} else {
		s.setPhase(Reauthenticating)
	}
	go s.runLogin(call)
	return call
}

func (s *Session) runLogin(call *loginCall) {
	ctx, cancel := context.WithTimeout(context.Background(), maxLoginTime)
	defer cancel()
	tok, err := s.loginWithRetry(ctx)

	s.mu.Lock()
	if err != nil {
		s.lastErr = err
		delay := s.nextDelay()
		var ae *AuthError
		if errors.As(err, &ae) && ae.hasRetryAfter {
			delay = max(delay, min(ae.retryAfter, maxRetryAfterBackoff))
		}
		s.retryAt = s.now().Add(delay)
		s.setPhase(Failed)
		s.scheduleRetryLocked(delay)
	} else {
		s.token = tok
		s.gen++
		s.lastErr, s.prevDelay, s.retryAt = nil, 0, time.Time{}
		s.setPhase(Connected)
	}
	call.token, call.gen, call.err = s.token, s.gen, err
	s.inflight = nil
	close(call.done)
	s.mu.Unlock()
	s.notify()
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
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

// setPhase records a phase change; callers hold s.mu.
func (s *Session) setPhase(p Phase) {
	if s.phase != p {
		s.phase, s.since = p, s.now()
	}
}
