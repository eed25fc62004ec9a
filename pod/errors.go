package pod

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"symtui/inert"
	"symtui/redact"
	"symtui/session"
)

// ErrReadOnly is wrapped by the error a read-only Client returns for a call
// that would change the pod. Nothing is sent.
var ErrReadOnly = errors.New("the console is in read-only mode")

// Error is a failed pod call: the pod answered with an error status, or no
// answer arrived (Status 0, the cause in Err). Error() is one sentence an
// operator can act on.
type Error struct {
	Status   int    // HTTP status; 0 when no response arrived
	Code     int    // "code" from the pod's error body; 0 when absent
	Message  string // "message" from the pod's error body, raw (sanitize before display)
	Endpoint string // method and route template, e.g. "GET /pod/v3/room/{id}/info"
	Subject  string // what the call was about when the URL is too long to name, e.g. "250 user ids"
	Host     string // host[:port] the request went to
	Attempts int    // attempts made, retries included
	Err      error  // cause when no usable answer arrived: network, session or decoding failure
	// OutOfTime: the call's deadline passed while waiting to try again; the
	// fields above describe the last attempt.
	OutOfTime bool
	// Unanswered: a change was sent and no clear answer came back (no
	// response, or a 5xx), so the pod may have made it all the same.
	Unanswered bool
	// HeldBack: the call's Pacer kept it (or its retry) from going out;
	// Err says why. Nothing of it that the pod acted on was sent.
	HeldBack bool
	// OnBehalf: the session acts on behalf of a user through an app. A 403
	// then names the app permission the pod said is missing (Missing), or
	// says that the endpoint is not available to such a session.
	OnBehalf bool
	Missing  []Permission
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	msg := e.sentence()
	if e.OutOfTime {
		msg += "; gave up as the call ran out of time"
	}
	if e.Unanswered {
		msg += "; the change may have been made all the same: reload to check before trying again"
	}
	return msg
}

func (e *Error) sentence() string {
	what := e.what()
	var stalled *AttemptTimeoutError
	switch {
	case e.HeldBack && e.Attempts == 0:
		return fmt.Sprintf("%s was not sent: %v", what, e.Err)
	case e.Status == 0 && errors.Is(e.Err, context.DeadlineExceeded):
		return fmt.Sprintf("the pod at %s did not answer %s in time", e.Host, what)
	case e.Status == 0 && errors.Is(e.Err, context.Canceled):
		return fmt.Sprintf("%s was cancelled", what)
	case e.Status == 0 && isAuthFailure(e.Err):
		return signInFailure(e.Host, what, e.Err)
	case e.Status == 0 && errors.As(e.Err, &stalled):
		return fmt.Sprintf("the pod at %s did not answer %s within the read timeout (%v, %s); check the network or raise readTimeout", e.Host, what, stalled.After, attemptsText(e.Attempts))
	case e.Status == 0 && e.Err != nil:
		return fmt.Sprintf("cannot reach the pod at %s (%s%s): %v", e.Host, what, moreAttempts(e.Attempts), networkCause(e.Err))
	case e.Status == http.StatusUnauthorized:
		return fmt.Sprintf("authentication failed: the pod rejected the session for %s even after signing in again%s; check the service account's key and that the account is enabled", what, e.detail())
	case e.Status == http.StatusForbidden && e.OnBehalf:
		return e.onBehalfRefusal(what)
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("the service account lacks the entitlement for %s%s (ask a pod admin for %s)", what, e.detail(), roleHint(e.Endpoint))
	case e.Status == http.StatusNotFound:
		return fmt.Sprintf("%s not found (%s%s)", resourceNoun(e.Endpoint), what, e.colonMessage())
	case e.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("the pod is rate limiting requests (%s, %s); wait a moment and try again", what, attemptsText(e.Attempts))
	case e.Status >= 500:
		return fmt.Sprintf("the pod failed to handle %s (HTTP %d%s, %s); try again later or ask the pod's operators", what, e.Status, e.colonMessage(), attemptsText(e.Attempts))
	case e.Status == http.StatusBadRequest:
		return fmt.Sprintf("the pod refused %s as invalid%s", what, e.detail())
	case e.Err != nil:
		return fmt.Sprintf("the pod sent an unreadable answer to %s (HTTP %d): %v", what, e.Status, e.Err)
	default:
		return fmt.Sprintf("the pod answered %s with HTTP %d%s", what, e.Status, e.colonMessage())
	}
}

// what names the call: its route template, and what it was about when
// that is not in the route ("GET /pod/v3/users for 250 user ids").
func (e *Error) what() string {
	if e.Subject == "" {
		return e.Endpoint
	}
	return e.Endpoint + " for " + e.Subject
}

func moreAttempts(n int) string {
	if n <= 1 {
		return ""
	}
	return ", " + attemptsText(n)
}

// detail renders " (HTTP 403: message)" for the sentences that lead with the meaning.
func (e *Error) detail() string {
	return fmt.Sprintf(" (HTTP %d%s)", e.Status, e.colonMessage())
}

// colonMessage is ": message", the pod's words made inert on their own:
// the sentence goes on after them, and an unterminated escape in them
// would swallow the rest of it wherever the sentence is shown.
func (e *Error) colonMessage() string {
	if e.Message == "" {
		return ""
	}
	return ": " + inert.Sanitize(e.Message)
}

func attemptsText(n int) string {
	if n <= 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// statusIs reports whether err is (or wraps) a pod Error whose status satisfies ok.
func statusIs(err error, ok func(int) bool) bool {
	var pe *Error
	return errors.As(err, &pe) && ok(pe.Status)
}

// IsNotFound reports whether the pod answered 404.
func IsNotFound(err error) bool {
	return statusIs(err, func(s int) bool { return s == http.StatusNotFound })
}

// IsForbidden reports whether the pod answered 403 (missing entitlement or role).
func IsForbidden(err error) bool {
	return statusIs(err, func(s int) bool { return s == http.StatusForbidden })
}

// IsUnauthorized reports whether the session was rejected even after re-authentication.
func IsUnauthorized(err error) bool {
	return statusIs(err, func(s int) bool { return s == http.StatusUnauthorized })
}

// IsBadRequest reports whether the pod refused the request as invalid (400).
func IsBadRequest(err error) bool {
	return statusIs(err, func(s int) bool { return s == http.StatusBadRequest })
}

// IsRateLimited reports whether the pod answered 429 on the last attempt.
func IsRateLimited(err error) bool {
	return statusIs(err, func(s int) bool { return s == http.StatusTooManyRequests })
}

// IsServerError reports whether the pod answered with a 5xx status.
func IsServerError(err error) bool {
	return statusIs(err, func(s int) bool { return s >= 500 })
}

// IsNetwork reports whether no answer arrived from the pod (connection,
// DNS, TLS or timeout failure).
func IsNetwork(err error) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.Status == 0 && pe.Err != nil && !errors.Is(pe.Err, context.Canceled)
}

// errorBody is the pod's Error schema: {code, message}.
type errorBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// maxMessage bounds the pod's message kept in an Error: enough for any real
// explanation, never a whole HTML error page.
const maxMessage = 300

// errorFromBody builds the Error for a non-2xx answer from its body, which
// may be the pod's JSON Error, some proxy's HTML, or nothing.
func errorFromBody(status int, endpoint string, body []byte) *Error {
	e := &Error{Status: status, Endpoint: endpoint}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil && (eb.Code != 0 || eb.Message != "") {
		e.Code, e.Message = eb.Code, eb.Message
	} else if trimmed := strings.TrimSpace(string(body)); trimmed != "" && !strings.HasPrefix(trimmed, "<") {
		e.Message = trimmed
	}
	e.Message = redact.Secrets(e.Message) // a pod echoing a token, a JWT or a key never leaks it
	if len(e.Message) > maxMessage {
		e.Message = strings.ToValidUTF8(e.Message[:maxMessage], "") + "…"
	}
	return e
}

func isTLSFailure(err error) bool { return session.IsTLSFailure(err) }

// isDialFailure reports whether the request provably never reached the pod:
// the TCP connection (or the proxy's) could not be opened, or the name did
// not resolve.
func isDialFailure(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// roleHint names what a pod admin should grant for a 403 on the endpoint.
func roleHint(endpoint string) string {
	switch {
	case strings.Contains(endpoint, "/admin/user/") || strings.Contains(endpoint, "/admin/system/"):
		return "the User Provisioning role (USER_PROVISIONING)"
	case strings.Contains(endpoint, "/admin/"):
		return "the Content Management role (CONTENT_MANAGEMENT)"
	case strings.Contains(endpoint, "/audittrail/"):
		return "a privileged role such as SUPER_ADMINISTRATOR"
	case strings.Contains(endpoint, "/v3/user/presence"):
		return "an administrator role that may set other users' presence"
	case strings.Contains(endpoint, "/room/"):
		return "room ownership or the entitlement this room action needs"
	default:
		return "the role or entitlement this action needs"
	}
}

// resourceNoun names what a 404 on the endpoint failed to find.
func resourceNoun(endpoint string) string {
	switch {
	case strings.Contains(endpoint, "/connection"):
		return "the connection (or its user) was"
	case strings.Contains(endpoint, "/presence/feed/"):
		return "the presence feed (it may have expired) was"
	case strings.Contains(endpoint, "/room/"):
		return "the room was"
	case strings.Contains(endpoint, "/stream"):
		return "the stream was"
	case strings.Contains(endpoint, "/user"):
		return "the user was"
	default:
		return "the resource was"
	}
}
