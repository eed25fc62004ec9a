package users

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// The Users tab follows presence live by owning the presence pane's
// PresenceChangedMsg (whichever tab is shown): each change updates the
// presence column and highlights the row for a few seconds. When the
// message says changes were dropped (or before the first sync), the column
// is reloaded from the tracker in a command, without highlights.

// usersHighlightMax is the most changes one message may bring and still
// highlight its rows.
const usersHighlightMax = 200

// usersRepaint ends a highlight: the message itself makes the root render
// again, after which the rows are drawn plain.
type usersRepaint struct{}

func (usersRepaint) OwnerView() string { return ViewID }

// presenceLookup is the tracker's presence for the users loaded.
type presenceLookup map[int64]pod.Category

// presenceChanged applies the changes to the rows loaded, highlighting
// those whose category moved.
func (v *Tab) presenceChanged(msg tab.PresenceChangedMsg) tea.Cmd {
	until := v.c.Now().Add(usersHighlight)
	// A burst (a resync after a feed loss) is not news row by row: the
	// column changes, nothing flashes.
	highlight := len(msg.Changes) <= usersHighlightMax
	moved := false
	for _, c := range msg.Changes {
		r, ok := v.recs[c.UserID]
		if !ok || r.Presence == c.To {
			continue
		}
		v.setPresence(r, c.To)
		if highlight {
			v.table.Highlight(r.key(), until)
			moved = true
		}
	}
	var cmds []tea.Cmd
	// Users the tracker follows for this tab (a session that may not load
	// everyone's) arrive outside the changes: Learned says when.
	learned := msg.State.Learned != v.learned
	v.learned = msg.State.Learned
	if (!msg.Complete || !v.synced || learned) && v.d.Presence != nil && len(v.recs) > 0 {
		ids := make([]int64, 0, len(v.recs))
		for id := range v.recs {
			ids = append(ids, id)
		}
		cmds = append(cmds, v.lookupPresence(ids))
	}
	if moved {
		v.hlUntil = until
		cmds = append(cmds, v.scheduleRepaint())
	}
	return tea.Batch(cmds...)
}

// lookupPresence reads the tracker's presence of the users ids.
func (v *Tab) lookupPresence(ids []int64) tea.Cmd {
	tr := v.d.Presence
	return ui.Run(ViewID, 0, func() (presenceLookup, error) {
		return presenceLookup(tr.Lookup(ids)), nil
	})
}

// presenceLooked applies a reload of the column, quietly.
func (v *Tab) presenceLooked(m presenceLookup) {
	if len(m) == 0 {
		return
	}
	v.synced = true
	for id, c := range m {
		if r, ok := v.recs[id]; ok && r.Presence != c {
			v.setPresence(r, c)
		}
	}
}

// setPresence records a user's presence and draws its row again (the
// filter does not read presence: the row's filter text stays).
func (v *Tab) setPresence(r userRec, c pod.Category) {
	r.Presence = c
	v.recs[r.ID] = r
	k := r.key()
	v.list.RedrawRow(k)
	v.found.RedrawRow(k)
	v.detail.invalidate()
}

// scheduleRepaint arranges one render after the last highlight ends (one
// tick at a time, however many changes arrive).
func (v *Tab) scheduleRepaint() tea.Cmd {
	if v.ticking {
		return nil
	}
	wait := v.hlUntil.Sub(v.c.Now())
	if wait <= 0 {
		return nil
	}
	v.ticking = true
	return v.after(wait+100*time.Millisecond, func(time.Time) tea.Msg { return usersRepaint{} })
}
