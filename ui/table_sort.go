package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Sorting is stable (rows that compare equal keep their data order, in
// both directions) and covers every row held: rows appended later are
// merged into the order as they arrive.

// SortBy sorts by column col (-1: data order). The cursor keeps its row,
// on the same line of the screen.
func (t *Table) SortBy(col int, desc bool) {
	if col >= len(t.cols) {
		col = -1
	}
	keep := t.anchor()
	t.sortCol, t.sortDesc = col, desc && col >= 0
	t.header = "" // the sort arrow moved
	t.resort()
	t.rebuildView()
	t.restoreAnchor(keep)
}

// ClearSort goes back to data order.
func (t *Table) ClearSort() { t.SortBy(-1, false) }

// Sort returns the sort column (-1 for none) and direction.
func (t *Table) Sort() (col int, desc bool) { return t.sortCol, t.sortDesc }

// SortTitle is the title of the sort column ("" when unsorted).
func (t *Table) SortTitle() string {
	if t.sortCol < 0 {
		return ""
	}
	return t.cols[t.sortCol].Title
}

// resort rebuilds order from scratch: data order, then sorted by the
// sort column when there is one.
func (t *Table) resort() {
	if cap(t.order) < len(t.rows) {
		t.order = make([]int, len(t.rows))
	}
	t.order = t.order[:len(t.rows)]
	for i := range t.order {
		t.order[i] = i
	}
	if t.sortCol < 0 {
		t.spareKeys()
		t.sortNums, t.keysCol = nil, -1
		return
	}
	// Reversing keeps the keys: only another column needs them again.
	if t.keysCol != t.sortCol || max(len(t.sortKeys), len(t.sortNums)) != len(t.rows) {
		t.spareKeys()
		t.sortNums = nil
		if t.cols[t.sortCol].Numeric {
			t.sortNums = make([]float64, len(t.rows))
		} else {
			t.sortKeys, t.keysSpare = t.keysSpare, nil
		}
		for i := range t.rows {
			t.setSortKey(i)
		}
		t.keysCol = t.sortCol
	}
	t.sortedOrder(t.order)
}

// spareKeys keeps the key slice for the next text sort, emptied.
func (t *Table) spareKeys() {
	if t.sortKeys != nil {
		clear(t.sortKeys)
		t.keysSpare, t.sortKeys = t.sortKeys[:0], nil
	}
}

// setSortKey computes row i's key for the sort column, growing the key
// slice for an appended row.
func (t *Table) setSortKey(i int) {
	c := t.sortCell(i)
	if t.cols[t.sortCol].Numeric {
		v, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if err != nil {
			v = -1e308 // cells that do not parse sort first
		}
		for len(t.sortNums) <= i {
			t.sortNums = append(t.sortNums, 0)
		}
		t.sortNums[i] = v
		return
	}
	for len(t.sortKeys) <= i {
		t.sortKeys = append(t.sortKeys, "")
	}
	t.sortKeys[i] = c
}

// sortCell is row i's cell in the sort column, lower-cased. A column the
// filter reads is in the row's filter text already, lower-cased: the cell
// is that part of it, with no lookup and no copy.
func (t *Table) sortCell(i int) string {
	if c, ok := t.textCell(i, t.sortCol); ok {
		return c
	}
	return lowerASCII(t.cellAt(i, t.sortCol))
}

// textCell is row i's cell in column col as its filter text holds it
// (sanitised, lower-cased); false for a column the filter does not read.
func (t *Table) textCell(i, col int) (string, bool) {
	if t.cols[col].NoFilter {
		return "", false
	}
	seg := 1 // the row's Find comes first
	for c := 0; c < col; c++ {
		if !t.cols[c].NoFilter {
			seg++
		}
	}
	text := t.rows[i].text
	for ; seg > 0; seg-- {
		j := strings.IndexByte(text, 0)
		if j < 0 {
			return "", true // a row with fewer cells
		}
		text = text[j+1:]
	}
	if j := strings.IndexByte(text, 0); j >= 0 {
		text = text[:j]
	}
	return text, true
}

// compare orders rows a and b by the sort column, then by data order:
// a total order, so an unstable sort gives the stable result.
func (t *Table) compare(a, b int) int {
	var c int
	switch {
	case t.sortNums != nil:
		c = cmp.Compare(t.sortNums[a], t.sortNums[b])
	default:
		c = strings.Compare(t.sortKeys[a], t.sortKeys[b])
	}
	if t.sortDesc {
		c = -c
	}
	if c == 0 {
		return a - b
	}
	return c
}

// mergeSorted takes rows first.. (just appended) into the sorted order:
// they are sorted among themselves, then merged with the order held, in
// one pass.
func (t *Table) mergeSorted(first int) {
	added := make([]int, 0, len(t.rows)-first)
	for i := first; i < len(t.rows); i++ {
		t.setSortKey(i)
		added = append(added, i)
	}
	slices.SortFunc(added, t.compare)
	old := t.order
	merged := t.spare[:0]
	a, b := 0, 0
	for a < len(old) && b < len(added) {
		if t.compare(old[a], added[b]) <= 0 {
			merged = append(merged, old[a])
			a++
		} else {
			merged = append(merged, added[b])
			b++
		}
	}
	merged = append(merged, old[a:]...)
	t.order, t.spare = append(merged, added[b:]...), old // the old buffer serves the next merge
}
