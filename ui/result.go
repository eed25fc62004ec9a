package ui

import tea "github.com/charmbracelet/bubbletea"

// Result is the message a view's command returns: the value (or error) of
// one pod call, tagged with the view that asked and the generation of the
// query it answers. A view bumps its generation whenever the query,
// filter or selection changes and drops results whose Gen is not current.
//
//	gen := v.gen.Next()
//	return ui.Run(v.ID, gen, func() ([]pod.User, error) { ... copied values only ... })
//
//	case ui.Result[[]pod.User]:
//	    if msg.Gen != v.gen.Current() { return v, nil } // stale
type Result[T any] struct {
	View  string // the owning view's id
	Gen   uint64 // generation the request was made for
	Value T
	Err   error
}

// OwnerView reports the view the result belongs to (see OwnedBy).
func (r Result[T]) OwnerView() string { return r.View }

// Run wraps fn in a command whose message is a Result tagged with view and
// gen. fn runs on its own goroutine: build it only from values copied in
// Update, never from the model, and give any network call a timeout.
func Run[T any](view string, gen uint64, fn func() (T, error)) tea.Cmd {
	return func() tea.Msg {
		v, err := fn()
		return Result[T]{View: view, Gen: gen, Value: v, Err: err}
	}
}

// Owned is implemented by messages that know which view they belong to.
type Owned interface {
	OwnerView() string
}

// OwnedBy reports whether msg declares view as its owner; a typical
// View.Owns is `return ui.OwnedBy(msg, "users")`.
func OwnedBy(msg tea.Msg, view string) bool {
	o, ok := msg.(Owned)
	return ok && o.OwnerView() == view
}

// Generation counts a view's queries. The zero value is ready to use.
type Generation struct{ n uint64 }

// Next starts a new query and returns its generation.
func (g *Generation) Next() uint64 { g.n++; return g.n }

// Current is the generation of the latest query.
func (g *Generation) Current() uint64 { return g.n }

// IsCurrent reports whether a result for gen is still wanted.
func (g *Generation) IsCurrent(gen uint64) bool { return gen == g.n }
