package session

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"time"
)

// maxLoginTime bounds one login with all its retries; after it the session
// backs off (and, with Options.Reconnect, tries again by itself).
const maxLoginTime = 5 * time.Minute

// loginWithRetry logs in, retrying per the config's retry policy when the
// failure says nothing about our credentials: a 5xx or 429, a connection
// reset or closed, an answer that did not come in time. A login is
// idempotent, so a lost answer is simply asked again; each attempt signs a
// fresh JWT and re-reads a key file that changed on disk. A refusal (401,
// 403), a refused connection, an unknown host or an untrusted certificate
// fail at once: repeating them changes nothing.
func (s *Session) loginWithRetry(ctx context.Context) (Secret, error) {
	return s.retryLogin(ctx, s.login, true)
}

// retryLogin is loginWithRetry for any login step; track records each
// failed attempt for State (the session's own login only).
func (s *Session) retryLogin(ctx context.Context, login func(context.Context) (Secret, error), track bool) (Secret, error) {
	policy := s.cfg.Retry.WithDefaults()
	for attempt := 1; ; attempt++ {
		if err := s.reloadChangedKeys(); err != nil {
			return "", err
		}
		actx, cancel := context.WithTimeout(withLoginAttempt(ctx, attempt), s.loginAttemptTimeout())
		tok, err := login(actx)
		cancel()
		if err == nil {
			return tok, nil
		}
		var ae *AuthError
		if errors.As(err, &ae) && track {
			ae.Attempts = attempt
			s.mu.Lock()
			s.attemptErr = ae
			s.mu.Unlock()
		}
		wait, hasWait, again := loginRetryable(err)
		if !again || ctx.Err() != nil || !policy.Allows(attempt) || (hasWait && wait > policy.MaxInterval) {
			return "", err
		}
		if s.sleep(ctx, policy.Backoff(attempt, wait, hasWait, s.jitter)) != nil {
			return "", err
		}
	}
}

// loginAttemptTimeout bounds one login attempt: connecting and waiting for
// each of its requests (OBO makes two).
func (s *Session) loginAttemptTimeout() time.Duration {
	e := s.cfg.Pod
	if s.certAPI != nil {
		e = s.cfg.SessionAuth
	}
	return 2 * (e.ConnectionTimeout + e.ReadTimeout)
}

// loginRetryable says whether a failed login attempt is worth another, and
// the wait the pod asked for, if any.
func loginRetryable(err error) (wait time.Duration, hasWait, again bool) {
	var ae *AuthError
	if !errors.As(err, &ae) {
		return 0, false, false // a key file that changed and cannot be used, say
	}
	switch {
	case ae.Status == 429 || ae.Status >= 500:
		return ae.retryAfter, ae.hasRetryAfter, true
	case ae.Status != 0 && ae.Status != 200:
		return 0, false, false // refused, not found, proxy authentication...
	}
	var ne *NetworkError
	if !errors.As(err, &ne) {
		return 0, false, false // signing failed, or the answer held no token
	}
	return 0, false, Transient(ne.Err)
}

// Transient reports whether a request that got no answer may get one
// if sent again soon: resets, closed connections and timeouts may; a refused
// connection, an unknown host, a certificate problem or our own
// cancellation will not.
func Transient(err error) bool {
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.Canceled), IsRefused(err), IsTLSFailure(err):
		return false
	case errors.As(err, &dns):
		return dns.IsTimeout || dns.IsTemporary
	case strings.Contains(err.Error(), "Proxy Authentication Required"):
		return false
	}
	return true
}

// IsTLSFailure reports whether err is a certificate or TLS handshake
// failure: the same server fails the same way again.
func IsTLSFailure(err error) bool {
	var (
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		record    tls.RecordHeaderError
	)
	return errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record) || strings.Contains(err.Error(), "remote error: tls:")
}

// attemptKey carries a login attempt's number to the requests it makes.
type attemptKey struct{}

func withLoginAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

// loginAttempt is the number of the login attempt ctx belongs to (1 when
// unknown).
func loginAttempt(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(int); ok {
		return n
	}
	return 1
}
