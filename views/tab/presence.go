package tab

import (
	"strings"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
)

// A pod tells a caller the presence of users of other pods only after it
// registered interest in them. The Users tab and the members sub-view pass
// the ids they show; the tracker sends the registration from its own
// goroutine (Interest only queues the ids and wakes it), so calling it from
// Update costs no I/O.

// PresenceInterest registers presence interest for the users among ids that
// belong to another pod than self's. Nothing happens without a tracker or
// before self is known; ids the tracker has seen already are ignored by it.
func PresenceInterest(d Deps, self int64, ids []int64) {
	if d.Presence == nil || self == 0 {
		return
	}
	var ext []int64
	for _, id := range ids {
		if IsExternal(id, self) {
			ext = append(ext, id)
		}
	}
	if len(ext) > 0 {
		d.Presence.Interest(ext)
	}
}

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

	State presence.Snapshot // the tracker then, as the presence pane draws it
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

// WatchPresence asks the tracker to follow the presence of the users ids
// a tab shows it for, when it cannot load everyone's (a session on behalf
// of a user); it does nothing when it can, or without a tracker.
func WatchPresence(d Deps, ids []int64) {
	if d.Presence != nil {
		d.Presence.Watch(ids)
	}
}
