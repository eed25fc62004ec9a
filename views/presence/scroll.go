package presence

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/presence"
)

// The recent changes scroll with the navigation keys while the pane has
// the keys (zoomed, or as its own tab), paused or not. Away from the
// newest change the view holds still as changes arrive, anchored on the
// change at its top, and the rule above the list counts the new ones.

// presenceAllRecent asks the tracker for every change it keeps.
const presenceAllRecent = 1 << 20

// presenceMoreMsg carries older changes asked for by a scroll past the
// ones held.
type presenceMoreMsg struct{ state presence.Snapshot }

// following reports whether the list shows the newest changes (and moves
// as they arrive).
func (v *Pane) following() bool { return v.anchor == 0 && !v.bottom }

// CanGoBack implements ui.Backer: esc first returns a scrolled list to the
// newest change.
func (v *Pane) CanGoBack() bool { return !v.following() }

// offset is the index in state.Recent of the first change shown in a list
// of rows lines.
func (v *Pane) offset(rows int) int {
	rec := v.state.Recent
	last := max(len(rec)-max(rows, 1), 0)
	switch {
	case v.bottom:
		return last
	case v.anchor == 0:
		return 0
	}
	// Recent is newest first: Seq decreases.
	i := sort.Search(len(rec), func(i int) bool { return rec[i].Seq <= v.anchor })
	return min(i, last)
}

// newSince is how many changes arrived since the list left the newest.
func (v *Pane) newSince() uint64 {
	if v.following() || v.state.Seq < v.seenSeq {
		return 0
	}
	return v.state.Seq - v.seenSeq
}

// scrollKey moves the list for a navigation key; false when k is not one.
func (v *Pane) scrollKey(k tea.KeyMsg) (bool, tea.Cmd) {
	n := v.c.Keys.Nav
	page := max(v.rows, 1)
	switch {
	case key.Matches(k, n.Up):
		return true, v.scrollBy(-1)
	case key.Matches(k, n.Down):
		return true, v.scrollBy(1)
	case key.Matches(k, n.PageUp):
		return true, v.scrollBy(-page)
	case key.Matches(k, n.PageDown):
		return true, v.scrollBy(page)
	case key.Matches(k, n.HalfPageUp):
		return true, v.scrollBy(-max(page/2, 1))
	case key.Matches(k, n.HalfPageDown):
		return true, v.scrollBy(max(page/2, 1))
	case key.Matches(k, n.Top):
		return true, v.scrollTop()
	case key.Matches(k, n.Bottom):
		return true, v.scrollBottom()
	case key.Matches(k, v.c.Keys.Global.Back) && !v.following():
		return true, v.scrollTop()
	}
	return false, nil
}

// scrollBy moves the list d changes older (negative: newer); reaching the
// newest follows the changes again.
func (v *Pane) scrollBy(d int) tea.Cmd {
	rows := max(v.rows, 1)
	rec := v.state.Recent
	off := min(max(v.offset(rows)+d, 0), max(len(rec)-rows, 0))
	if off == 0 {
		return v.scrollTop()
	}
	v.leaveNewest()
	v.bottom, v.anchor = false, rec[off].Seq
	v.render()
	return tea.Batch(v.fetchMore(), v.resolveNames())
}

// scrollTop shows the newest changes and follows them again.
func (v *Pane) scrollTop() tea.Cmd {
	v.anchor, v.bottom, v.seenSeq, v.moreAsked = 0, false, 0, 0
	v.render()
	return v.resolveNames()
}

// scrollBottom shows the oldest changes the tracker keeps.
func (v *Pane) scrollBottom() tea.Cmd {
	if held := len(v.state.Recent); held <= max(v.rows, 1) && v.state.Seq <= uint64(held) {
		return v.scrollTop() // every change is shown already
	}
	v.leaveNewest()
	v.bottom, v.anchor = true, 0
	v.render()
	return tea.Batch(v.fetchMore(), v.resolveNames())
}

// leaveNewest notes where the list was when it stops following, for the
// count of new changes.
func (v *Pane) leaveNewest() {
	if v.following() {
		v.seenSeq = v.state.Seq
	}
}

// fetchMore asks the tracker for older changes when the list needs more
// than it holds and the tracker may have them (once per size asked).
func (v *Pane) fetchMore() tea.Cmd {
	want, held := v.recentWanted(), len(v.state.Recent)
	if want <= held || want <= v.moreAsked || v.state.Seq <= uint64(held) {
		return nil
	}
	v.moreAsked = want
	tr := v.tr
	return func() tea.Msg { return presenceMoreMsg{state: tr.Snapshot(want)} }
}

// more adds the older changes of a snapshot asked for by fetchMore.
func (v *Pane) more(s presence.Snapshot) tea.Cmd {
	v.state.Recent = mergeRecent(v.state.Recent, s.Recent, v.recentWanted())
	v.render()
	return v.resolveNames()
}

// mergeRecent is newer (newest first) followed by the changes of older
// that are older than all of newer, at most limit in all: a snapshot
// taken for fewer changes than the list holds keeps the history shown.
func mergeRecent(newer, older []presence.Change, limit int) []presence.Change {
	if len(newer) >= limit || len(older) == 0 {
		return newer
	}
	oldest := uint64(math.MaxUint64)
	if len(newer) > 0 {
		oldest = newer[len(newer)-1].Seq
	}
	i := sort.Search(len(older), func(i int) bool { return older[i].Seq < oldest })
	if i == len(older) {
		return newer
	}
	tail := older[i:min(len(older), i+limit-len(newer))]
	return append(newer[:len(newer):len(newer)], tail...)
}

// ruleLine is the rule above the list: plain while following, else where
// the list is and how many changes arrived above it.
func (v *Pane) ruleLine(off, shown int) string {
	w := v.width
	if v.following() {
		return v.c.Styles.Muted.Render(strings.Repeat("─", w))
	}
	text := fmt.Sprintf("%d–%d of %d", off+1, off+shown, len(v.state.Recent))
	if n := v.newSince(); n > 0 {
		text = fmt.Sprintf("%d new · ", n) + text
	}
	text = "── " + text + " · " + v.c.Keys.Nav.Top.Help().Key + " newest "
	return v.c.Styles.Muted.Render(presenceFit(text+strings.Repeat("─", max(w-len([]rune(text)), 0)), w))
}
