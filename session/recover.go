package session

import "time"

// The session recovers from a failed login without a restart: with
// Options.Reconnect one timer logs in again when the backoff ends, RetryNow
// does it at once, and every login re-reads a key file that changed on disk.
// Nothing else runs while the session is idle.

// scheduleRetryLocked arms the one timer for the next login after a
// failure; callers hold s.mu.
func (s *Session) scheduleRetryLocked(delay time.Duration) {
	if !s.opts.Reconnect || s.closed {
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(delay, s.retryFromTimer)
}

func (s *Session) retryFromTimer() {
	s.mu.Lock()
	s.timer = nil
	if s.closed || s.inflight != nil || s.token != "" {
		s.mu.Unlock()
		return
	}
	s.startLoginLocked()
	s.mu.Unlock()
	s.notify()
}

// RetryNow starts a login at once if the last one failed, ignoring the
// backoff (the operator asked). It does not wait for the login; it reports
// whether one was started.
func (s *Session) RetryNow() bool {
	s.mu.Lock()
	if s.closed || s.phase != Failed || s.inflight != nil {
		s.mu.Unlock()
		return false
	}
	s.startLoginLocked()
	s.mu.Unlock()
	s.notify()
	return true
}

// Watch sets fn to be called after every change of State (a login starts,
// succeeds or fails). fn runs on the goroutine that made the change and
// must be quick; it replaces any earlier fn.
func (s *Session) Watch(fn func()) {
	s.mu.Lock()
	s.onChange = fn
	s.mu.Unlock()
}

func (s *Session) notify() {
	s.mu.Lock()
	fn := s.onChange
	s.mu.Unlock()
	if fn != nil {
		fn()
	}
}

// Close stops the retry timer and closes the idle connections to the pod
// (a console leaving it for another should not keep them). A login or a
// request already running finishes; no login starts by itself afterwards.
func (s *Session) Close() {
	s.mu.Lock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	s.api.CloseIdleConnections()
	if s.certAPI != nil {
		s.certAPI.CloseIdleConnections()
	}
}
