package emulator

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// serve is the emulator's root handler. Every answer, including the ones no
// route gives, is in the pod's shape. In order:
//   - the API paths get the faults that strike before the handler (a
//     network fault does not care whether the route exists);
//   - a path that is not canonical (see nonCanonical) is a 400;
//   - the control API (/_emulator/) checks its token when one is set;
//   - a path no route serves is a 404, a method the path lacks a 405;
//   - the body is read within MaxBodyBytes and MaxBodiesInFlight (413, 503);
//   - the handler runs into a buffer, a panic becoming a 500 and a log line;
//   - the faults that strike after the handler (lost, slow answers) apply;
//   - the buffered answer is sent.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request) {
	plan := faultPlan{}
	if faultable(r.URL.Path) {
		plan = e.faults.decide()
		if !e.faults.wait(r, plan.delay) {
			return // the client left while its request was delayed
		}
		if e.faults.strikeBefore(w, plan) {
			return
		}
	}
	if msg := nonCanonical(r.URL); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	if strings.HasPrefix(r.URL.Path, controlPrefix) && !e.controlAuthorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="symtui emulator control API"`)
		writeError(w, http.StatusUnauthorized, "The control API needs the header Authorization: Bearer <control token>")
		return
	}
	if status, msg := e.unrouted(w, r); status != 0 {
		writeError(w, status, msg)
		return
	}
	reserved, refused := e.readBody(w, r)
	if refused != nil {
		if refused.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		writeError(w, refused.status, refused.msg)
		return
	}
	answer := func() *bufferedResponse {
		defer e.bodies.release(reserved) // even when the handler aborts
		return e.run(r)
	}()
	switch plan.kind {
	case faultLose:
		_, pattern := e.mux.Handler(r)
		e.stats.countLost(pattern)
		drop(w) // the handler ran; its answer never leaves
		return
	case faultSlow:
		if !e.faults.wait(r, plan.slow) {
			return
		}
	}
	answer.sendTo(w)
}

const controlPrefix = "/_emulator/"

// controlAuthorized checks the bearer token of a control API request; with
// no ControlToken set (loopback only) every request is.
func (e *Emulator) controlAuthorized(r *http.Request) bool {
	if e.opts.ControlToken == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(e.opts.ControlToken)) == 1
}

// nonCanonical says what is wrong with a path that has an empty segment
// ("//"), a "." or ".." segment (escaped or not), or a segment that is only
// an escaped slash; "" when it is canonical.
// Such a path names no route: a pod's front end refuses it rather than
// redirecting to a cleaned path as Go's ServeMux would. A trailing slash is
// left to the router (404).
func nonCanonical(u *url.URL) string {
	raw := u.EscapedPath()
	if !strings.HasPrefix(raw, "/") {
		return "The request path must start with /"
	}
	segments := strings.Split(raw[1:], "/")
	for i, seg := range segments {
		dec, err := url.PathUnescape(seg)
		switch {
		case err != nil:
			return "The request path has a malformed escape"
		case dec == "" && i < len(segments)-1:
			return "The request path has an empty segment (//)"
		case dec == "." || dec == "..":
			return `The request path has a "." or ".." segment`
		case dec == "/":
			// An escaped slash inside a segment is kept (a standard base64
			// stream id may hold one), but a segment of just one names
			// nothing, and the router would take it for a trailing slash.
			return "The request path has a segment that is only an escaped slash"
		}
	}
	return ""
}

// unrouted answers the status and message for a request no route serves:
// 404, or 405 with the Allow header set when the path exists for other
// methods. It answers 0 for a routed request.
func (e *Emulator) unrouted(w http.ResponseWriter, r *http.Request) (int, string) {
	h, pattern := e.mux.Handler(r)
	if pattern != "" {
		return 0, ""
	}
	// What the mux would answer (its 404 or 405 page) tells which it is.
	probe := &headerProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		return http.StatusMethodNotAllowed, "Method " + r.Method + " is not allowed here; allowed: " + allow
	}
	return http.StatusNotFound, "No such endpoint: " + r.Method + " " + clip(r.URL.Path, 200)
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// headerProbe records the status and headers a handler writes and drops the body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }
func (p *headerProbe) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}
func (p *headerProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
