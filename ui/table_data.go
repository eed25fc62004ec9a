package ui

import (
	"strings"
)

// SetRows replaces the data. The cursor stays on the same id when that row
// still exists; marks of rows that disappeared are dropped. Sort and filter
// are re-applied.
func (t *Table) SetRows(rows []Row) {
	curID := t.CursorID()
	t.rows = make([]tableRow, len(rows))
	t.cells = nil
	if t.source == nil {
		t.cells = make([][]string, len(rows))
	}
	t.index = make(map[string]int, len(rows))
	t.measureTitles() // the rows are measured below, from the cells given
	for i, r := range rows {
		var cells []string
		t.rows[i], cells = t.newRow(r)
		if t.cells != nil {
			t.cells[i] = cells
		}
		t.index[r.ID] = i
		t.measureRow(cells)
	}
	t.packTexts(0)
	t.pass = make([]bool, len(rows))
	t.markGen++
	for id := range t.marked {
		if _, ok := t.index[id]; !ok {
			delete(t.marked, id)
		}
	}
	t.pruneHighlights()
	clear(t.lines)
	t.relayout()
	t.resort()
	t.refilter(false)
	t.restoreCursor(curID)
}

// AppendRows adds rows after the ones held, as a list streams in: a row
// whose id is held already replaces that row's cells instead (a row that
// moved between two pages). Only the new rows are sorted, filtered and
// measured; they take their place in the sort at once, and the cursor stays
// on its row at the same line of the screen.
func (t *Table) AppendRows(rows []Row) {
	if len(rows) == 0 {
		return
	}
	first := len(t.rows)
	grew := false
	t.markGen++
	for _, r := range rows {
		if i, ok := t.index[r.ID]; ok {
			grew = t.replaceRow(i, r) || grew
			continue
		}
		t.index[r.ID] = len(t.rows)
		row, cells := t.newRow(r)
		t.rows = append(t.rows, row)
		if t.source == nil {
			t.cells = append(t.cells, cells)
		}
		t.pass = append(t.pass, false)
		grew = t.measureRow(cells) || grew
	}
	if grew {
		t.relayout()
	}
	if len(t.rows) == first {
		return
	}
	t.packTexts(first)
	keep := t.anchor()
	for i := first; i < len(t.rows); i++ {
		t.pass[i] = t.passes(i)
	}
	if t.sortCol < 0 {
		// Data order: the new rows go after every other, and so into view.
		for i := first; i < len(t.rows); i++ {
			t.order = append(t.order, i)
			if t.pass[i] {
				t.view = append(t.view, i)
			}
		}
	} else {
		t.mergeSorted(first)
		t.view = t.view[:0]
		for _, i := range t.order {
			if t.pass[i] {
				t.view = append(t.view, i)
			}
		}
	}
	t.restoreAnchor(keep)
}

// RemoveRows drops the rows with these ids (unknown ids are ignored); the
// cursor keeps its row if it stays, else its position.
func (t *Table) RemoveRows(ids []string) {
	gone := make(map[int]bool, len(ids))
	for _, id := range ids {
		if i, ok := t.index[id]; ok {
			gone[i] = true
		}
	}
	if len(gone) == 0 {
		return
	}
	keep := t.anchor()
	t.markGen++
	remap := make([]int, len(t.rows))
	rows, pass := t.rows[:0], t.pass[:0]
	for i := range t.rows {
		if gone[i] {
			remap[i] = -1
			delete(t.index, t.rows[i].id)
			delete(t.marked, t.rows[i].id)
			continue
		}
		remap[i] = len(rows)
		t.index[t.rows[i].id] = len(rows)
		if t.sortKeys != nil {
			t.sortKeys[len(rows)] = t.sortKeys[i]
		}
		if t.sortNums != nil {
			t.sortNums[len(rows)] = t.sortNums[i]
		}
		if t.cells != nil {
			t.cells[len(rows)] = t.cells[i]
		}
		rows = append(rows, t.rows[i])
		pass = append(pass, t.pass[i])
	}
	clear(t.rows[len(rows):]) // let the dropped strings go
	t.rows, t.pass = rows, pass
	if t.cells != nil {
		clear(t.cells[len(rows):])
		t.cells = t.cells[:len(rows)]
	}
	if t.sortKeys != nil {
		t.sortKeys = t.sortKeys[:len(rows)]
	}
	if t.sortNums != nil {
		t.sortNums = t.sortNums[:len(rows)]
	}
	t.order = remapped(t.order, remap)
	t.view = remapped(t.view, remap)
	if keep.row >= 0 {
		keep.row = remap[keep.row]
	}
	clear(t.lines)
	if !t.restoreAnchor(keep) {
		t.clampScroll()
	}
}

// remapped renumbers positions in place, dropping those mapped to -1.
func remapped(ps []int, remap []int) []int {
	out := ps[:0]
	for _, i := range ps {
		if j := remap[i]; j >= 0 {
			out = append(out, j)
		}
	}
	return out
}

// UpdateRow replaces the cells of one row, re-rendering only that row (and
// the layout when the row no longer fits it). The row keeps its place until
// the next sort or filter change. It reports false for an unknown id.
func (t *Table) UpdateRow(id string, cells []string) bool {
	i, ok := t.index[id]
	if !ok {
		return false
	}
	if t.replaceRow(i, Row{ID: id, Cells: cells, Find: rowFind(t.rows[i].text)}) {
		t.relayout()
	}
	return true
}

// RedrawRow says that cells of row id the filter does not read (NoFilter
// columns) changed in the cell source: the row is drawn again and its sort
// key follows; its filter text, its place and its verdict stay. It is
// UpdateRow without rebuilding the filter text, for values that change
// often (presence). It reports false for an unknown id.
func (t *Table) RedrawRow(id string) bool {
	i, ok := t.index[id]
	if !ok {
		return false
	}
	delete(t.lines, i)
	if t.sortCol >= 0 {
		t.setSortKey(i)
	}
	grew := false
	for col, c := range t.cols {
		if c.NoFilter {
			if w := cellWidth(t.cellAt(i, col)); w > t.natural[col] {
				t.natural[col], grew = w, true
			}
		}
	}
	if grew {
		t.relayout()
	}
	return true
}

// replaceRow puts r's cells in row i (its sort key follows; its place
// and its filter verdict stay until the next sort or filter change) and
// reports whether the row widened a column.
func (t *Table) replaceRow(i int, r Row) bool {
	var cells []string
	t.rows[i], cells = t.newRow(r)
	if t.cells != nil {
		t.cells[i] = cells
	}
	delete(t.lines, i)
	if t.sortCol >= 0 {
		t.setSortKey(i)
	}
	return t.measureRow(cells)
}

// packTexts copies the ids and filter texts of rows first.. into one
// block of memory, in row order. The filter and the sort read every row
// in that order; built one by one, the strings lie all over the heap,
// between whatever else was allocated while the rows were, and a pass
// over them waits on memory for most of its time. The index takes the
// packed id as its key (a map keeps the key it is given last), so the
// first copy goes.
func (t *Table) packTexts(first int) {
	n := 0
	for _, r := range t.rows[first:] {
		n += len(r.id) + len(r.text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range t.rows[first:] {
		b.WriteString(r.id)
		b.WriteString(r.text)
	}
	block, at := b.String(), 0
	for i := first; i < len(t.rows); i++ {
		r := &t.rows[i]
		id, text := len(r.id), len(r.text)
		r.id, r.text = block[at:at+id], block[at+id:at+id+text]
		t.index[r.id] = i
		at += id + text
	}
}

// newRow is r as the table keeps it, and its cells sanitised (for the
// caller to keep unless the owner gives them).
func (t *Table) newRow(r Row) (tableRow, []string) {
	cells := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		cells[i] = Sanitize(c)
	}
	return tableRow{id: r.ID, text: t.findText(cells, r.Find)}, cells
}

// findText is what the filter matches in a row: find first (so that it can
// be told apart again), then the filterable cells, lower-cased.
func (t *Table) findText(cells []string, find string) string {
	var b strings.Builder
	n := len(find) + 1
	for i, c := range cells {
		if i < len(t.cols) && !t.cols[i].NoFilter {
			n += len(c) + 1
		}
	}
	b.Grow(n)
	b.WriteString(Sanitize(find))
	for i, c := range cells {
		if i < len(t.cols) && !t.cols[i].NoFilter {
			b.WriteByte(0)
			b.WriteString(c)
		}
	}
	return lowerASCII(b.String())
}

// rowFind is the Find part of a row's filter text.
func rowFind(text string) string {
	if i := strings.IndexByte(text, 0); i >= 0 {
		return text[:i]
	}
	return text
}

// lowerASCII is strings.ToLower without a copy when s has no upper case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// anchored is where the cursor was before the rows moved: its row and its
// line on screen.
type anchored struct {
	row, line int // row -1: no cursor row
}

func (t *Table) anchor() anchored {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return anchored{row: -1}
	}
	return anchored{row: t.view[t.cursor], line: t.cursor - t.top}
}

// restoreAnchor puts the cursor back on its row, at the same line of the
// screen when the rows allow it; false when the row is no longer shown
// (the cursor keeps its position, clamped).
func (t *Table) restoreAnchor(a anchored) bool {
	if a.row < 0 || a.row >= len(t.rows) || !t.pass[a.row] {
		t.clampScroll()
		return false
	}
	p := t.positionOf(a.row)
	if p < 0 {
		t.clampScroll()
		return false
	}
	t.cursor = p
	t.top = max(p-a.line, 0)
	t.clampScroll()
	return true
}
