package main

import (
	"errors"
	"net/http"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/session"
	"symtui/ui"
)

// connWatch turns what the pod client and the session see into the header's
// connection state: connected, re-authenticating, retrying, offline (with
// the last error). It sends a message only when the state changes, so an
// idle console is not redrawn.
type connWatch struct {
	s *session.Session

	mu      sync.Mutex
	call    ui.ConnState // from the last request the client made
	callErr error
	sent    ui.ConnStateMsg
	send    func(tea.Msg)
}

func newConnWatch(s *session.Session) *connWatch { return &connWatch{s: s} }

// observe is the pod client's observer: it runs after every attempt.
func (w *connWatch) observe(ri pod.RequestInfo) {
	state, err := classify(ri)
	w.mu.Lock()
	w.call, w.callErr = state, err
	w.mu.Unlock()
	w.publish()
}

// classify maps one attempt's outcome to a connection state.
func classify(ri pod.RequestInfo) (ui.ConnState, error) {
	switch {
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
		return ui.ConnStateMsg{State: ui.ConnOffline, Err: st.LastError, Since: st.Since}
	}
	return ui.ConnStateMsg{State: call, Err: callErr, Since: st.Since}
}

// publish sends the state to the program if it changed.
func (w *connWatch) publish() {
	msg := w.current()
	w.mu.Lock()
	send := w.send
	same := msg.State == w.sent.State && errText(msg.Err) == errText(w.sent.Err)
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

// start wires the watch to the program and samples the session while the
// program runs (a login in progress shows before any request completes).
// The returned func stops the sampling.
func (w *connWatch) start(p *tea.Program) func() {
	w.mu.Lock()
	w.send = p.Send
	w.mu.Unlock()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				w.publish()
			}
		}
	}()
	return func() { close(done) }
}
