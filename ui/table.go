package ui

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
)

// Column describes one table column.
type Column struct {
	Title string
	// Min and Max bound the width in cells (Max 0: no bound). A column
	// is as wide as its widest cell within those bounds.
	Min, Max int
	// Priority decides which columns go first when the table is too narrow
	// for every Min: lowest priority first (rightmost on ties). The first
	// column is never dropped.
	Priority int
	// Flex columns share the width left over.
	Flex bool
	// Numeric columns sort by number (cells that do not parse sort first).
	Numeric bool
}

// Row is one row of data: a stable id (used for the cursor, marks,
// highlights and UpdateRow) and plain, unstyled cells. Cells are sanitised
// by the table; never put styles in them (the table styles whole lines).
type Row struct {
	ID    string
	Cells []string
}

type tableRow struct {
	id    string
	cells []string
	text  string // lower-cased cells joined by NUL, for the filter
	line  string // rendered cells (without the gutter), valid when ver == Table.ver
	ver   uint32
}

// Table is the list widget of every tab. It keeps all rows, a sorted order
// and a filtered view of that order; View renders only the visible window
// from cached row strings, so its cost does not depend on the row count.
// Rows are re-rendered only when their data or the column layout changes.
//
// Use it by pointer; call SetSize, SetRows, and pass keys to HandleKey.
type Table struct {
	c    *Common
	cols []Column

	rows  []tableRow
	index map[string]int // id -> position in rows
	order []int          // rows in sort order
	view  []int          // order after the filter: what is shown
	spare []int          // the previous view's buffer, reused by the next full filter

	cursor, top   int // positions in view
	width, height int

	visible []int // shown columns
	widths  []int // width per shown column
	natural []int // widest cell per column (title included)
	ver     uint32

	sortCol  int // -1: data order
	sortDesc bool

	input     textinput.Model
	filtering bool   // the filter input has focus
	filter    string // applied filter, lower-cased

	header    string // rendered header line, valid when headerVer == ver
	headerVer uint32
	headerGen uint64 // and the styles have not changed since

	marked    map[string]struct{}
	highlight map[string]time.Time
	empty     string
	zone      int // its mouse zone (table_mouse.go)
}

// NewTable returns an empty table with the given columns.
func NewTable(c *Common, cols ...Column) *Table {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "filter"
	in.Cursor.SetMode(cursor.CursorStatic) // no blink ticks while idle
	t := &Table{
		c:         c,
		cols:      cols,
		index:     map[string]int{},
		sortCol:   -1,
		input:     in,
		marked:    map[string]struct{}{},
		highlight: map[string]time.Time{},
		empty:     "nothing to show",
		width:     80,
		height:    10,
	}
	t.zone = c.nextTableZone()
	t.measureAll()
	t.relayout()
	return t
}

// SetColumns replaces the columns (rows keep their cells; a sort on a
// column that no longer exists is dropped).
func (t *Table) SetColumns(cols ...Column) {
	t.cols = cols
	if t.sortCol >= len(cols) {
		t.sortCol = -1
	}
	t.header = ""
	t.measureAll()
	t.relayout()
	id := t.CursorID()
	t.resort()
	t.refilter(false)
	t.restoreCursor(id)
}

// SetEmpty sets the text shown when there are no rows ("loading…", "no rooms").
func (t *Table) SetEmpty(text string) { t.empty = Sanitize(text) }

// SetSize sets the table's area: a header line, the rows, a footer line.
func (t *Table) SetSize(width, height int) {
	if width == t.width && height == t.height {
		return
	}
	t.width, t.height = width, height
	t.relayout()
	t.clampScroll()
}

// SetRows replaces the data. The cursor stays on the same id when that row
// still exists; marks of rows that disappeared are dropped. Sort and filter
// are re-applied.
func (t *Table) SetRows(rows []Row) {
	curID := t.CursorID()
	t.rows = make([]tableRow, len(rows))
	t.index = make(map[string]int, len(rows))
	for i, r := range rows {
		t.rows[i] = newTableRow(r)
		t.index[r.ID] = i
	}
	for id := range t.marked {
		if _, ok := t.index[id]; !ok {
			delete(t.marked, id)
		}
	}
	t.pruneHighlights()
	t.measureAll()
	t.relayout()
	t.resort()
	t.refilter(false)
	t.restoreCursor(curID)
}

// UpdateRow replaces the cells of one row, re-rendering only that row (and
// the layout when the row no longer fits it). The row keeps its place until
// the next sort or filter change. It reports false for an unknown id.
func (t *Table) UpdateRow(id string, cells []string) bool {
	i, ok := t.index[id]
	if !ok {
		return false
	}
	t.rows[i] = newTableRow(Row{ID: id, Cells: cells})
	if t.measureRow(&t.rows[i]) {
		t.relayout()
	}
	return true
}

func newTableRow(r Row) tableRow {
	cells := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		cells[i] = Sanitize(c)
	}
	return tableRow{id: r.ID, cells: cells, text: strings.ToLower(strings.Join(cells, "\x00"))}
}

// Len is the number of rows; Shown the number that pass the filter.
func (t *Table) Len() int   { return len(t.rows) }
func (t *Table) Shown() int { return len(t.view) }

// Position is the cursor's index among the shown rows and how many are
// shown: a view that pages from the server loads more when
// cursor >= shown-pageMargin.
func (t *Table) Position() (cursor, shown int) { return t.cursor, len(t.view) }

// CursorID is the id of the row under the cursor ("" when none is shown).
func (t *Table) CursorID() string {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return ""
	}
	return t.rows[t.view[t.cursor]].id
}

// CursorRow returns the row under the cursor (its sanitised cells).
func (t *Table) CursorRow() (Row, bool) {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return Row{}, false
	}
	r := t.rows[t.view[t.cursor]]
	return Row{ID: r.id, Cells: r.cells}, true
}

// SetCursor moves the cursor to id if it is shown.
func (t *Table) SetCursor(id string) bool {
	for p, i := range t.view {
		if t.rows[i].id == id {
			t.cursor = p
			t.clampScroll()
			return true
		}
	}
	return false
}

// Marked returns the ids marked with space, in data order.
func (t *Table) Marked() []string {
	if len(t.marked) == 0 {
		return nil
	}
	ids := make([]string, 0, len(t.marked))
	for _, r := range t.rows {
		if _, ok := t.marked[r.id]; ok {
			ids = append(ids, r.id)
		}
	}
	return ids
}

// Targets is what an action applies to: the marked ids, or else the id
// under the cursor.
func (t *Table) Targets() []string {
	if ids := t.Marked(); len(ids) > 0 {
		return ids
	}
	if id := t.CursorID(); id != "" {
		return []string{id}
	}
	return nil
}

// ClearMarks unmarks every row.
func (t *Table) ClearMarks() { clear(t.marked) }

// Highlight shows row id as recently changed until the given time (read
// against Common.Now at render time; the caller's own tick repaints).
func (t *Table) Highlight(id string, until time.Time) {
	t.highlight[id] = until
	if len(t.highlight) > 4096 {
		t.pruneHighlights()
	}
}

func (t *Table) pruneHighlights() {
	now := t.c.now()
	for id, until := range t.highlight {
		if _, ok := t.index[id]; !ok || !now.Before(until) {
			delete(t.highlight, id)
		}
	}
}

// Filtering reports that the filter input has focus (the owning view's
// InputFocused should report it).
func (t *Table) Filtering() bool { return t.filtering }

// Filter returns the applied filter text.
func (t *Table) Filter() string { return t.input.Value() }

// SetFilter applies a filter without focusing the input.
func (t *Table) SetFilter(s string) {
	t.input.SetValue(Sanitize(s))
	t.applyFilter()
}

// SortBy sorts by column col (-1: data order). The cursor keeps its row.
func (t *Table) SortBy(col int, desc bool) {
	if col >= len(t.cols) {
		col = -1
	}
	id := t.CursorID()
	t.sortCol, t.sortDesc = col, desc
	t.header = "" // the sort arrow moved
	t.resort()
	t.refilter(false)
	t.restoreCursor(id)
}

// Sort returns the sort column (-1 for none) and direction.
func (t *Table) Sort() (col int, desc bool) { return t.sortCol, t.sortDesc }

// KeyBindings are the table's bindings for help.
func (t *Table) KeyBindings() []key.Binding {
	k := t.c.Keys
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Top, k.Nav.Bottom, k.Nav.PageUp, k.Nav.PageDown,
		k.Nav.HalfPageUp, k.Nav.HalfPageDown, k.Table.Filter, k.Table.Select, k.Table.SelectAll,
		k.Table.Sort, k.Table.SortReverse}
}

func (t *Table) resort() {
	if cap(t.order) < len(t.rows) {
		t.order = make([]int, len(t.rows))
	}
	t.order = t.order[:len(t.rows)]
	for i := range t.order {
		t.order[i] = i
	}
	if t.sortCol < 0 {
		return
	}
	col, desc := t.sortCol, t.sortDesc
	if t.cols[col].Numeric {
		keys := make([]float64, len(t.rows))
		for i := range t.rows {
			v, err := strconv.ParseFloat(strings.TrimSpace(cell(t.rows[i].cells, col)), 64)
			if err != nil {
				v = -1e308
			}
			keys[i] = v
		}
		sort.SliceStable(t.order, func(a, b int) bool {
			ka, kb := keys[t.order[a]], keys[t.order[b]]
			if desc {
				return ka > kb
			}
			return ka < kb
		})
		return
	}
	keys := make([]string, len(t.rows))
	for i := range t.rows {
		keys[i] = strings.ToLower(cell(t.rows[i].cells, col))
	}
	sort.SliceStable(t.order, func(a, b int) bool {
		ka, kb := keys[t.order[a]], keys[t.order[b]]
		if desc {
			return ka > kb
		}
		return ka < kb
	})
}

// refilter rebuilds view from order. narrowing: the new filter contains the
// old one, so only the rows shown now can still match.
func (t *Table) refilter(narrowing bool) {
	f := t.filter
	if f == "" {
		t.view = append(t.view[:0], t.order...)
		return
	}
	src := t.order
	if narrowing {
		src = t.view
	}
	out := t.view[:0] // in place: the write index never passes the read index
	if !narrowing {
		out = t.spare[:0]
	}
	for _, i := range src {
		if strings.Contains(t.rows[i].text, f) {
			out = append(out, i)
		}
	}
	if !narrowing {
		t.spare = t.view
	}
	t.view = out
}

func (t *Table) applyFilter() {
	id := t.CursorID()
	f := strings.ToLower(t.input.Value())
	narrowing := t.filter != "" && strings.Contains(f, t.filter)
	t.filter = f
	t.refilter(narrowing)
	if !t.restoreCursor(id) {
		t.cursor, t.top = 0, 0
	}
}

func (t *Table) restoreCursor(id string) bool {
	if id != "" && t.SetCursor(id) {
		return true
	}
	t.clampScroll()
	return false
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}
