package pod

import (
	"errors"
	"fmt"
	"net/url"

	"symtui/session"
)

// New builds a client that sends every request through s (session token,
// re-authentication on 401); a session on behalf of a user makes its
// refusals name the missing app permission (see Access). The retry policy is the config's retry section
// unless opts.Retry overrides it.
func New(s *session.Session, opts Options) *Client {
	cfg := s.Config()
	if opts.Access == nil {
		_, onBehalf := s.OnBehalf()
		opts.Access = newAccess(onBehalf)
	}
	return newClient(s, s.PodURL(), s.AgentURL(), cfg.Retry,
		timeouts{connect: cfg.Pod.ConnectionTimeout, read: cfg.Pod.ReadTimeout},
		timeouts{connect: cfg.Agent.ConnectionTimeout, read: cfg.Agent.ReadTimeout}, opts)
}

// isAuthFailure reports whether err is the session's failure to sign in.
func isAuthFailure(err error) bool {
	var ae *session.AuthError
	return errors.As(err, &ae)
}

// signInFailure words a call that failed because the session could not
// sign in: a login that got no answer is the pod being out of reach, not
// our credentials.
func signInFailure(host, what string, err error) string {
	var ae *session.AuthError
	errors.As(err, &ae)
	var ne *session.NetworkError
	if !errors.As(err, &ne) {
		return fmt.Sprintf("authentication failed for %s: %v", what, err)
	}
	tries := ""
	switch {
	case ae.Pending:
		tries = fmt.Sprintf("; still retrying the login, %s so far", attemptsText(ae.Attempts))
	case ae.Attempts > 1:
		tries = fmt.Sprintf("; %d login attempts", ae.Attempts)
	}
	return fmt.Sprintf("cannot reach the pod at %s to sign in (%s%s): %v", host, what, tries, ne)
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
