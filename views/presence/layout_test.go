package presence

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// everyCategory is a snapshot with users in every category, each count
// different so that a test can find each one.
func everyCategory(now time.Time) (presence.Snapshot, map[pod.Category]int) {
	s := snapshotAt(now)
	counts := map[pod.Category]int{}
	total := 0
	for i, c := range pod.Categories {
		n := 11 + 97*i
		counts[c] = n
		total += n
	}
	s.Counts, s.Users = counts, total
	return s, counts
}

// The counts wrap over as many lines as the pane's width needs: no
// category is dropped, no separator dangles after the total.
func TestPresencePaneCountsKeepEveryCategory(t *testing.T) {
	for _, w := range []int{30, 32, 48, 80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			v, clk := newTestPane(t, w, 40)
			snap, counts := everyCategory(clk.now)
			v.Update(tab.PresenceChangedMsg{Seq: 2, Complete: true, State: snap})
			view := v.View()
			for i, line := range strings.Split(view, "\n") {
				if lw := ansi.StringWidth(line); lw > w {
					t.Errorf("line %d is %d cells wide in a pane of %d: %q", i, lw, w, line)
				}
			}
			if strings.Contains(view, ": ·") {
				t.Errorf("a separator dangles after the total:\n%s", view)
			}
			viewtest.MustContain(t, "the pane", view, ui.Thousands(snap.Users)+" users: ")
			for c, n := range counts {
				// a label, then the count, then a separator or the end of the line
				re := regexp.MustCompile(fmt.Sprintf(`(?m)(^|: |· )[a-z][a-z ]* %d( ·|\s*$)`, n))
				if !re.MatchString(view) {
					t.Errorf("%s (%d) is missing:\n%s", c, n, view)
				}
			}
		})
	}
}

var clockPrefix = regexp.MustCompile(`^\d\d:\d\d:\d\d `)

// Change rows share one layout at a given width: the time on every row
// (the name is cut first, then the categories are abbreviated), and the
// move always shown whole.
func TestPresencePaneChangeRowsKeepTheirTime(t *testing.T) {
	for _, w := range []int{30, 32, 48, 80} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			v, clk := newTestPane(t, w, 20)
			v.d.Names.Put(pod.User{ID: 3, DisplayName: "Maximiliane Wolkenstein-Rodenegg"})
			snap := snapshotAt(clk.now)
			snap.Recent = []presence.Change{
				{Seq: 6, UserID: 3, From: pod.CategoryOutOfOffice, To: pod.CategoryAvailable, At: clk.now},
				{Seq: 5, UserID: 1, From: pod.CategoryBusy, To: pod.CategoryAway, At: clk.now},
				{Seq: 4, UserID: 3, From: pod.CategoryOffWork, To: pod.CategoryOffline, At: clk.now},
				{Seq: 3, UserID: 1, To: pod.CategoryOnThePhone, At: clk.now},
				{Seq: 2, UserID: 2, From: pod.CategoryDoNotDisturb, To: pod.CategoryBeRightBack, At: clk.now},
			}
			snap.Seq = 6
			v.Update(tab.PresenceChangedMsg{Seq: 6, Complete: true, State: snap})
			lines := strings.Split(v.View(), "\n")
			var rows []string
			for _, l := range lines {
				if clockPrefix.MatchString(l) || strings.Contains(l, "→") || strings.Contains(l, " now ") {
					rows = append(rows, l)
				}
			}
			if len(rows) != len(snap.Recent) {
				t.Fatalf("%d change rows, want %d:\n%s", len(rows), len(snap.Recent), v.View())
			}
			for i, r := range rows {
				if !clockPrefix.MatchString(r) {
					t.Errorf("row %d lost its time: %q", i, r)
				}
				if ansi.StringWidth(r) > w {
					t.Errorf("row %d is wider than %d: %q", i, w, r)
				}
				if strings.HasSuffix(strings.TrimRight(r, " "), "…") {
					t.Errorf("row %d has its move cut: %q", i, r)
				}
			}
		})
	}
}
