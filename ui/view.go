package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// View is what a tab (or the side pane) implements. The root model owns the
// layout and the routing; a View owns its state, its commands and its
// rendering.
//
// Routing rules the root follows:
//   - Keys go to the focused view only (the active tab, or the side pane when
//     it is zoomed), and only when no modal is open. Global keys (quit, help,
//     command line, tab switching) are matched first unless InputFocused
//     reports true, in which case the view gets every key, including esc and
//     ctrl+c (which should clear or close the input).
//   - esc (global.back) on the zoomed side pane leaves the zoom, unless the
//     pane view implements Backer and reports something to back out of.
//   - Any other message is offered to every view whose Owns reports true,
//     whether or not it is visible. A view that owns nothing returns false.
//   - CommandMsg goes to the first view that Owns it, and that view's tab is
//     activated.
//   - Results of a modal the view opened (ConfirmResultMsg, FormResultMsg,
//     PickerResultMsg) and a Picker's PickerQueryMsg go to the view that was
//     focused when the modal opened.
type View interface {
	// Init returns the first command (typically the first load). Called once
	// by the root's Init.
	Init() tea.Cmd
	// Update handles a message and returns the (possibly new) view.
	Update(msg tea.Msg) (View, tea.Cmd)
	// View renders exactly the size last given to SetSize. No I/O, no
	// sorting or filtering: concatenate cached strings.
	View() string
	// Title is the tab title ("Users"). Lower-cased, with dashes for
	// spaces, it is also the command that switches to the tab (":users").
	Title() string
	// Count is shown beside the title: the number of rows the view holds and
	// whether a load is in flight.
	Count() (n int, loading bool)
	// SetSize gives the view its area. Called on resize and on layout change.
	SetSize(width, height int)
	// KeyBindings lists the view's own bindings for the help overlay and
	// the status-line hints. Disabled bindings are skipped by the root.
	KeyBindings() []key.Binding
	// InputFocused reports that a text input (filter, inline form) has focus:
	// the root then sends every key to the view and no global key fires.
	InputFocused() bool
	// Owns reports whether a non-key message is for this view (its loaded
	// results, its ticks, a CommandMsg it handles). OwnedBy helps with
	// messages built by Result.
	Owns(msg tea.Msg) bool
}

// Backer is implemented by a View that uses esc (global.back) to back out of
// a state of its own: an applied filter, marks, a sub-view. CanGoBack
// reports whether it has one now; if so esc goes to the view, otherwise the
// root uses esc itself (to leave the zoomed side pane). A View without
// Backer has nothing to back out of.
type Backer interface {
	CanGoBack() bool
}

// Tally is what the tab bar says beside a tab's title: the tab's total
// (every user, every room; never what a sub-view of it shows), how many of them a search
// or a filter lets through when one applies, and the progress of a load.
type Tally struct {
	Total    int  // rows the tab holds: its total
	Expected int  // while loading: how many the pod said there are (0: it did not say)
	Shown    int  // rows the search or the filter lets through
	Narrowed bool // a search or a filter applies: Shown is said
	Loading  bool // more is on its way
}

// TabArger is implemented by a view whose tab command takes an argument
// as well (":users QUERY" searches the pod): the argument ("QUERY") and
// what the command does with it, listed in :help beside the tab command
// and said when the name completes.
type TabArger interface {
	TabArgs() (args, help string)
}

// Commander is implemented by a view with commands of its own beyond its
// tab command (":members set"): listed in :help and completed only while
// the view offers them, as its keys are.
type Commander interface {
	Commands() []Command
}

// CommandRefuser is implemented by a view that owns a command it cannot
// carry out as things stand (":members set" with no room open): Refuse
// returns the line saying why, and the root shows it without switching
// to the view; nil lets the command through.
type CommandRefuser interface {
	RefuseCommand(cmd CommandMsg) tea.Cmd
}

// Tallier is implemented by a view whose count says more than Count: the
// tab bar uses Tally instead.
type Tallier interface {
	Tally() Tally
}

// String is the count as the tab bar shows it: "90,012", "41,000/90,012 ↻"
// (loading, the pod said how many), "41,000 ↻" (loading, it did not say),
// "12 of 301" (a filter applies), "12 of 41,000 ↻".
func (t Tally) String() string {
	s := Thousands(t.Total)
	if t.Loading && t.Expected > t.Total {
		s += "/" + Thousands(t.Expected)
	}
	if t.Narrowed {
		s = Thousands(t.Shown) + " of " + s
	}
	if t.Loading {
		s += " ↻"
	}
	return s
}

// TallyOf is v's Tally, or its Count as a Tally when it has none.
func TallyOf(v View) Tally {
	if t, ok := v.(Tallier); ok {
		return t.Tally()
	}
	n, loading := v.Count()
	return Tally{Total: n, Loading: loading}
}
