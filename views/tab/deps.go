package tab

import (
	"context"
	"time"

	"symtui/pod"
	"symtui/pod/presence"
)

// DefaultTimeout bounds one pod call made on behalf of a view: a spinner
// must turn into an error, never spin forever.
const DefaultTimeout = 20 * time.Second

// Deps is what every view needs besides ui.Common.
type Deps struct {
	Pod      *pod.Client
	Names    *Names            // shared user-name cache
	Presence *presence.Tracker // live presence of the pod's users (started by the presence pane)
	Timeout  time.Duration     // per call; DefaultTimeout when zero
	// Base bounds every call as well: the console cancels it when it
	// leaves the pod (a context switch), which ends the calls in flight.
	// nil: calls are bounded by Timeout alone.
	Base context.Context
}

// CallContext returns a context bounded by the per-call timeout. Views call it
// inside a tea.Cmd, never in Update.
func (d Deps) CallContext() (context.Context, context.CancelFunc) {
	t := d.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	base := d.Base
	if base == nil {
		base = context.Background()
	}
	return context.WithTimeout(base, t)
}
