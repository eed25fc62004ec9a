package tab

import (
	"context"
	"time"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/membership"
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
	// BulkWorkers is how many calls of a bulk change are in flight at once;
	// bulk.DefaultWorkers when zero.
	BulkWorkers int
	// Owners opens clients on behalf of a room's owners (through the
	// config's app), for the changes only an owner can make; nil when the
	// config has no app.
	Owners *membership.OnBehalf
	// Base bounds every call as well: the console cancels it when it
	// leaves the pod (a context switch), which ends the calls in flight.
	// nil: calls are bounded by Timeout alone.
	Base context.Context
}

// CallContext returns a context bounded by the per-call timeout. Views call it
// inside a tea.Cmd, never in Update.
func (d Deps) CallContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(d.base(), d.timeout())
}

// RunContext bounds work of many calls (a user's rooms read whole): it
// ends with the console's pod, not after one call's timeout; BulkOptions
// give each call its own.
func (d Deps) RunContext() (context.Context, context.CancelFunc) {
	return context.WithCancel(d.base())
}

// BulkOptions are how the tabs make many calls: BulkWorkers at once, each
// bounded by the per-call timeout.
func (d Deps) BulkOptions() bulk.Options {
	return bulk.Options{Workers: d.BulkWorkers, Timeout: d.timeout()}
}

// base is what every call of the tabs derives from: Base, or Background.
func (d Deps) base() context.Context {
	if d.Base == nil {
		return context.Background()
	}
	return d.Base
}

func (d Deps) timeout() time.Duration {
	if d.Timeout <= 0 {
		return DefaultTimeout
	}
	return d.Timeout
}
