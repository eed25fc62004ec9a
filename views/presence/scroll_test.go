package presence

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// changesUpTo is a snapshot whose recent list holds changes 1..n, newest
// first; change i is user 1000+i (shown as "#1000+i", no name known).
func changesUpTo(now time.Time, n int) presence.Snapshot {
	s := snapshotAt(now)
	s.Recent = make([]presence.Change, n)
	for i := range s.Recent {
		seq := uint64(n - i)
		s.Recent[i] = presence.Change{Seq: seq, UserID: 1000 + int64(seq), From: pod.CategoryBusy, To: pod.CategoryAway, At: now}
	}
	s.Seq = uint64(n)
	return s
}

// changeRows are the lines of the view that show a change, in order.
func changeRows(view string) []string {
	var out []string
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "→") {
			out = append(out, l)
		}
	}
	return out
}

// firstChange is the user of the first change shown ("#1099").
func firstChange(t *testing.T, v *Pane) string {
	t.Helper()
	rows := changeRows(v.View())
	if len(rows) == 0 {
		t.Fatalf("no change shown:\n%s", v.View())
	}
	return strings.Fields(rows[0])[1]
}

// The navigation keys scroll the recent changes, paused or not; changes
// that arrive meanwhile do not move the list but are counted, and g goes
// back to the newest and follows them again.
func TestPresencePaneScrollsAndHoldsStill(t *testing.T) {
	v, clk := newTestPane(t, 60, 14)
	snap := changesUpTo(clk.now, 100)
	v.Update(tab.PresenceChangedMsg{Seq: 100, Complete: true, State: snap})
	if got := firstChange(t, v); got != "#1100" {
		t.Fatalf("first change %s, want the newest #1100", got)
	}
	shown := len(changeRows(v.View()))

	viewtest.Press(t, v, viewtest.RuneKey("j"))
	if got := firstChange(t, v); got != "#1099" {
		t.Fatalf("after j: first change %s, want #1099", got)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyPgDown))
	if got, want := firstChange(t, v), fmt.Sprintf("#%d", 1099-shown); got != want {
		t.Fatalf("after pgdown: first change %s, want %s", got, want)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyPgUp))
	viewtest.Press(t, v, viewtest.RuneKey("k"))
	viewtest.Press(t, v, viewtest.RuneKey("j"))

	// Five changes arrive: the list holds still and says so.
	snap = changesUpTo(clk.now, 105)
	v.Update(tab.PresenceChangedMsg{Seq: 105, Complete: true, State: snap})
	if got := firstChange(t, v); got != "#1099" {
		t.Fatalf("new changes moved the list: first change %s, want #1099\n%s", got, v.View())
	}
	viewtest.MustContain(t, "the pane", v.View(), "5 new")
	if !v.CanGoBack() {
		t.Error("a scrolled list should take esc")
	}

	// Paused, the keys still scroll: G shows the oldest kept.
	snap.Paused = true
	v.Update(tab.PresenceChangedMsg{Seq: 105, Complete: true, State: snap})
	viewtest.Press(t, v, viewtest.RuneKey("G"))
	rows := changeRows(v.View())
	if last := strings.Fields(rows[len(rows)-1])[1]; last != "#1001" {
		t.Fatalf("after G the last change is %s, want the oldest #1001\n%s", last, v.View())
	}

	// g: the newest again, following.
	viewtest.Press(t, v, viewtest.RuneKey("g"))
	if got := firstChange(t, v); got != "#1105" || strings.Contains(v.View(), " new ") || v.CanGoBack() {
		t.Fatalf("after g: first change %s, view:\n%s", got, v.View())
	}
	snap = changesUpTo(clk.now, 107)
	v.Update(tab.PresenceChangedMsg{Seq: 107, Complete: true, State: snap})
	if got := firstChange(t, v); got != "#1107" {
		t.Fatalf("following: first change %s, want the newest #1107", got)
	}

	// esc also returns a scrolled list to the newest.
	viewtest.Press(t, v, viewtest.RuneKey("j"))
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	if got := firstChange(t, v); got != "#1107" {
		t.Fatalf("after esc: first change %s, want #1107", got)
	}
}

// Zoomed in the console, the pane gets the navigation keys.
func TestPresencePaneZoomedScrollsInTheConsole(t *testing.T) {
	v, clk := newTestPane(t, 60, 14)
	root := ui.New(v.c, presenceBlankTab{})
	root.SetSidePane(v)
	root.SetPaneMode(ui.PaneZoomed)
	var m tea.Model = root
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	m, _ = m.Update(tab.PresenceChangedMsg{Seq: 100, Complete: true, State: changesUpTo(clk.now, 100)})
	for _, k := range []tea.KeyMsg{viewtest.RuneKey("j"), viewtest.RuneKey("j"), viewtest.RuneKey("G"), viewtest.RuneKey("k")} {
		m, _ = m.Update(k)
	}
	rows := changeRows(v.View())
	if len(rows) == 0 {
		t.Fatalf("nothing shown:\n%s", m.View())
	}
	if last := strings.Fields(rows[len(rows)-1])[1]; last != "#1002" {
		t.Fatalf("after j j G k the last change is %s, want #1002\n%s", last, m.View())
	}
}

// Scrolling past the changes held asks the tracker for older ones.
func TestPresencePaneScrollFetchesOlderChanges(t *testing.T) {
	r := newPresenceRig(t, emulator.Options{PresenceChurn: 400}, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.tr.Start(ctx)
	deadline := time.Now().Add(30 * time.Second)
	for r.tr.Snapshot(0).Seq < 200 {
		if time.Now().After(deadline) {
			t.Fatalf("the tracker saw %d changes in 30s", r.tr.Snapshot(0).Seq)
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.tr.Pause()
	v := NewPane(r.common, r.deps)
	v.SetSize(80, 20)
	v.Update(tab.PresenceChangedMsg{Complete: true, State: r.tr.Snapshot(v.recentWanted())})
	held := len(v.state.Recent)
	all := r.tr.Snapshot(presenceAllRecent).Recent
	if held >= len(all) {
		t.Fatalf("the pane holds %d of %d changes already", held, len(all))
	}
	_, cmd := v.Update(viewtest.RuneKey("G"))
	for _, msg := range viewtest.RunCmd(cmd) {
		if m, ok := msg.(presenceMoreMsg); ok {
			v.Update(m)
		}
	}
	if len(v.state.Recent) < len(all) {
		t.Fatalf("after G the pane holds %d changes; the tracker keeps %d", len(v.state.Recent), len(all))
	}
	rows := changeRows(v.View())
	oldest := all[len(all)-1]
	if len(rows) == 0 || !strings.Contains(rows[len(rows)-1], v.d.Names.Label(oldest.UserID)) && !strings.Contains(rows[len(rows)-1], fmt.Sprint(oldest.UserID)) {
		t.Fatalf("after G the last row is not the oldest change (user %d):\n%s", oldest.UserID, v.View())
	}
}
