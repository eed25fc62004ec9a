package views

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
)

// PresenceViewID tags the presence pane's results.
const PresenceViewID = "presence"

// PresenceChangedMsg is sent whenever the presence tracker's state changed
// (new changes, an error, recovery, a resync, pause). The root offers it to
// every view that Owns it, so any tab can follow presence live: the Users
// tab owns it to update its presence column and highlight changed rows.
//
// Changes are the changes since the previous message, oldest first; often
// none (a state change only). When Complete is false some changes were
// already dropped from the tracker's recent list (a burst, a resync): a view
// that shows presence should reload it with Deps.Presence.Lookup.
//
// The presence pane produces these messages (one waiting command at a
// time, on the tracker's Changes channel); without the pane there are none.
type PresenceChangedMsg struct {
	Changes  []presence.Change
	Complete bool
	Seq      uint64 // Seq of the latest change; the next message continues after it

	state presence.Snapshot // for the pane
}

// presenceTickMsg is the pane's single timer: the moment its data would
// turn stale if no poll succeeds before.
type presenceTickMsg struct {
	at    time.Time
	state presence.Snapshot
}

// waitPresence blocks until the tracker reports a change, then collects the
// changes after since and a snapshot with up to recent changes. Built from
// copied values only; it reads the tracker, never the model.
func waitPresence(tr *presence.Tracker, since uint64, recent int) tea.Cmd {
	return func() tea.Msg {
		<-tr.Changes()
		changes, latest, complete := tr.ChangesSince(since)
		return PresenceChangedMsg{Changes: changes, Complete: complete, Seq: latest, state: tr.Snapshot(recent)}
	}
}

// staleTick fires once at the moment the data would turn stale.
func staleTick(tr *presence.Tracker, at, now time.Time, recent int) tea.Cmd {
	// A millisecond past the boundary, so the check on arrival is unambiguous.
	return tea.Tick(at.Sub(now)+time.Millisecond, func(time.Time) tea.Msg {
		return presenceTickMsg{at: at, state: tr.Snapshot(recent)}
	})
}

// presenceLabels are short names for the categories, for narrow columns.
var presenceLabels = map[pod.Category]string{
	pod.CategoryUndefined:    "undefined",
	pod.CategoryAvailable:    "available",
	pod.CategoryBusy:         "busy",
	pod.CategoryDoNotDisturb: "dnd",
	pod.CategoryOnThePhone:   "on phone",
	pod.CategoryBeRightBack:  "brb",
	pod.CategoryInAMeeting:   "meeting",
	pod.CategoryAway:         "away",
	pod.CategoryOutOfOffice:  "out of office",
	pod.CategoryOffWork:      "off work",
	pod.CategoryOffline:      "offline",
}

// presenceShortLabels are the labels again, shorter, for a narrow pane.
var presenceShortLabels = map[pod.Category]string{
	pod.CategoryUndefined:   "undef",
	pod.CategoryAvailable:   "avail",
	pod.CategoryOnThePhone:  "phone",
	pod.CategoryInAMeeting:  "mtg",
	pod.CategoryOutOfOffice: "ooo",
	pod.CategoryOffWork:     "offwork",
}

// presenceShortLabel is PresenceLabel at most seven cells wide.
func presenceShortLabel(c pod.Category) string {
	if l, ok := presenceShortLabels[c]; ok {
		return l
	}
	l := PresenceLabel(c)
	if ansi.StringWidth(l) > 7 {
		l = ansi.Truncate(l, 7, "…")
	}
	return l
}

// PresenceLabel is a category as an operator reads it in a column
// ("available", "dnd", "out of office"); a category this build does not
// know is shown lower-cased and sanitised. Empty is "—" (unknown).
func PresenceLabel(c pod.Category) string {
	if l, ok := presenceLabels[c]; ok {
		return l
	}
	if c == "" {
		return "—"
	}
	return strings.ToLower(ui.Sanitize(string(c)))
}
