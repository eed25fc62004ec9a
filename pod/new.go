package pod

import (
	"errors"
	"net/url"

	"symtui/session"
)

// New builds a client that sends every request through s (session token,
// re-authentication on 401). The retry policy is the config's retry section
// unless opts.Retry overrides it.
func New(s *session.Session, opts Options) *Client {
	r := s.Config().Retry
	policy := RetryPolicy{
		MaxAttempts:     r.MaxAttempts,
		InitialInterval: r.InitialInterval,
		MaxInterval:     r.MaxInterval,
		Multiplier:      r.Multiplier,
	}
	return newClient(s, s.PodURL(), s.AgentURL(), policy, opts)
}

// isAuthFailure reports whether err is the session's failure to sign in.
func isAuthFailure(err error) bool {
	var ae *session.AuthError
	return errors.As(err, &ae)
}

// networkCause is the most useful description of a transport failure: the
// session's diagnosis when it made one, else the cause without net/http's
// `Get "https://…": ` prefix, whose URL the sentence already names.
func networkCause(err error) error {
	var ne *session.NetworkError
	if errors.As(err, &ne) {
		return ne
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
