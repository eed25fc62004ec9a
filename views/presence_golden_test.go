package views

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/views/tab"
)

// Goldens of the presence tab (tab 4) at the two reference sizes: counts of
// every category, recent changes with names, a notice, the freshness line.
func TestPresenceGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"presence_120x40", 120, 40}, {"presence_80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			v, clk := newTestPane(t, size.w, size.h)
			v.d.Names.Put(pod.User{ID: 3, DisplayName: "Grace Hopper", EmailAddress: "grace@example.com"})
			snap := goldenSnapshot(clk.now)
			v.Update(tab.PresenceChangedMsg{Seq: snap.Seq, Complete: true, State: snap})
			frame := v.View()
			// The root pads a view to its area; the pane must only fit in it.
			lines := strings.Split(frame, "\n")
			if len(lines) > size.h {
				t.Fatalf("%d lines, want at most %d", len(lines), size.h)
			}
			for i, l := range lines {
				if ansi.StringWidth(l) > size.w {
					t.Fatalf("line %d is %d cells wide, more than %d: %q", i, ansi.StringWidth(l), size.w, l)
				}
			}
			checkGolden(t, size.name, frame)
		})
	}
}

func goldenSnapshot(now time.Time) presence.Snapshot {
	counts := map[pod.Category]int{}
	for i, c := range []pod.Category{
		pod.CategoryUndefined, pod.CategoryAvailable, pod.CategoryBusy, pod.CategoryDoNotDisturb,
		pod.CategoryOnThePhone, pod.CategoryBeRightBack, pod.CategoryInAMeeting, pod.CategoryAway,
		pod.CategoryOutOfOffice, pod.CategoryOffWork, pod.CategoryOffline,
	} {
		counts[c] = 10 * (i + 1)
	}
	var recent []presence.Change
	cats := []pod.Category{pod.CategoryAvailable, pod.CategoryBusy, pod.CategoryAway, pod.CategoryInAMeeting, pod.CategoryOffline}
	for i := range 30 {
		recent = append(recent, presence.Change{
			Seq: uint64(30 - i), UserID: int64(1 + i%3),
			From: cats[i%len(cats)], To: cats[(i+1)%len(cats)],
			At: now.Add(-time.Duration(i) * 7 * time.Second),
		})
	}
	return presence.Snapshot{
		Users: 660, Counts: counts, Recent: recent, Seq: 30,
		Events:   []presence.Event{{Seq: 1, At: now.Add(-time.Minute), Text: "presence feed expired; resynchronised 660 users", Warning: true}},
		EventSeq: 1,
		Started:  now.Add(-10 * time.Minute), LastOK: now.Add(-2 * time.Second), NextPoll: now.Add(3 * time.Second),
		Interval: 5 * time.Second, Synced: true, Resyncs: 1, Polls: 120, Reads: 121,
	}
}
