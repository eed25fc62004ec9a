package views

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
)

// UsersPresenceMsg carries presence changes to the Users tab: each record
// is a user's new category (pod.Presence: UserID, Category). The presence
// pane (or main, from the presence tracker) sends it; the Users tab owns
// it whichever tab is shown, updates its presence column and highlights
// the changed rows for a few seconds.
type UsersPresenceMsg struct {
	Changes []pod.Presence
}

// usersRepaint ends a highlight: the message itself makes the root render
// again, after which the rows are drawn plain.
type usersRepaint struct{}

func (usersRepaint) OwnerView() string { return UsersViewID }

// presenceChanged applies changes to the presence column of the rows
// loaded, highlighting those whose category moved.
func (v *Users) presenceChanged(msg UsersPresenceMsg) tea.Cmd {
	until := v.c.Now().Add(usersHighlight)
	moved := false
	for _, p := range msg.Changes {
		if p.UserID == 0 || v.presence[p.UserID] == p.Category {
			continue
		}
		v.presence[p.UserID] = p.Category
		r, ok := v.recs[p.UserID]
		if !ok {
			continue
		}
		v.updateRec(r)
		v.table.Highlight(r.key(), until)
		moved = true
	}
	if !moved {
		return nil
	}
	v.hlUntil = until
	return v.scheduleRepaint()
}

// scheduleRepaint arranges one render after the last highlight ends (one
// tick at a time, however many changes arrive).
func (v *Users) scheduleRepaint() tea.Cmd {
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
