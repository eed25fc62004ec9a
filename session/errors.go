package session

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// AuthError is a login the pod refused or that could not complete. Error()
// is one sentence an operator can act on; it never carries a response body.
type AuthError struct {
	Endpoint string // the login URL
	Status   int    // HTTP status, 0 when the login never got an answer
	Message  string
	Err      error // the network error behind a Status 0, if any
	Attempts int   // login attempts made so far
	// Pending: the login is still being retried; this is its last failure,
	// returned to a caller that stopped waiting for it.
	Pending bool

	retryAfter    time.Duration // the pod's Retry-After on a 429 or 503
	hasRetryAfter bool
}

func (e *AuthError) Error() string { return e.Message }
func (e *AuthError) Unwrap() error { return e.Err }

// NetworkError is a request that got no HTTP answer. Error() says what
// probably went wrong (DNS, refused, untrusted certificate, timeout, proxy).
type NetworkError struct {
	URL string
	Err error
}

func (e *NetworkError) Error() string { return diagnose(e.URL, e.Err) }
func (e *NetworkError) Unwrap() error { return e.Err }

// wrapNetErr turns a transport error into a *NetworkError, leaving the
// caller's own cancellation alone.
func wrapNetErr(ctx context.Context, rawURL string, err error) error {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return ctx.Err()
	}
	return &NetworkError{URL: rawURL, Err: err}
}

// diagnose explains a transport error in one sentence naming what to check.
// It names the host, never the URL: a lookup's query can hold hundreds of ids.
func diagnose(rawURL string, err error) string {
	host := rawURL
	if u, perr := url.Parse(rawURL); perr == nil && u.Host != "" {
		host = u.Host
	}
	cause := withoutURL(err)
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve %s: check the host in the config, your DNS and proxy settings", dnsErr.Name)
	case errors.As(err, &unknownCA):
		return fmt.Sprintf("cannot connect to %s: the pod's certificate is not trusted; set ssl.trustStore.path to a PEM file with its CA", host)
	case errors.As(err, &hostErr):
		return fmt.Sprintf("cannot connect to %s: the server's certificate is for another host (%v); check the host in the config", host, hostErr.Error())
	case errors.As(err, &invalid):
		return fmt.Sprintf("cannot connect to %s: the server's certificate is invalid (%v)", host, invalid.Error())
	case IsRefused(err):
		return fmt.Sprintf("connection to %s refused: check host and port in the config and that the service is up", host)
	case strings.Contains(err.Error(), "remote error: tls: certificate required"),
		strings.Contains(err.Error(), "remote error: tls: bad certificate"),
		strings.Contains(err.Error(), "remote error: tls: unknown certificate authority"):
		return fmt.Sprintf("%s refused our client certificate: check bot.certificate and that its CA is registered in the pod (%v)", host, cause)
	case strings.Contains(err.Error(), "Proxy Authentication Required"):
		return fmt.Sprintf("the proxy refused our credentials for %s: check proxy.username and proxy.password", host)
	case strings.Contains(err.Error(), "proxyconnect"):
		return fmt.Sprintf("cannot reach the proxy for %s: check proxy.host and proxy.port (%v)", host, cause)
	case isTimeout(err):
		return fmt.Sprintf("%s did not answer in time: check network, proxy, and connectionTimeout/readTimeout (%v)", host, cause)
	case strings.Contains(err.Error(), "tls:"):
		return fmt.Sprintf("the connection to %s failed during TLS: is it really https on that port, and does it need a client certificate? (%v)", host, cause)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Sprintf("the connection to %s was reset before the answer arrived (%v)", host, cause)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("the connection to %s closed before the answer arrived", host)
	}
	return fmt.Sprintf("cannot reach %s: %v", host, cause)
}

// withoutURL drops net/http's `Post "https://…": ` prefix: the sentence
// names the host, and the URL of a lookup can run to kilobytes.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// IsRefused reports whether err is a refused TCP connection: nothing
// listens there, so trying again at once would fail the same way.
func IsRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
