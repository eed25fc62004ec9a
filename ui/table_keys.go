package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Update handles a message for the table (keys, see HandleKey).
func (t *Table) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		_, cmd := t.HandleKey(k)
		return cmd
	}
	return nil
}

// HandleKey handles navigation, filter, marks and sort keys and reports
// whether the key was the table's. While the filter input has focus every
// key is the table's: esc closes and clears the filter, enter keeps it,
// ctrl+c clears the text (and closes an empty input).
// Outside the input, esc clears an applied filter, then marks.
func (t *Table) HandleKey(msg tea.KeyMsg) (bool, tea.Cmd) {
	if t.filtering {
		return true, t.filterKey(msg)
	}
	k := t.c.Keys
	h := t.bodyHeight()
	switch {
	case key.Matches(msg, k.Nav.Up):
		t.move(-1)
	case key.Matches(msg, k.Nav.Down):
		t.move(1)
	case key.Matches(msg, k.Nav.Top):
		t.move(-len(t.view))
	case key.Matches(msg, k.Nav.Bottom):
		t.move(len(t.view))
	case key.Matches(msg, k.Nav.PageUp):
		t.move(-h)
	case key.Matches(msg, k.Nav.PageDown):
		t.move(h)
	case key.Matches(msg, k.Nav.HalfPageUp):
		t.move(-max(h/2, 1))
	case key.Matches(msg, k.Nav.HalfPageDown):
		t.move(max(h/2, 1))
	case key.Matches(msg, k.Table.Filter):
		t.filtering = true
		t.input.CursorEnd()
		return true, t.input.Focus()
	case key.Matches(msg, k.Table.Select):
		if id := t.CursorID(); id != "" {
			if _, ok := t.marked[id]; ok {
				delete(t.marked, id)
			} else {
				t.marked[id] = struct{}{}
			}
			t.markGen++
			t.move(1)
		}
	case key.Matches(msg, k.Table.SelectAll):
		t.toggleAll()
	case key.Matches(msg, k.Table.Sort) && len(t.visible) > 0:
		t.SortBy(t.nextSortColumn(), t.sortDesc)
	case key.Matches(msg, k.Table.SortReverse) && len(t.visible) > 0:
		col := t.sortCol
		if col < 0 {
			col = t.visible[0]
		}
		t.SortBy(col, !t.sortDesc)
	case key.Matches(msg, k.Table.SortClear) && t.sortCol >= 0:
		t.ClearSort()
	case key.Matches(msg, k.Global.Back) && t.filter != "":
		t.SetFilter("")
	case key.Matches(msg, k.Global.Back) && len(t.marked) > 0:
		t.ClearMarks()
	default:
		return false, nil
	}
	return true, nil
}

// CanGoBack reports whether esc would do something outside the filter
// input: clear an applied filter or the marks. Views that embed a table
// use it for Backer.
func (t *Table) CanGoBack() bool { return t.filter != "" || len(t.marked) > 0 }

func (t *Table) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		t.filtering = false
		t.input.Blur()
		t.SetFilter("")
		return nil
	case tea.KeyEnter:
		t.filtering = false
		t.input.Blur()
		return nil
	case tea.KeyCtrlC:
		if t.input.Value() == "" {
			t.filtering = false
			t.input.Blur()
			return nil
		}
		t.SetFilter("")
		return nil
	}
	msg, ok := CleanKey(msg)
	if !ok {
		return nil
	}
	before := t.input.Value()
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	if t.input.Value() != before {
		t.applyFilter()
	}
	return cmd
}

func (t *Table) move(d int) {
	t.cursor += d
	t.clampScroll()
}

// toggleAll marks every shown row, or unmarks them when all are marked
// (marks the filter hides are kept: they are not on screen to see go).
func (t *Table) toggleAll() {
	t.markGen++
	all := len(t.view) > 0
	for _, i := range t.view {
		if _, ok := t.marked[t.rows[i].id]; !ok {
			all = false
			break
		}
	}
	for _, i := range t.view {
		if all {
			delete(t.marked, t.rows[i].id)
		} else {
			t.marked[t.rows[i].id] = struct{}{}
		}
	}
}

// nextSortColumn cycles none -> each shown column -> none.
func (t *Table) nextSortColumn() int {
	if t.sortCol < 0 {
		return t.visible[0]
	}
	for p, ci := range t.visible {
		if ci == t.sortCol && p+1 < len(t.visible) {
			return t.visible[p+1]
		}
	}
	return -1
}
