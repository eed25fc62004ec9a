// Package calllog keeps the last calls the console made to its pods, for
// the operator who asks "why did that fail?": a bounded ring of attempts
// fed by the pod clients' observer and the session's (its logins, the 401s
// that made it log in again), safe for concurrent use. Nothing in it is a
// secret: neither reports a token, secret-named parameters are withheld,
// and the ring withholds anything shaped like a secret again.
package calllog

import (
	"sync"
	"time"

	"symtui/pod"
	"symtui/redact"
	"symtui/session"
)

// DefaultSize is how many attempts a ring keeps unless told otherwise.
const DefaultSize = 2000

// Entry is one attempt of one call.
type Entry struct {
	Seq     uint64    // numbers the entries of a ring, oldest first
	At      time.Time // when the attempt ended
	Pod     string    // which pod: its context's name, or its host
	Method  string
	Route   string // the path template: "/pod/v3/room/{id}/info"
	Status  int    // 0: no answer arrived
	Latency time.Duration
	Attempt int // 1 for the first
	TraceID string
	Err     string // why no answer arrived
	Message string // the pod's message on an error status
	Params  []pod.Param
}

// Failed reports whether the attempt did not succeed: no answer, or a
// status of 400 and above.
func (e Entry) Failed() bool { return e.Status == 0 || e.Status >= 400 || e.Err != "" }

// Ring keeps the last attempts of every pod of the run.
type Ring struct {
	mu      sync.Mutex
	buf     []Entry
	start   int // index of the oldest
	n       int
	seq     uint64
	now     func() time.Time
	notify  func()
	pending bool // notify was called and the reader has not said Seen
}

// New returns a ring of size attempts (DefaultSize when size <= 0) whose
// entries are timed by now (the wall clock when nil).
func New(size int, now func() time.Time) *Ring {
	if size <= 0 {
		size = DefaultSize
	}
	if now == nil {
		now = time.Now
	}
	return &Ring{buf: make([]Entry, size), now: now}
}

// Observer is a pod client's observer that logs each attempt as made to
// podName.
func (r *Ring) Observer(podName string) func(pod.RequestInfo) {
	return func(ri pod.RequestInfo) { r.Add(podName, ri) }
}

// SessionObserver is a session's observer that logs its logins and the
// 401s that made it log in again, as made to podName, beside the calls of
// the pod clients on it.
func (r *Ring) SessionObserver(podName string) func(session.Exchange) {
	return func(x session.Exchange) {
		ri := pod.RequestInfo{
			Method: x.Method, Route: x.Route, Status: x.Status, Latency: x.Latency,
			Attempt: x.Attempt, TraceID: x.TraceID, Err: x.Err, Message: x.Message,
		}
		for _, p := range x.Params {
			ri.Params = append(ri.Params, pod.Param{Name: p.Name, Value: p.Value})
		}
		r.Add(podName, ri)
	}
}

// Add logs one attempt. Whatever is shaped like a secret is withheld,
// whoever built ri.
func (r *Ring) Add(podName string, ri pod.RequestInfo) {
	e := Entry{
		Pod: podName, Method: ri.Method, Route: ri.Route, Status: ri.Status, Latency: ri.Latency,
		Attempt: ri.Attempt, TraceID: ri.TraceID, Message: redact.Secrets(ri.Message),
	}
	if ri.Err != nil {
		e.Err = redact.Secrets(ri.Err.Error())
	}
	if len(ri.Params) > 0 {
		e.Params = make([]pod.Param, len(ri.Params))
		for i, p := range ri.Params {
			v := redact.Secrets(p.Value)
			if pod.SecretName(p.Name) {
				v = pod.Withheld
			}
			e.Params[i] = pod.Param{Name: p.Name, Value: v}
		}
	}
	r.mu.Lock()
	r.seq++
	e.Seq, e.At = r.seq, r.now()
	if r.n < len(r.buf) {
		r.buf[(r.start+r.n)%len(r.buf)] = e
		r.n++
	} else {
		r.buf[r.start] = e
		r.start = (r.start + 1) % len(r.buf)
	}
	notify := r.notify
	if r.pending {
		notify = nil
	}
	if notify != nil {
		r.pending = true
	}
	r.mu.Unlock()
	if notify != nil {
		go notify() // never hold up the call that is being logged
	}
}

// Entries returns the attempts kept, newest first.
func (r *Ring) Entries() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Entry, r.n)
	for i := range out {
		out[i] = r.buf[(r.start+r.n-1-i)%len(r.buf)]
	}
	return out
}

// Latest is the number of the newest entry (0: none yet).
func (r *Ring) Latest() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seq
}

// Size is how many attempts the ring keeps at most.
func (r *Ring) Size() int { return len(r.buf) }

// SetNotify makes the ring call fn (on a goroutine of its own) after an
// attempt is logged, once until Seen: a reader that is not looking costs
// nothing but the first call.
func (r *Ring) SetNotify(fn func()) {
	r.mu.Lock()
	r.notify, r.pending = fn, false
	r.mu.Unlock()
}

// Seen re-arms the notification: the reader has taken what was logged.
func (r *Ring) Seen() {
	r.mu.Lock()
	r.pending = false
	r.mu.Unlock()
}

// ChangedMsg is the message a console sends its views when the ring
// notifies: the log has new entries.
type ChangedMsg struct{}
