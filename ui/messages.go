package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// ConnState is the connection state shown in the header.
type ConnState int

const (
	ConnUnknown          ConnState = iota // nothing known yet (before the first call)
	ConnConnecting                        // first authentication in flight
	ConnConnected                         // the last call succeeded
	ConnReauthenticating                  // a 401 triggered a new login
	ConnRetrying                          // calls fail and are being retried with backoff
	ConnOffline                           // the pod cannot be reached
)

func (s ConnState) String() string {
	switch s {
	case ConnConnecting:
		return "connecting"
	case ConnConnected:
		return "connected"
	case ConnReauthenticating:
		return "re-authenticating"
	case ConnRetrying:
		return "retrying"
	case ConnOffline:
		return "offline"
	}
	return "unknown"
}

// ConnStateMsg updates the header's connection state. Err is the last error
// (shown sanitised, on one line) when the state is not Connected.
type ConnStateMsg struct {
	State ConnState
	Err   error
	Since time.Time
	// NextTry, while offline, is when the next login runs by itself (zero
	// when none is scheduled). Shown as a time of day, so nothing ticks.
	NextTry time.Time
}

// FreshnessMsg updates the header's freshness slot, used by presence:
// "presence 3s ago" or "presence STALE 2m". A zero Updated clears the slot.
type FreshnessMsg struct {
	Label   string    // "presence"
	Updated time.Time // last successful poll
	Stale   bool      // the source considers its data too old
	Polling bool      // a poll is in flight
}

// IdentityMsg replaces who-we-are in the header, once the pod has said
// (session info) who the session belongs to.
type IdentityMsg struct{ Identity string }

// CommandMsg is a command-line command that is not a tab switch, such as
// ":user alice@example.com" -> CommandMsg{Name: "user", Arg: "alice@example.com"}.
// The root delivers it to the first view that Owns it and activates that tab.
type CommandMsg struct {
	Name string
	Arg  string // sanitised, trimmed
}

// Level is the severity of a status-line message.
type Level int

const (
	LevelInfo Level = iota
	LevelWarning
	LevelError
)

func (l Level) String() string {
	switch l {
	case LevelWarning:
		return "warning"
	case LevelError:
		return "error"
	}
	return "info"
}

// StatusMsg shows Text on the status line. Info and warnings clear after
// their TTL; errors stay until the next key.
type StatusMsg struct {
	Level Level
	Text  string // sanitised by the root
	// Verbatim: the text holds nothing secret, whatever its shape (a
	// file's path the operator typed): shown without the withholding of
	// what looks like a token, which would name a file that is not there.
	Verbatim bool
	// Replaces, when set, makes the message a correction of a note gone
	// stale: it shows (an empty Text clears the line) only while the line
	// still shows Replaces, and is dropped once something else is there.
	Replaces string
}

// Replace corrects the informational note old, still on the status line,
// with text ("" clears it); a later message on the line is left alone.
func Replace(old, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Level: LevelInfo, Text: text, Replaces: old} }
}

// Info returns a command that shows an informational status message.
func Info(text string) tea.Cmd { return statusCmd(LevelInfo, text) }

// Warn returns a command that shows a warning on the status line.
func Warn(text string) tea.Cmd { return statusCmd(LevelWarning, text) }

// Error returns a command that shows err on the status line until the next
// key. A nil err returns nil.
func Error(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return statusCmd(LevelError, err.Error())
}

func statusCmd(l Level, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Level: l, Text: text} }
}

// Modal is a dialog that takes every key while it is open: Confirm, Form,
// Picker (and the root's own help and command line). Views open one by
// returning OpenModal(m); its result message goes back to the view that was
// focused when it opened.
type Modal interface {
	Update(msg tea.Msg) (Modal, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Done reports that the modal has closed, with the message (possibly nil)
	// to deliver to the view that opened it.
	Done() (result tea.Msg, done bool)
}

// TextModal is a Modal that may have a text input focused. While it
// does, several runes read at once stay text (a paste), as in a view
// whose InputFocused is true; a modal without text input gets them one
// key at a time.
type TextModal interface {
	Modal
	InputFocused() bool
}

// OpenModalMsg asks the root to open a modal.
type OpenModalMsg struct{ Modal Modal }

// OpenModal returns a command that opens m over the current view.
func OpenModal(m Modal) tea.Cmd {
	return func() tea.Msg { return OpenModalMsg{Modal: m} }
}
