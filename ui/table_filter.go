package ui

import "strings"

// The filter matches the lower-cased text of every filterable cell and of
// the row's Find; the scope is the owner's own choice of rows (a status).
// A row is shown when it passes both.

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

// SetScope shows only the rows whose id keep accepts, besides the filter
// (nil: every row). Rows appended later are judged as they arrive; a row
// updated meanwhile keeps its verdict until the scope or the filter is set
// again. The cursor keeps its row when it stays.
func (t *Table) SetScope(keep func(id string) bool) {
	a := t.anchor()
	t.scope = keep
	t.refilter(false)
	t.restoreAnchor(a)
}

// Narrowed reports whether a filter or a scope hides rows (or may).
func (t *Table) Narrowed() bool { return t.filter != "" || t.scope != nil }

// passes judges row i against the filter and the scope.
func (t *Table) passes(i int) bool {
	r := &t.rows[i]
	return (t.filter == "" || strings.Contains(r.text, t.filter)) && (t.scope == nil || t.scope(r.id))
}

// refilter judges the rows again and rebuilds view. narrowing: the new
// filter contains the old one, so only the rows shown now can still match.
func (t *Table) refilter(narrowing bool) {
	t.markGen++
	if narrowing {
		out := t.view[:0] // in place: the write index never passes the read index
		for _, i := range t.view {
			if t.pass[i] = t.passes(i); t.pass[i] {
				out = append(out, i)
			}
		}
		t.view = out
		return
	}
	for i := range t.rows {
		t.pass[i] = t.passes(i)
	}
	t.rebuildView()
}

// rebuildView is order without the rows that do not pass.
func (t *Table) rebuildView() {
	t.view = t.view[:0]
	if !t.Narrowed() {
		t.view = append(t.view, t.order...)
		return
	}
	for _, i := range t.order {
		if t.pass[i] {
			t.view = append(t.view, i)
		}
	}
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

// ShownIDs is the ids of the shown rows, in order. It copies every id:
// for tests and exports, not per frame.
func (t *Table) ShownIDs() []string {
	ids := make([]string, len(t.view))
	for p, i := range t.view {
		ids[p] = t.rows[i].id
	}
	return ids
}

// IDs is the ids of every row held, shown or not, in data order. It
// copies every id: for totals and tests, not per frame.
func (t *Table) IDs() []string {
	ids := make([]string, len(t.rows))
	for i, r := range t.rows {
		ids[i] = r.id
	}
	return ids
}
