package presence

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/tab"
)

// Pane shows presence live: the changes scrolling in with the users'
// names, counts per category, when the feed was last polled, and a STALE
// badge when polls stopped succeeding. It sits beside any tab (the root's
// side pane) or fills the screen, and it feeds the header's freshness slot.
//
// It costs nothing while nothing changes: one command waits on the
// tracker's Changes channel, one timer waits for the moment the data would
// turn stale, and the rendering is cached.
type Pane struct {
	c  *ui.Common
	d  tab.Deps
	tr *presence.Tracker

	width, height int

	state     presence.Snapshot
	have      bool      // state holds at least one snapshot
	stale     bool      // as of the last state or tick
	tickAt    time.Time // the stale timer in flight (zero: none)
	sentFresh ui.FreshnessMsg
	seenEvent uint64 // events up to this Seq were shown on the status line

	asked map[int64]bool // ids whose names were requested

	// Scrolling (scroll.go).
	anchor    uint64 // Seq of the change at the top of a scrolled list; 0 follows the newest
	bottom    bool   // the list stays on the oldest change kept
	seenSeq   uint64 // the newest Seq when the list left it: what "N new" counts from
	moreAsked int    // the most changes asked of the tracker for scrolling
	rows, off int    // the list's lines and first change, as last rendered

	out string // the cached rendering
}

// NewPane returns the pane for d.Presence (which must be set).
func NewPane(c *ui.Common, d tab.Deps) *Pane {
	v := &Pane{
		c: c, d: d, tr: d.Presence,
		width: 40, height: 20,
		asked: map[int64]bool{},
	}
	v.render()
	return v
}

// recentWanted is how many recent changes a snapshot carries: enough to
// fill the pane when zoomed on a tall terminal, and two pages past the
// ones shown when the list is scrolled.
func (v *Pane) recentWanted() int {
	if v.bottom {
		return presenceAllRecent
	}
	return max(v.height, 60, v.off+3*max(v.rows, 1))
}

// Init starts the tracker (once; Close belongs to whoever built it) and
// waits for its first news.
func (v *Pane) Init() tea.Cmd {
	v.tr.Start(context.Background())
	return waitPresence(v.tr, 0, v.recentWanted(), v.left())
}

// left is closed when the console leaves the pod (nil, never, without a
// Base context).
func (v *Pane) left() <-chan struct{} {
	if v.d.Base == nil {
		return nil
	}
	return v.d.Base.Done()
}

// Title implements ui.View.
func (v *Pane) Title() string { return "Presence" }

// Tally implements ui.Tallier: the users whose presence is known, loading
// until the first full load has come in (unless presence cannot be
// followed at all: nothing is on its way then). Nothing narrows the pane,
// so it has no hits to say.
func (v *Pane) Tally() ui.Tally {
	s := v.state
	return ui.Tally{Total: s.Users, Loading: !s.Synced && s.Unavailable == ""}
}

// Count implements ui.View: the tab's total (Tally says more).
func (v *Pane) Count() (int, bool) {
	t := v.Tally()
	return t.Total, t.Loading
}

// SetSize implements ui.View.
func (v *Pane) SetSize(w, h int) {
	w, h = max(w, 1), max(h, 1)
	if w == v.width && h == v.height {
		return
	}
	v.width, v.height = w, h
	v.render()
}

// InputFocused implements ui.View: the pane has no text input.
func (v *Pane) InputFocused() bool { return false }

// Owns implements ui.View.
func (v *Pane) Owns(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tab.PresenceChangedMsg, presenceTickMsg, presenceMoreMsg:
		return true
	case ui.CommandMsg:
		return msg.Name == "presence" || tab.IsExport(msg)
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View: refresh and edit say what they do here,
// and the navigation keys scroll the recent changes.
func (v *Pane) KeyBindings() []key.Binding {
	a, n, x := v.c.Keys.Action, v.c.Keys.Nav, v.actions()
	return []key.Binding{
		a.Pause, tab.Relabel(a.Refresh, "poll now"), x.setOwn.Offered(v.c), x.setOther.Offered(v.c),
		tab.Relabel(n.Up, "newer change"), tab.Relabel(n.Down, "older change"),
		tab.Relabel(n.PageUp, "newer page"), tab.Relabel(n.PageDown, "older page"),
		tab.Relabel(n.Top, "newest (follow live)"), tab.Relabel(n.Bottom, "oldest kept"),
		tab.Relabel(tab.RawKey(v.c, epRawPresence), "raw presence of the top change"),
	}
}

// Update implements ui.View.
func (v *Pane) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tab.PresenceChangedMsg:
		next := waitPresence(v.tr, msg.Seq, v.recentWanted(), v.left())
		return v, tea.Batch(next, v.apply(msg.State))
	case presenceTickMsg:
		if msg.at != v.tickAt {
			return v, nil // superseded by a later schedule
		}
		v.tickAt = time.Time{}
		return v, v.apply(msg.state)
	case presenceMoreMsg:
		return v, v.more(msg.state)
	case tea.KeyMsg:
		return v, v.key(msg)
	case tea.MouseMsg:
		if d := ui.WheelStep(msg); d != 0 {
			return v, v.scrollBy(d) // as the navigation keys: up is newer
		}
		return v, nil
	case ui.CommandMsg:
		if tab.IsExport(msg) {
			return v, v.exportShown(msg)
		}
		return v, v.command(msg)
	case ui.PickerQueryMsg:
		return v, v.searchUsers(msg)
	case ui.PickerResultMsg:
		return v, v.picked(msg)
	case ui.ConfirmResultMsg:
		return v, v.confirmed(msg)
	case ui.Result[presenceSet]:
		return v, v.presenceSet(msg)
	case ui.Result[namesResolved]:
		if msg.Err != nil {
			for _, id := range msg.Value.ids {
				delete(v.asked, id) // ask again with the next change
			}
			return v, nil
		}
		v.render()
		return v, nil
	}
	return v, nil
}

func (v *Pane) key(k tea.KeyMsg) tea.Cmd {
	if ok, cmd := v.scrollKey(k); ok {
		return cmd
	}
	a, x := v.c.Keys.Action, v.actions()
	switch {
	case key.Matches(k, a.Pause):
		if v.state.Paused {
			v.tr.Resume()
			return ui.Info("presence: polling resumed")
		}
		v.tr.Pause()
		return ui.Info("presence: polling paused")
	case key.Matches(k, a.Refresh):
		v.tr.Refresh()
		return nil
	case key.Matches(k, x.setOwn.Offered(v.c)):
		return v.pickCategory(setOwnPresence{})
	case key.Matches(k, x.setOther.Offered(v.c)):
		return v.pickUser()
	case key.Matches(k, a.Raw):
		return v.raw()
	}
	return tab.WhyNot(v.c, k, x.setOwn, x.setOther)
}

// apply takes a new snapshot: re-render, tell the header, schedule the one
// stale timer, announce new notices, and look up names not known yet.
func (v *Pane) apply(s presence.Snapshot) tea.Cmd {
	now := v.c.Now()
	if !v.following() { // hold the history shown
		s.Recent = mergeRecent(s.Recent, v.state.Recent, v.recentWanted())
	}
	v.state, v.have = s, true
	v.stale = s.Stale(now)
	var cmds []tea.Cmd
	if at := s.StaleAt(); !v.stale && !at.IsZero() && at != v.tickAt {
		v.tickAt = at
		cmds = append(cmds, staleTick(v.tr, at, now, v.recentWanted()))
	}
	fresh := ui.FreshnessMsg{Label: "presence", Updated: s.LastOK, Stale: v.stale, Polling: s.InFlight}
	if fresh != v.sentFresh {
		v.sentFresh = fresh
		cmds = append(cmds, func() tea.Msg { return fresh })
	}
	if s.EventSeq > v.seenEvent {
		v.seenEvent = s.EventSeq
		if e := s.Events[len(s.Events)-1]; e.Warning {
			cmds = append(cmds, ui.Warn(e.Text))
		} else {
			cmds = append(cmds, ui.Info(e.Text))
		}
	}
	v.render()
	cmds = append(cmds, v.resolveNames())
	return tea.Batch(cmds...)
}
