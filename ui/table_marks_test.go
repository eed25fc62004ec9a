package ui

import (
	"slices"
	"strings"
	"testing"
)

// Marked rows the filter or the scope hides are no action's targets; the
// footer counts them; with every marked row hidden there is no target at
// all, never the cursor row.
func TestTableMarksHiddenByTheFilter(t *testing.T) {
	tb := peopleTable(t, 30)
	tb.SetFilter("sales") // rows 1, 4, 7, …
	press(tb, "ctrl+a")
	if n := tb.MarkCount(); n != 10 {
		t.Fatalf("ctrl+a under the filter marked %d, want 10", n)
	}
	tb.SetFilter("user 0000") // rows 0..9: sales 1, 4, 7 shown
	if got := tb.Marked(); !slices.Equal(got, []string{"1", "4", "7"}) {
		t.Fatalf("marked shown = %v, want [1 4 7]", got)
	}
	if got := tb.Targets(); !slices.Equal(got, []string{"1", "4", "7"}) {
		t.Fatalf("targets = %v, want the shown marked rows", got)
	}
	if h := tb.HiddenMarks(); h != 7 {
		t.Fatalf("hidden marks = %d, want 7", h)
	}
	if out := tb.View(); !strings.Contains(out, "10 marked, 7 hidden") {
		t.Errorf("the footer does not count the hidden marks:\n%s", out)
	}
	// ctrl+a unmarks what is shown; the hidden marks stay.
	press(tb, "ctrl+a", "ctrl+a")
	if tb.MarkCount() != 7 || tb.HiddenMarks() != 7 || len(tb.Marked()) != 0 {
		t.Fatalf("after ctrl+a twice: %d marked, %d hidden, %v shown", tb.MarkCount(), tb.HiddenMarks(), tb.Marked())
	}
	// Every marked row hidden: no target, not the cursor row.
	if got := tb.Targets(); len(got) != 0 {
		t.Fatalf("targets with every mark hidden = %v, want none", got)
	}
	// A scope hides too; clearing filter and scope shows them all again.
	tb.SetFilter("")
	tb.SetScope(func(id string) bool { return id == "0" })
	if tb.HiddenMarks() != 7 || tb.HiddenByFilter() {
		t.Fatalf("under a scope: %d hidden, by the filter %v", tb.HiddenMarks(), tb.HiddenByFilter())
	}
	tb.SetScope(nil)
	if tb.HiddenMarks() != 0 || len(tb.Marked()) != 7 {
		t.Fatalf("unfiltered: %d hidden, %d marked shown", tb.HiddenMarks(), len(tb.Marked()))
	}
	tb.Unmark("10", "13")
	if tb.MarkCount() != 5 {
		t.Fatalf("after Unmark: %d marked, want 5", tb.MarkCount())
	}
}
