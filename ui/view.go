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
