package ui

import (
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
	// NoFilter: the filter does not look at this column (values that
	// change on their own, like presence, would move rows in and out of
	// the filter while the operator reads it).
	NoFilter bool
}

// Row is one row of data: a stable id (used for the cursor, marks,
// highlights and UpdateRow) and plain, unstyled cells. Cells are sanitised
// by the table; never put styles in them (the table styles whole lines).
// Find is text the filter matches besides the cells, never shown (an id
// the columns leave out).
type Row struct {
	ID    string
	Cells []string
	Find  string
}

// tableRow is one row as the table keeps it: no rendered string (only the
// rows on screen have one, in Table.lines), and its cells apart (none when
// the owner gives them, SetCellSource).
type tableRow struct {
	id   string
	text string // lower-cased filterable cells and Find, joined by NUL, for the filter
}

// Table is the list widget of every tab. It keeps all rows, a sorted order
// and a filtered view of that order; View renders only the visible window,
// so its cost does not depend on the row count. Rows arrive whole
// (SetRows) or as they load (AppendRows): sort and filter take new rows
// in without starting over, and the cursor keeps its row and its place on
// screen.
//
// Use it by pointer; call SetSize, SetRows, and pass keys to HandleKey.
type Table struct {
	c    *Common
	cols []Column

	rows  []tableRow
	cells [][]string     // per row, its sanitised cells; nil with a cell source
	index map[string]int // id -> position in rows
	order []int          // rows in sort order
	view  []int          // order after the filter and the scope: what is shown
	pass  []bool         // per row: passes the filter and the scope (as view was last built)
	spare []int          // a buffer the next merge of appended rows reuses

	cursor, top   int // positions in view
	width, height int

	visible []int // shown columns
	widths  []int // width per shown column
	natural []int // widest cell per column (title included)
	ver     uint32

	// lines caches the rendering of rows on screen (row index -> line) for
	// layout version linesVer; cleared when it outgrows a few screens.
	lines    map[int]string
	linesVer uint32

	sortCol  int // -1: data order
	sortDesc bool
	sortKeys []string  // per row, the sort column lower-cased (text sort)
	sortNums []float64 // per row, the sort column as a number (numeric sort)
	keysCol  int       // the column sortKeys or sortNums hold; -1: none
	// keysSpare is sortKeys' slice while no text sort holds it, and
	// sortEnts the room a sort works in: both are kept for the next sort,
	// as allocating them for each would make the collector run every few
	// sorts, and the sort help it, while a pod's directory keeps the heap
	// near its limit.
	keysSpare []string
	sortEnts  []sortEnt

	input     textinput.Model
	filtering bool              // the filter input has focus
	filter    string            // applied filter, lower-cased
	scope     func(string) bool // rows (by id) the owner shows; nil: all
	source    func(id string, col int) string

	header    string // rendered header line, valid when headerVer == ver
	headerVer uint32
	headerGen uint64 // and the styles have not changed since

	marked    map[string]struct{}
	markGen   uint64 // changes with the marks and with what is shown
	hidden    int    // HiddenMarks as of hiddenGen
	hiddenGen uint64
	hiddenOK  bool
	aside     func() int // marks kept elsewhere that this table hides (SetMarksAside)
	highlight map[string]time.Time
	alarm     func(id string) bool // rows drawn as failures; nil: none
	empty     string
	noMatch   string // shown when rows are held but none passes
	zone      int    // its mouse zone (table_mouse.go)
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
		lines:     map[int]string{},
		sortCol:   -1,
		keysCol:   -1,
		input:     in,
		marked:    map[string]struct{}{},
		highlight: map[string]time.Time{},
		empty:     "nothing to show",
		noMatch:   "no row matches the filter",
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
	t.keysCol = -1 // the cells may have moved between columns
	for i := range t.rows {
		t.rows[i].text = t.findText(t.cellsOf(i), rowFind(t.rows[i].text))
	}
	t.measureAll()
	t.relayout()
	id := t.CursorID()
	t.resort()
	t.refilter(false)
	t.restoreCursor(id)
}

// SetAlarm draws the rows for which is reports true in the alarm style
// (a failed request): asked when a row is drawn, so it may change.
func (t *Table) SetAlarm(is func(id string) bool) { t.alarm = is }

// SetEmpty sets the text shown when there are no rows ("loading…", "no rooms").
func (t *Table) SetEmpty(text string) { t.empty = Sanitize(text) }

// SetCellSource makes the rows hold no cells of their own: the owner,
// who keeps the data anyway, gives a row's cell when the table draws the
// row or sorts by the column (cells are sanitised then). Rows passed to
// SetRows, AppendRows and UpdateRow still bring their cells, to be
// measured and indexed for the filter, but they are not kept. Set it
// before the first row.
func (t *Table) SetCellSource(cell func(id string, col int) string) { t.source = cell }

// cellAt is row i's cell in column col, sanitised.
func (t *Table) cellAt(i, col int) string {
	if t.source != nil {
		return Sanitize(t.source(t.rows[i].id, col))
	}
	return cell(t.cells[i], col)
}

// cellsOf is row i's cells, sanitised.
func (t *Table) cellsOf(i int) []string {
	if t.source == nil {
		return t.cells[i]
	}
	cells := make([]string, len(t.cols))
	for col := range cells {
		cells[col] = t.cellAt(i, col)
	}
	return cells
}

// SetNoMatch sets the text shown when rows are held but the filter or
// the scope hides them all.
func (t *Table) SetNoMatch(text string) { t.noMatch = Sanitize(text) }

// SetSize sets the table's area: a header line, the rows, a footer line.
func (t *Table) SetSize(width, height int) {
	if width == t.width && height == t.height {
		return
	}
	t.width, t.height = width, height
	t.relayout()
	t.clampScroll()
}

// Len is the number of rows; Shown the number that pass the filter and
// the scope.
func (t *Table) Len() int   { return len(t.rows) }
func (t *Table) Shown() int { return len(t.view) }

// Has reports whether a row with that id is held (shown or not).
func (t *Table) Has(id string) bool {
	_, ok := t.index[id]
	return ok
}

// Position is the cursor's index among the shown rows and how many are
// shown.
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
	i := t.view[t.cursor]
	return Row{ID: t.rows[i].id, Cells: t.cellsOf(i)}, true
}

// SetCursor moves the cursor to id if it is shown.
func (t *Table) SetCursor(id string) bool {
	i, ok := t.index[id]
	if !ok || !t.pass[i] {
		return false
	}
	p := t.positionOf(i)
	if p < 0 {
		return false
	}
	t.cursor = p
	t.clampScroll()
	return true
}

// positionOf is the position of row i in view, -1 when it is not shown.
func (t *Table) positionOf(i int) int {
	for p, j := range t.view {
		if j == i {
			return p
		}
	}
	return -1
}

// Marked returns the ids marked with space that the table shows, in data
// order: marked rows the filter or the scope hides are no action's
// targets (HiddenMarks counts them).
func (t *Table) Marked() []string {
	if len(t.marked) == 0 {
		return nil
	}
	ids := make([]string, 0, len(t.marked))
	for i, r := range t.rows {
		if _, ok := t.marked[r.id]; ok && t.pass[i] {
			ids = append(ids, r.id)
		}
	}
	return ids
}

// HiddenMarked returns the ids of the marked rows the filter or the scope
// hides, in data order: what an action leaves out and may say so, row by row.
func (t *Table) HiddenMarked() []string {
	if len(t.marked) == 0 || !t.Narrowed() {
		return nil
	}
	var ids []string
	for i, r := range t.rows {
		if _, ok := t.marked[r.id]; ok && !t.pass[i] {
			ids = append(ids, r.id)
		}
	}
	return ids
}

// SetMarksAside counts in the foot, as marked and hidden, marks held
// outside the table that it hides: the list's, while a search stands in
// for it. n must be cheap (it runs every frame); nil: none.
func (t *Table) SetMarksAside(n func() int) { t.aside = n }

// MarkCount is how many rows are marked, shown or not.
func (t *Table) MarkCount() int { return len(t.marked) }

// HiddenMarks is how many marked rows the filter or the scope hides.
// Kept for the footer's frames until the marks or what is shown change.
func (t *Table) HiddenMarks() int {
	if len(t.marked) == 0 || !t.Narrowed() {
		return 0
	}
	if t.hiddenGen == t.markGen && t.hiddenOK {
		return t.hidden
	}
	n := 0
	for id := range t.marked {
		if i, ok := t.index[id]; ok && !t.pass[i] {
			n++
		}
	}
	t.hidden, t.hiddenGen, t.hiddenOK = n, t.markGen, true
	return n
}

// HiddenByFilter reports that the typed filter hides rows (not only the
// owner's scope): esc clearing it shows them again.
func (t *Table) HiddenByFilter() bool { return t.filter != "" }

// Targets is what an action applies to: the marked ids the table shows,
// or the id under the cursor when no row is marked. When every marked row
// is hidden it is none: never the cursor row in their stead.
func (t *Table) Targets() []string {
	if len(t.marked) > 0 {
		return t.Marked()
	}
	if id := t.CursorID(); id != "" {
		return []string{id}
	}
	return nil
}

// Unmark unmarks the rows with these ids (a change done on them); the
// other marks stay, those the filter hides among them.
func (t *Table) Unmark(ids ...string) {
	for _, id := range ids {
		delete(t.marked, id)
	}
	t.markGen++
}

// ClearMarks unmarks every row.
func (t *Table) ClearMarks() {
	clear(t.marked)
	t.markGen++
}

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

// KeyBindings are the table's bindings for help.
func (t *Table) KeyBindings() []key.Binding {
	k := t.c.Keys
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Top, k.Nav.Bottom, k.Nav.PageUp, k.Nav.PageDown,
		k.Nav.HalfPageUp, k.Nav.HalfPageDown, k.Table.Filter, k.Table.Select, k.Table.SelectAll,
		k.Table.Sort, k.Table.SortReverse, k.Table.SortClear}
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}
