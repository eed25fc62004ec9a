package presence

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/tab"
)

// presencePaneClock is a settable clock for pane tests.
type presencePaneClock struct{ now time.Time }

func (c *presencePaneClock) Now() time.Time { return c.now }

// newTestPane builds a pane over a tracker that is never started: the tests
// feed it snapshots the way the waiting command would.
func newTestPane(t testing.TB, w, h int) (*Pane, *presencePaneClock) {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	c := ui.NewCommon(r, nil, false)
	clk := &presencePaneClock{now: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	c.Now = clk.Now
	names := tab.NewNames()
	names.Put(pod.User{ID: 1, DisplayName: "Ada Lovelace"}, pod.User{ID: 2, DisplayName: "Alan \x1b[31mTuring"})
	v := NewPane(c, tab.Deps{Presence: presence.New(nil, presence.Options{Interval: 5 * time.Second}), Names: names})
	v.SetSize(w, h)
	return v, clk
}

// outcome runs a command the way the runtime would, for a short while:
// the messages that arrive, and how many commands are still waiting (the
// pane's wait on the tracker, a timer).
func runPaneCmd(cmd tea.Cmd) (msgs []tea.Msg, waiting int) {
	if cmd == nil {
		return nil, 0
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				m, w := runPaneCmd(c)
				msgs, waiting = append(msgs, m...), waiting+w
			}
			return msgs, waiting
		}
		if msg != nil {
			msgs = append(msgs, msg)
		}
		return msgs, 0
	case <-time.After(100 * time.Millisecond):
		return nil, 1
	}
}

func freshnessSent(msgs []tea.Msg) []ui.FreshnessMsg {
	var out []ui.FreshnessMsg
	for _, m := range msgs {
		if f, ok := m.(ui.FreshnessMsg); ok {
			out = append(out, f)
		}
	}
	return out
}

func snapshotAt(now time.Time) presence.Snapshot {
	return presence.Snapshot{
		Users: 2, Counts: map[pod.Category]int{pod.CategoryBusy: 1, pod.CategoryAvailable: 1},
		Recent: []presence.Change{
			{Seq: 2, UserID: 2, From: pod.CategoryAway, To: pod.CategoryBusy, At: now.Add(-time.Second)},
			{Seq: 1, UserID: 1, From: pod.CategoryOffline, To: pod.CategoryAvailable, At: now.Add(-2 * time.Second)},
		},
		Seq: 2, Started: now.Add(-time.Minute), LastOK: now, Interval: 5 * time.Second, Synced: true,
	}
}

func TestPresencePaneStaleBadgeNeedsOneTimer(t *testing.T) {
	v, clk := newTestPane(t, 60, 12)
	snap := snapshotAt(clk.now)

	_, cmd := v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	msgs, waiting := runPaneCmd(cmd)
	if f := freshnessSent(msgs); len(f) != 1 || f[0].Stale || !f[0].Updated.Equal(snap.LastOK) {
		t.Fatalf("freshness sent = %+v; want one, fresh, updated at the last poll", f)
	}
	if waiting != 2 || !v.tickAt.Equal(snap.LastOK.Add(15*time.Second)) {
		t.Fatalf("waiting commands = %d, stale timer at %v; want the wait and one timer at last poll + 3 intervals", waiting, v.tickAt)
	}
	view := v.View()
	for _, want := range []string{"Presence live", "every 5s", "2 users", "available 1", "busy 1", "Ada Lovelace", "away → busy", "Alan Turing"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "\x1b") {
		t.Errorf("a pod string reached the view unsanitised:\n%q", view)
	}

	// The same state again (a notification that changed nothing visible):
	// no freshness message, no second timer, the same cached view.
	_, cmd = v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	msgs, waiting = runPaneCmd(cmd)
	if len(freshnessSent(msgs)) != 0 || waiting != 1 || v.View() != view {
		t.Errorf("an unchanged state sent %v with %d commands waiting; want nothing but the next wait", msgs, waiting)
	}

	// A tick scheduled before is ignored.
	if _, cmd := v.Update(presenceTickMsg{at: snap.LastOK.Add(time.Second), state: snap}); cmd != nil {
		t.Error("a superseded timer produced a command")
	}

	// The timer fires with no poll succeeded since: STALE, and no new timer.
	clk.now = v.tickAt.Add(time.Millisecond)
	_, cmd = v.Update(presenceTickMsg{at: v.tickAt, state: snap})
	msgs, waiting = runPaneCmd(cmd)
	if f := freshnessSent(msgs); len(f) != 1 || !f[0].Stale {
		t.Fatalf("freshness after the timer = %+v; want stale", f)
	}
	if waiting != 0 || !v.tickAt.IsZero() || !strings.Contains(v.View(), "Presence STALE") {
		t.Fatalf("stale pane: %d waiting, timer %v, view:\n%s", waiting, v.tickAt, v.View())
	}

	// A successful poll clears it and arms the timer again.
	snap.LastOK = clk.now
	_, cmd = v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	msgs, _ = runPaneCmd(cmd)
	if f := freshnessSent(msgs); len(f) != 1 || f[0].Stale || strings.Contains(v.View(), "STALE") || v.tickAt.IsZero() {
		t.Fatalf("after recovery: freshness %+v, timer %v, view:\n%s", f, v.tickAt, v.View())
	}

	// Paused: said so, never stale, no timer.
	snap.Paused = true
	clk.now = clk.now.Add(time.Hour)
	v.tickAt = time.Time{}
	_, cmd = v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	if _, waiting = runPaneCmd(cmd); waiting != 1 || !strings.Contains(v.View(), "Presence PAUSED") {
		t.Errorf("paused: %d waiting; view:\n%s", waiting, v.View())
	}
}

func TestPresencePaneShowsErrorsAndNotices(t *testing.T) {
	v, clk := newTestPane(t, 70, 12)
	snap := snapshotAt(clk.now)
	snap.Resyncs = 1
	snap.Events = []presence.Event{{Seq: 1, At: clk.now, Text: "presence feed expired; resynchronised 2 users", Warning: true}}
	snap.EventSeq = 1
	snap.LastErr = &pod.Error{Status: 503, Endpoint: "GET /pod/v1/presence/feed/{feedId}/read", Attempts: 2}
	snap.NextPoll = clk.now.Add(10 * time.Second)
	_, cmd := v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	msgs, _ := runPaneCmd(cmd)
	warned := false
	for _, m := range msgs {
		if s, ok := m.(ui.StatusMsg); ok && s.Level == ui.LevelWarning && strings.Contains(s.Text, "resynchronised 2 users") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("the resync notice did not reach the status line: %v", msgs)
	}
	view := v.View()
	for _, want := range []string{"1 resync", "resynchronised 2 users", "retry ", "error: the pod failed"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	// The same notice is announced once.
	_, cmd = v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	msgs, _ = runPaneCmd(cmd)
	for _, m := range msgs {
		if _, ok := m.(ui.StatusMsg); ok {
			t.Errorf("a notice was announced twice: %v", m)
		}
	}
	if lines := strings.Split(view, "\n"); len(lines) > 12 {
		t.Errorf("the view has %d lines for a height of 12", len(lines))
	}
}

// BenchmarkPresencePaneApplyFullRead measures the pane's Update for a
// notification carrying a full feed read (500 changes): snapshot in,
// re-render of a 120x50 pane out.
func BenchmarkPresencePaneApplyFullRead(b *testing.B) {
	v, clk := newTestPane(b, 120, 50)
	cats := []pod.Category{pod.CategoryAvailable, pod.CategoryBusy, pod.CategoryAway}
	changes := make([]presence.Change, 500)
	for i := range changes {
		changes[i] = presence.Change{Seq: uint64(i + 1), UserID: int64(i % 3), From: cats[i%3], To: cats[(i+1)%3], At: clk.now}
	}
	snap := snapshotAt(clk.now)
	snap.Recent = make([]presence.Change, v.recentWanted())
	for i := range snap.Recent {
		snap.Recent[i] = changes[len(changes)-1-i]
	}
	msg := tab.PresenceChangedMsg{Changes: changes, Complete: true, Seq: 500, State: snap}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		snap.LastOK = clk.now.Add(time.Duration(i) * time.Millisecond) // a new state each time
		msg.State = snap
		v.Update(msg)
		_ = v.View()
	}
}

// BenchmarkPresencePaneIdleView is what a frame costs the pane when nothing
// changed: the cached string.
func BenchmarkPresencePaneIdleView(b *testing.B) {
	v, clk := newTestPane(b, 120, 50)
	v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snapshotAt(clk.now)})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = v.View()
	}
}

// Setting another user's presence is confirmed naming the user with their
// email (or username): display names repeat.
func TestPresencePaneSetOtherNamesTheUserUnambiguously(t *testing.T) {
	v, _ := newTestPane(t, 80, 20)
	v.d.Names.Put(
		pod.User{ID: 7, DisplayName: "Olga Suzuki", EmailAddress: "olga.suzuki@meridian.example", Username: "osuzuki"},
		pod.User{ID: 8, DisplayName: "Olga Suzuki", EmailAddress: "olga.suzuki2@meridian.example", Username: "osuzuki2"},
		pod.User{ID: 9, DisplayName: "Olga Suzuki", Username: "olga.s"},
	)
	for _, tc := range []struct {
		id          int64
		detail      string
		want, other string
	}{
		{8, "olga.suzuki2@meridian.example", "olga.suzuki2@meridian.example", "olga.suzuki@meridian.example"},
		{9, "", "olga.s", "osuzuki"},
	} {
		// The user picker closes on the user, the category palette opens.
		_, cmd := v.Update(ui.PickerResultMsg{Picked: true, Item: ui.PickerItem{ID: fmt.Sprint(tc.id), Label: "Olga Suzuki", Detail: tc.detail}})
		open, ok := cmd().(ui.OpenModalMsg)
		if !ok {
			t.Fatal("picking a user did not open the category palette")
		}
		palette := open.Modal
		palette, _ = palette.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("away")})
		palette, _ = palette.Update(tea.KeyMsg{Type: tea.KeyEnter})
		res, done := palette.Done()
		if !done {
			t.Fatalf("the palette is still open:\n%s", palette.View())
		}
		_, cmd = v.Update(res)
		open, ok = cmd().(ui.OpenModalMsg)
		if !ok {
			t.Fatal("picking a category did not open the confirm dialog")
		}
		dialog := open.Modal.View()
		if !strings.Contains(dialog, "Set presence to away") || !strings.Contains(dialog, "Olga Suzuki") || !strings.Contains(dialog, tc.want) {
			t.Errorf("the confirm for user %d does not name them with %q:\n%s", tc.id, tc.want, dialog)
		}
		if strings.Contains(dialog, tc.other+">") || strings.Contains(dialog, "("+tc.other+")") {
			t.Errorf("the confirm for user %d names a namesake (%s):\n%s", tc.id, tc.other, dialog)
		}
	}
}

// The tab counts the users whose presence is known, as the pane's count
// line does, with thousands marked; it says loading until the first full
// load, but not when presence cannot be followed at all (nothing comes).
func TestPresenceTallyCountsTheUsersKnown(t *testing.T) {
	v, clk := newTestPane(t, 60, 12)
	if got := v.Tally(); got.Total != 0 || !got.Loading || got.Narrowed {
		t.Fatalf("before any news: %+v, want 0, loading", got)
	}
	snap := snapshotAt(clk.now)
	snap.Synced, snap.Users = false, 41_000
	v.Update(tab.PresenceChangedMsg{Seq: 2, State: snap})
	if got := v.Tally().String(); got != "41,000 ↻" {
		t.Fatalf("while loading: %q", got)
	}
	snap.Synced, snap.Users = true, 90_012
	v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
	if got := v.Tally().String(); got != "90,012" {
		t.Fatalf("loaded: %q", got)
	}
	if !strings.Contains(v.View(), "90,012 users") {
		t.Fatalf("the pane does not count 90,012 users:\n%s", v.View())
	}
	if n, loading := v.Count(); n != 90_012 || loading {
		t.Fatalf("Count = %d, %v", n, loading)
	}
	snap = snapshotAt(clk.now)
	snap.Synced, snap.Users, snap.Unavailable = false, 0, "permission GET_PRESENCE needed"
	v.Update(tab.PresenceChangedMsg{Seq: 3, State: snap})
	if got := v.Tally(); got.Loading {
		t.Fatalf("presence unavailable: %+v still loading", got)
	}
}
