package presence

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/views/tab"
)

// ViewID tags the presence pane's results.
const ViewID = "presence"

// presenceTickMsg is the pane's single timer: the moment its data would
// turn stale if no poll succeeds before.
type presenceTickMsg struct {
	at    time.Time
	state presence.Snapshot
}

// waitPresence blocks until the tracker reports a change, then collects the
// changes after since and a snapshot with up to recent changes; it gives up
// (nil) when the console leaves the pod (done). Built from copied values
// only; it reads the tracker, never the model.
func waitPresence(tr *presence.Tracker, since uint64, recent int, done <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-tr.Changes():
		case <-done:
			return nil
		}
		changes, latest, complete := tr.ChangesSince(since)
		return tab.PresenceChangedMsg{Changes: changes, Complete: complete, Seq: latest, State: tr.Snapshot(recent)}
	}
}

// staleTick fires once at the moment the data would turn stale.
func staleTick(tr *presence.Tracker, at, now time.Time, recent int) tea.Cmd {
	// A millisecond past the boundary, so the check on arrival is unambiguous.
	return tea.Tick(at.Sub(now)+time.Millisecond, func(time.Time) tea.Msg {
		return presenceTickMsg{at: at, state: tr.Snapshot(recent)}
	})
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
	l := tab.PresenceLabel(c)
	if ansi.StringWidth(l) > 7 {
		l = ansi.Truncate(l, 7, "…")
	}
	return l
}
