package ui

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func peopleTable(t testing.TB, n int) *Table {
	t.Helper()
	tb := NewTable(testCommon(t),
		Column{Title: "NAME", Min: 6, Max: 30, Flex: true, Priority: 10},
		Column{Title: "EMAIL", Min: 10, Max: 40, Priority: 5},
		Column{Title: "DEPT", Min: 4, Max: 12, Priority: 1},
		Column{Title: "ID", Min: 3, Max: 12, Priority: 3, Numeric: true},
	)
	tb.SetRows(peopleRows(n))
	return tb
}

func peopleRows(n int) []Row {
	depts := []string{"ops", "sales", "eng"}
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{ID: fmt.Sprint(i), Cells: []string{
			fmt.Sprintf("user %05d", i), fmt.Sprintf("u%d@example.com", i), depts[i%3], fmt.Sprint(i)}}
	}
	return rows
}

func press(t *Table, keys ...string) {
	for _, k := range keys {
		t.Update(keyMsg(k))
	}
}

// checkFrame asserts the exact size of a rendered table.
func checkFrame(t *testing.T, out string, w, h int) {
	t.Helper()
	ls := lines(out)
	if len(ls) != h {
		t.Fatalf("%d lines, want %d:\n%s", len(ls), h, out)
	}
	for i, l := range ls {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d wide, want %d: %q", i, got, w, l)
		}
	}
}

func TestTableRendersOnlyTheVisibleWindow(t *testing.T) {
	tb := peopleTable(t, 1000)
	tb.SetSize(80, 12)
	out := tb.View()
	checkFrame(t, out, 80, 12)
	if !strings.Contains(out, "user 00000") || !strings.Contains(out, "user 00009") || strings.Contains(out, "user 00010") {
		t.Fatalf("first window wrong:\n%s", out)
	}
	if rendered := len(tb.lines); rendered != 10 {
		t.Errorf("%d rows rendered for a 10-row window", rendered)
	}
	press(tb, "G")
	out = tb.View()
	if !strings.Contains(out, "> user 00999") || strings.Contains(out, "user 00989") {
		t.Fatalf("after G:\n%s", out)
	}
	if c, n := tb.Position(); c != 999 || n != 1000 {
		t.Errorf("Position() = %d, %d", c, n)
	}
	press(tb, "g")
	if tb.CursorID() != "0" {
		t.Errorf("after g cursor = %s", tb.CursorID())
	}
}

func TestTableCursorKeys(t *testing.T) {
	tb := peopleTable(t, 100)
	tb.SetSize(80, 12) // 10 body rows
	steps := []struct {
		key  string
		want string
	}{
		{"j", "1"}, {"down", "2"}, {"k", "1"}, {"up", "0"}, {"up", "0"},
		{"pgdown", "10"}, {"ctrl+d", "15"}, {"ctrl+u", "10"}, {"pgup", "0"},
		{"end", "99"}, {"j", "99"}, {"home", "0"}, {"G", "99"}, {"g", "0"},
	}
	for _, s := range steps {
		press(tb, s.key)
		if got := tb.CursorID(); got != s.want {
			t.Fatalf("after %q cursor = %s, want %s", s.key, got, s.want)
		}
		checkFrame(t, tb.View(), 80, 12)
	}
}

func TestTableSortKeepsTheCursorRowAndIsStable(t *testing.T) {
	tb := peopleTable(t, 30)
	press(tb, "j", "j", "j", "j", "j") // id 5
	tb.SortBy(2, false)                // DEPT: eng, ops, sales — stable within a dept
	if tb.CursorID() != "5" {
		t.Fatalf("cursor moved to %s after sort", tb.CursorID())
	}
	var order []string
	for _, i := range tb.view {
		order = append(order, tb.rows[i].id)
	}
	wantHead := []string{"2", "5", "8", "11"} // eng rows in data order
	if !slices.Equal(order[:4], wantHead) {
		t.Errorf("sorted order starts %v, want %v", order[:4], wantHead)
	}
	tb.SortBy(3, true) // numeric, descending
	if tb.CursorID() != "5" || tb.rows[tb.view[0]].id != "29" {
		t.Errorf("numeric desc: first %s, cursor %s", tb.rows[tb.view[0]].id, tb.CursorID())
	}
	if !strings.Contains(tb.View(), "ID▼") {
		t.Error("sort indicator missing from the header")
	}
	press(tb, "S") // reverse
	if tb.rows[tb.view[0]].id != "0" {
		t.Errorf("reverse: first row %s", tb.rows[tb.view[0]].id)
	}
	press(tb, "s") // ID was the last column: back to data order
	if c, _ := tb.Sort(); c != -1 {
		t.Errorf("sort column after cycling = %d", c)
	}
}

func TestTableFilter(t *testing.T) {
	tb := peopleTable(t, 300)
	tb.SetSize(80, 12)
	press(tb, "/")
	if !tb.Filtering() {
		t.Fatal("/ did not focus the filter")
	}
	for _, r := range "SALES" { // case-insensitive
		press(tb, string(r))
	}
	if tb.Shown() != 100 {
		t.Fatalf("shown = %d, want 100", tb.Shown())
	}
	if !strings.Contains(tb.View(), "100 of 300") {
		t.Errorf("match count missing from the footer:\n%s", tb.View())
	}
	press(tb, "enter")
	if tb.Filtering() || tb.Filter() != "SALES" || tb.Shown() != 100 {
		t.Fatalf("enter: filtering=%v filter=%q shown=%d", tb.Filtering(), tb.Filter(), tb.Shown())
	}
	press(tb, "j") // keys move again once the input is closed
	if tb.CursorID() != "4" {
		t.Errorf("cursor = %s, want the second sales row (4)", tb.CursorID())
	}
	press(tb, "/", "0", "0", "0", "0", "4") // narrows: "sales0004" matches nothing, the NUL separator keeps cells apart
	if tb.Shown() != 0 || !strings.Contains(tb.View(), "no row matches") {
		t.Errorf("shown = %d:\n%s", tb.Shown(), tb.View())
	}
	press(tb, "ctrl+c") // clears the text, keeps the input
	if !tb.Filtering() || tb.Filter() != "" || tb.Shown() != 300 {
		t.Fatalf("ctrl+c: filtering=%v filter=%q shown=%d", tb.Filtering(), tb.Filter(), tb.Shown())
	}
	press(tb, "ctrl+c") // on an empty input: closes it
	if tb.Filtering() {
		t.Error("second ctrl+c did not close the filter")
	}
	press(tb, "/", "u", "s", "e", "r", " ", "0", "0", "1", "esc")
	if tb.Filtering() || tb.Filter() != "" || tb.Shown() != 300 {
		t.Errorf("esc: filtering=%v filter=%q shown=%d", tb.Filtering(), tb.Filter(), tb.Shown())
	}
	tb.SetFilter("user 001")
	press(tb, "esc") // esc outside the input clears an applied filter
	if tb.Shown() != 300 {
		t.Errorf("esc did not clear the filter: %d shown", tb.Shown())
	}
}

func TestTableMarks(t *testing.T) {
	tb := peopleTable(t, 10)
	press(tb, " ", " ", "j", " ")
	if got := tb.Marked(); !slices.Equal(got, []string{"0", "1", "3"}) {
		t.Fatalf("marked = %v", got)
	}
	if !slices.Equal(tb.Targets(), []string{"0", "1", "3"}) {
		t.Errorf("targets = %v", tb.Targets())
	}
	out := tb.View()
	if !strings.Contains(out, " *user 00000") || !strings.Contains(out, "3 marked") {
		t.Errorf("marks not shown:\n%s", out)
	}
	press(tb, " ") // on row 4: marks it
	tb.SetRows(peopleRows(4))
	if got := tb.Marked(); !slices.Equal(got, []string{"0", "1", "3"}) {
		t.Errorf("after rows 4.. vanished marked = %v", got)
	}
	press(tb, "ctrl+a")
	if len(tb.Marked()) != 4 {
		t.Errorf("ctrl+a marked %d", len(tb.Marked()))
	}
	press(tb, "ctrl+a")
	if len(tb.Marked()) != 0 {
		t.Errorf("second ctrl+a left %d marked", len(tb.Marked()))
	}
	press(tb, " ", "esc")
	if len(tb.Marked()) != 0 {
		t.Error("esc did not clear the marks")
	}
	if !slices.Equal(tb.Targets(), []string{tb.CursorID()}) {
		t.Errorf("without marks targets = %v", tb.Targets())
	}
}

func TestTableSetRowsKeepsTheCursorByID(t *testing.T) {
	tb := peopleTable(t, 50)
	press(tb, "j", "j", "j") // id 3
	rows := peopleRows(50)
	slices.Reverse(rows)
	tb.SetRows(rows)
	if tb.CursorID() != "3" {
		t.Errorf("cursor = %s after reload", tb.CursorID())
	}
	tb.SetRows(rows[:10]) // ids 49..40: 3 is gone, the position is kept (clamped)
	if tb.CursorID() != "40" {
		t.Errorf("cursor = %s after its row vanished", tb.CursorID())
	}
	tb.SetRows(nil)
	if tb.CursorID() != "" || !strings.Contains(tb.View(), "nothing to show") {
		t.Errorf("empty table:\n%s", tb.View())
	}
}

func TestTableUpdateRowRerendersOneRow(t *testing.T) {
	tb := peopleTable(t, 100)
	tb.SetSize(80, 12)
	tb.View()
	ver := tb.ver
	if !tb.UpdateRow("2", []string{"renamed", "r@example.com", "ops", "2"}) {
		t.Fatal("UpdateRow(2) = false")
	}
	if tb.ver != ver {
		t.Error("a row that fits the layout invalidated every row")
	}
	if _, kept := tb.lines[1]; !kept {
		t.Error("row 1 did not change: its line should stay cached")
	}
	if _, kept := tb.lines[2]; kept {
		t.Error("only row 2 should need rendering")
	}
	if !strings.Contains(tb.View(), "renamed") {
		t.Error("updated row not shown")
	}
	if tb.UpdateRow("nope", nil) {
		t.Error("UpdateRow of an unknown id = true")
	}
	tb.UpdateRow("3", []string{strings.Repeat("w", 29), "x", "y", "3"})
	if tb.ver == ver {
		t.Error("a wider cell did not re-layout")
	}
}

func TestTableDropsLowPriorityColumnsWhenNarrow(t *testing.T) {
	tb := peopleTable(t, 20)
	tb.SetSize(100, 10)
	if h := lines(tb.View())[0]; !strings.Contains(h, "DEPT") || !strings.Contains(h, "EMAIL") {
		t.Fatalf("wide header: %q", h)
	}
	tb.SetSize(30, 10) // every Min fits: columns shrink, none is dropped
	h := lines(tb.View())[0]
	if !strings.Contains(h, "DEPT") || !strings.Contains(h, "EMAIL") {
		t.Errorf("30 columns: %q", h)
	}
	tb.SetSize(24, 10) // NAME 6 + EMAIL 10 + ID 3 + gaps fit; DEPT (priority 1) goes first
	h = lines(tb.View())[0]
	if strings.Contains(h, "DEPT") || !strings.Contains(h, "EMAIL") || !strings.Contains(h, "ID") {
		t.Errorf("24 columns: %q", h)
	}
	tb.SetSize(16, 10)
	h = lines(tb.View())[0]
	if strings.Contains(h, "EMAIL") || !strings.Contains(h, "NAME") {
		t.Errorf("16 columns: %q", h)
	}
	checkFrame(t, tb.View(), 16, 10)
}

func TestTableResizeNeverPanics(t *testing.T) {
	tb := peopleTable(t, 500)
	press(tb, "G", " ")
	for _, sz := range [][2]int{{40, 10}, {120, 40}, {40, 10}, {1, 1}, {0, 0}, {3, 2}, {80, 24}} {
		tb.SetSize(sz[0], sz[1])
		out := tb.View()
		if sz[0] >= 3 && sz[1] >= 3 {
			checkFrame(t, out, sz[0], sz[1])
		}
		press(tb, "k", "pgup", "/", "x", "esc")
	}
	if tb.CursorID() == "" {
		t.Error("cursor lost across resizes")
	}
}

func TestTableSanitisesAndTruncatesCells(t *testing.T) {
	tb := NewTable(testCommon(t), Column{Title: "NAME", Min: 4, Max: 8}, Column{Title: "X", Min: 1})
	tb.SetRows([]Row{
		{ID: "a", Cells: []string{"evil\x1b]52;c;AAAA\x07\x1b[2J\rname", "x"}},
		{ID: "b", Cells: []string{"東京東京東京", "y"}},
	})
	tb.SetSize(20, 5)
	out := tb.View()
	if strings.ContainsAny(out, "\x1b\r\a") {
		t.Fatalf("control characters reached the output: %q", out)
	}
	if !strings.Contains(out, "evil na…") || !strings.Contains(out, "東京東…") {
		t.Errorf("truncation:\n%s", out)
	}
	checkFrame(t, out, 20, 5)
	if row, _ := tb.CursorRow(); row.Cells[0] != "evil name" {
		t.Errorf("CursorRow cell = %q", row.Cells[0])
	}
}

func TestTableHighlight(t *testing.T) {
	c := testCommon(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	r.SetHasDarkBackground(true)
	c.Styles = NewStyles(r)
	now := fixedNow
	c.Now = func() time.Time { return now }
	tb := NewTable(c, Column{Title: "NAME", Min: 4})
	tb.SetRows([]Row{{ID: "a", Cells: []string{"alice"}}, {ID: "b", Cells: []string{"bob"}}})
	tb.SetSize(20, 4)
	plain := lines(tb.View())[2]
	tb.Highlight("b", now.Add(3*time.Second))
	if lit := lines(tb.View())[2]; lit == plain || !strings.Contains(lit, "\x1b[") {
		t.Errorf("highlighted row not styled: %q", lit)
	}
	now = now.Add(3 * time.Second)
	if got := lines(tb.View())[2]; got != plain {
		t.Errorf("highlight did not expire: %q", got)
	}
}

func TestTableSetColumns(t *testing.T) {
	tb := peopleTable(t, 20)
	tb.SetSize(80, 8)
	press(tb, "j", "j")
	tb.SortBy(3, true)
	tb.SetColumns(Column{Title: "WHO", Min: 5, Flex: true}, Column{Title: "MAIL", Min: 5})
	h := lines(tb.View())[0]
	if !strings.Contains(h, "WHO") || strings.Contains(h, "DEPT") {
		t.Errorf("header after SetColumns: %q", h)
	}
	if c, _ := tb.Sort(); c != -1 || tb.CursorID() != "2" {
		t.Errorf("sort %d cursor %s", c, tb.CursorID())
	}
	checkFrame(t, tb.View(), 80, 8)
}

func TestTableWithoutColumnsOrRows(t *testing.T) {
	tb := NewTable(testCommon(t))
	tb.SetRows([]Row{{ID: "a"}})
	press(tb, "s", "S", "j", " ", "/", "x", "enter", "G")
	tb.SetSize(10, 3)
	checkFrame(t, tb.View(), 10, 3)
}
