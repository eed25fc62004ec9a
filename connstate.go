package main

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/session"
	"symtui/ui"
)

// connWatch turns what the pod client and the session see into the header's
// connection state: connected, re-authenticating, retrying, offline (with
// the last error and, after a failed login, when the next one runs). It
// listens to both instead of polling, and sends a message only when the
// state changes, so an idle console is neither woken nor redrawn.
type connWatch struct {
	s *session.Session

	mu        sync.Mutex
	call      ui.ConnState // from the last request the client made
	callErr   error
	lastPhase session.Phase
	sent      ui.ConnStateMsg
	send      func(tea.Msg)
	// recovered runs when the pod answers again after it could not be
	// reached or answered in error: the presence tracker, backed off
	// meanwhile, polls at once instead of minutes later.
	recovered func()
}

func newConnWatch(s *session.Session) *connWatch {
	w := &connWatch{s: s}
	s.Watch(w.sessionChanged)
	return w
}

// observe is the pod client's observer: it runs after every attempt.
func (w *connWatch) observe(ri pod.RequestInfo) {
	state, err := classify(ri)
	w.mu.Lock()
	back := w.isBack(state)
	w.call, w.callErr = state, err
	w.mu.Unlock()
	w.publish()
	if back {
		w.recovered()
	}
}

// isBack: state ends an outage (offline or retrying before). Called with mu held.
func (w *connWatch) isBack(state ui.ConnState) bool {
	return w.recovered != nil && state == ui.ConnConnected && (w.call == ui.ConnOffline || w.call == ui.ConnRetrying)
}

// sessionChanged runs when a login starts, succeeds or fails. A login that
// succeeds proves the pod answers: whatever the last request met (the
// failed login itself, often) no longer describes the connection.
func (w *connWatch) sessionChanged() {
	phase := w.s.State().Phase
	w.mu.Lock()
	back := false
	if phase == session.Connected && w.lastPhase != session.Connected {
		back = w.isBack(ui.ConnConnected)
		w.call, w.callErr = ui.ConnConnected, nil
	}
	w.lastPhase = phase
	w.mu.Unlock()
	w.publish()
	if back {
		w.recovered()
	}
}

// classify maps one attempt's outcome to a connection state. Offline is
// a pod that cannot be reached; a request that reached it and lost its
// answer is retried or checked, as a 5xx is.
func classify(ri pod.RequestInfo) (ui.ConnState, error) {
	switch {
	case ri.Status == 0 && ri.Err != nil && ri.Unanswered:
		return ui.ConnRetrying, fmt.Errorf("no answer to %s %s: %w", ri.Method, ri.Route, ri.Err)
	case ri.Status == 0 && ri.Err != nil:
		return ui.ConnOffline, ri.Err
	case ri.Status == http.StatusTooManyRequests || ri.Status >= 500:
		return ui.ConnRetrying, errors.New(http.StatusText(ri.Status) + " from " + ri.Method + " " + ri.Route)
	default:
		return ui.ConnConnected, nil
	}
}

// current combines the session's phase (which knows about logins) with the
// last request's outcome.
func (w *connWatch) current() ui.ConnStateMsg {
	st := w.s.State()
	w.mu.Lock()
	call, callErr := w.call, w.callErr
	w.mu.Unlock()
	switch st.Phase {
	case session.Authenticating:
		return ui.ConnStateMsg{State: ui.ConnConnecting, Since: st.Since}
	case session.Reauthenticating:
		return ui.ConnStateMsg{State: ui.ConnReauthenticating, Since: st.Since}
	case session.Failed:
		return ui.ConnStateMsg{State: ui.ConnOffline, Err: st.LastError, Since: st.Since, NextTry: st.RetryAt}
	}
	return ui.ConnStateMsg{State: call, Err: callErr, Since: st.Since}
}

// publish sends the state to the program if it changed.
func (w *connWatch) publish() {
	msg := w.current()
	w.mu.Lock()
	send := w.send
	same := msg.State == w.sent.State && errText(msg.Err) == errText(w.sent.Err) && msg.NextTry.Equal(w.sent.NextTry)
	if !same {
		w.sent = msg
	}
	w.mu.Unlock()
	if !same && send != nil {
		send(msg)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// attach wires the watch to send, and returns the state as it is now (for
// the caller to deliver: send may not reach the program yet).
func (w *connWatch) attach(send func(tea.Msg)) ui.ConnStateMsg {
	msg := w.current()
	w.mu.Lock()
	w.send, w.sent = send, msg
	w.mu.Unlock()
	return msg
}

// detach stops the watch from sending: its pod is no longer shown.
func (w *connWatch) detach() {
	w.mu.Lock()
	w.send = nil
	w.mu.Unlock()
}

// retryLoginOnRefresh makes the refresh key also retry a failed login at
// once, ignoring the backoff, before the view reloads (the reload then waits
// for that login instead of repeating the backed-off failure). Keys typed
// into an input or a dialog are left alone.
func retryLoginOnRefresh(s *session.Session, refresh key.Binding) func(tea.Model, tea.Msg) tea.Msg {
	return func(m tea.Model, msg tea.Msg) tea.Msg {
		k, ok := msg.(tea.KeyMsg)
		if !ok || !key.Matches(k, refresh) {
			return msg
		}
		if root, ok := rootOf(m); ok && root.CapturesKeys() {
			return msg
		}
		s.RetryNow()
		return msg
	}
}
