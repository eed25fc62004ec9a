package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func shownIDs(tb *Table) []string { return tb.ShownIDs() }

// Rows streamed in page by page end up exactly as if they had all been
// set at once: sorted (stably) and filtered, with sort and filter set
// before most of them arrived.
func TestTableAppendedRowsJoinSortAndFilter(t *testing.T) {
	all := peopleRows(1000)
	for i := range all {
		all[i].Cells[0] = fmt.Sprintf("user %05d", (i*7919)%500) // names repeat: ties keep data order
	}
	streamed := peopleTable(t, 0)
	streamed.AppendRows(all[:100])
	streamed.SortBy(0, true)
	streamed.SetFilter("sales")
	for p := 100; p < len(all); p += 150 {
		streamed.AppendRows(all[p:min(p+150, len(all))])
	}
	whole := peopleTable(t, 0)
	whole.SetRows(all)
	whole.SortBy(0, true)
	whole.SetFilter("sales")
	if got, want := shownIDs(streamed), shownIDs(whole); !slices.Equal(got, want) {
		t.Fatalf("streamed rows shown as\n%v\nwant\n%v", got[:20], want[:20])
	}
	if streamed.Len() != 1000 || streamed.Shown() != whole.Shown() || whole.Shown() != 333 {
		t.Fatalf("len %d shown %d, whole shows %d", streamed.Len(), streamed.Shown(), whole.Shown())
	}
	streamed.ClearSort()
	whole.ClearSort()
	if got, want := shownIDs(streamed), shownIDs(whole); !slices.Equal(got, want) || got[0] != "1" {
		t.Fatalf("after clearing the sort: %v…, want %v…", got[:5], want[:5])
	}
}

// The cursor stays on its row, on the same line of the screen, while rows
// arrive above it in a sorted table.
func TestTableAppendKeepsTheCursorRowAndLine(t *testing.T) {
	tb := peopleTable(t, 0)
	tb.SetSize(80, 12)
	rows := peopleRows(400)
	tb.AppendRows(rows[200:])
	tb.SortBy(3, false) // numeric ID: every later page sorts before
	press(tb, "j", "j", "j", "j", "j", "pgdown", "pgdown")
	id, line := tb.CursorID(), tb.cursor-tb.top
	for p := 0; p < 200; p += 50 {
		tb.AppendRows(rows[p : p+50])
		if tb.CursorID() != id || tb.cursor-tb.top != line {
			t.Fatalf("after %d rows: cursor on %s at line %d, want %s at %d", 250+p, tb.CursorID(), tb.cursor-tb.top, id, line)
		}
	}
	if tb.rows[tb.view[0]].id != "0" {
		t.Fatalf("the first row is %s, want 0", tb.rows[tb.view[0]].id)
	}
	checkFrame(t, tb.View(), 80, 12)
}

// A row that comes again replaces its cells rather than showing twice.
func TestTableAppendReplacesAHeldRow(t *testing.T) {
	tb := peopleTable(t, 10)
	tb.AppendRows([]Row{{ID: "3", Cells: []string{"renamed", "r@example.com", "ops", "3"}}, {ID: "10", Cells: []string{"new", "n@example.com", "ops", "10"}}})
	if tb.Len() != 11 {
		t.Fatalf("%d rows, want 11", tb.Len())
	}
	tb.SetFilter("renamed")
	if got := shownIDs(tb); !slices.Equal(got, []string{"3"}) {
		t.Fatalf("filter found %v", got)
	}
}

// The scope narrows what is shown beside the filter, rows appended later
// included; the footer counts what is shown of what is held.
func TestTableScopeAndFind(t *testing.T) {
	tb := NewTable(testCommon(t), Column{Title: "NAME"}, Column{Title: "STATE"}, Column{Title: "MOOD", NoFilter: true})
	tb.SetSize(60, 10)
	tb.SetRows([]Row{
		{ID: "1", Cells: []string{"Ada", "on", "happy"}, Find: "1001"},
		{ID: "2", Cells: []string{"Bob", "off", "calm"}, Find: "1002"},
	})
	tb.SetFilter("happy")
	if tb.Shown() != 0 {
		t.Fatal("a NoFilter column was matched")
	}
	tb.SetFilter("1002")
	if got := shownIDs(tb); !slices.Equal(got, []string{"2"}) {
		t.Fatalf("the hidden Find text did not match: %v", got)
	}
	tb.SetFilter("")
	tb.SetScope(func(id string) bool { return id != "2" && id != "4" })
	tb.AppendRows([]Row{{ID: "3", Cells: []string{"Cy", "on", ""}}, {ID: "4", Cells: []string{"Di", "off", ""}}})
	if got := shownIDs(tb); !slices.Equal(got, []string{"1", "3"}) {
		t.Fatalf("scope shows %v", got)
	}
	if !strings.Contains(tb.View(), "2 of 4") {
		t.Fatalf("footer:\n%s", tb.View())
	}
	tb.SetScope(nil)
	if tb.Shown() != 4 || tb.Narrowed() {
		t.Fatalf("without a scope %d shown", tb.Shown())
	}
	// An updated row keeps its Find.
	tb.UpdateRow("1", []string{"Ada L.", "on", "sad"})
	tb.SetFilter("1001")
	if got := shownIDs(tb); !slices.Equal(got, []string{"1"}) {
		t.Fatalf("after UpdateRow the id no longer matches: %v", got)
	}
}

// Removing rows keeps the cursor's row, the sort, the filter and the marks
// of the rows that stay.
func TestTableRemoveRows(t *testing.T) {
	tb := peopleTable(t, 30)
	tb.SortBy(3, true)
	tb.SetFilter("o")             // every row has one: "ops", "example.com"
	press(tb, "g", "j", "j", " ") // cursor on 27, 27 marked, cursor moves to 26
	press(tb, "k")                // back on 27
	tb.RemoveRows([]string{"29", "28", "0", "nope"})
	if tb.CursorID() != "27" || tb.Len() != 27 || tb.rows[tb.view[0]].id != "27" {
		t.Fatalf("cursor %s, %d rows, first %s", tb.CursorID(), tb.Len(), tb.rows[tb.view[0]].id)
	}
	if got := tb.Marked(); !slices.Equal(got, []string{"27"}) {
		t.Fatalf("marks %v", got)
	}
	tb.AppendRows([]Row{{ID: "50", Cells: []string{"late", "l@example.com", "ops", "50"}}})
	if tb.rows[tb.view[0]].id != "50" || !tb.Has("50") || tb.Has("29") {
		t.Fatalf("after removing, a later row sorts first: %v", shownIDs(tb)[:3])
	}
}

// u clears the sort: the pod's order comes back, the cursor keeps its row.
func TestTableClearSortKey(t *testing.T) {
	tb := peopleTable(t, 20)
	press(tb, "s", "S", "j")
	id := tb.CursorID()
	press(tb, "u")
	if c, _ := tb.Sort(); c != -1 || tb.CursorID() != id || tb.rows[tb.view[0]].id != "0" {
		t.Fatalf("after u: sort %d, cursor %s (was %s)", c, tb.CursorID(), id)
	}
}

// With a cell source the rows keep no cells: the table draws and sorts
// from the owner's data, sanitised, and still filters and measures what
// the rows brought.
func TestTableCellSource(t *testing.T) {
	data := map[string][]string{"1": {"Zed", "b"}, "2": {"Amy\x1b[31m", "a"}}
	tb := NewTable(testCommon(t), Column{Title: "NAME"}, Column{Title: "X", NoFilter: true})
	tb.SetCellSource(func(id string, col int) string { return data[id][col] })
	tb.SetSize(40, 6)
	tb.SetRows([]Row{{ID: "1", Cells: data["1"]}, {ID: "2", Cells: data["2"]}})
	if tb.cells != nil {
		t.Fatal("a row kept its cells")
	}
	tb.SortBy(0, false)
	if got := shownIDs(tb); !slices.Equal(got, []string{"2", "1"}) {
		t.Fatalf("sorted %v", got)
	}
	out := tb.View()
	if !strings.Contains(out, "Amy") || strings.Contains(out, "\x1b[31m") {
		t.Fatalf("drawn:\n%q", out)
	}
	data["1"] = []string{"Bob", "b"}
	tb.UpdateRow("1", data["1"])
	if !strings.Contains(tb.View(), "Bob") {
		t.Fatalf("after the update:\n%s", tb.View())
	}
	tb.SetFilter("bob")
	if got := shownIDs(tb); !slices.Equal(got, []string{"1"}) {
		t.Fatalf("filter %v", got)
	}
	if r, ok := tb.CursorRow(); !ok || r.Cells[0] != "Bob" {
		t.Fatalf("cursor row %+v", r)
	}
	// A NoFilter cell that changes: redrawn, wider, the filter unchanged.
	data["1"][1] = "a much longer value"
	if !tb.RedrawRow("1") || !strings.Contains(tb.View(), "a much longer value") {
		t.Fatalf("after RedrawRow:\n%s", tb.View())
	}
	tb.SetFilter("longer")
	if tb.Shown() != 0 {
		t.Fatal("the filter matched a NoFilter column")
	}
}
