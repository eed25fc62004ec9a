package ui

import tea "github.com/charmbracelet/bubbletea"

// nextTableZone numbers a new table's mouse zone.
func (c *Common) nextTableZone() int {
	c.zoneSeq++
	return zoneTable + c.zoneSeq
}

// HandleMouse handles a mouse message over the table as the last frame
// showed it: a click on a row moves the cursor there, a click on a column
// title sorts by that column (again: the other way), the wheel moves the
// cursor three rows. It reports whether msg was the table's; the view
// then does what it does after the cursor moved. While the filter input
// has focus the mouse is left alone.
func (t *Table) HandleMouse(msg tea.MouseMsg) bool {
	if t.filtering || !t.c.Mouse {
		return false
	}
	z, ok := t.c.zoneOf(t.zone)
	if !ok || !z.contains(msg.X, msg.Y) {
		return false
	}
	ev := tea.MouseEvent(msg)
	if d := wheel(ev); d != 0 {
		t.move(d * wheelRows)
		return true
	}
	if !isClick(ev) {
		return false
	}
	switch row := msg.Y - z.y; {
	case row == 0:
		return t.clickTitle(msg.X - z.x)
	case row <= t.bodyHeight():
		p := t.top + row - 1
		if p >= len(t.view) {
			return false
		}
		t.cursor = p
		t.clampScroll()
		return true
	}
	return false // the footer
}

// clickTitle sorts by the column whose title is at cell x of the header.
func (t *Table) clickTitle(x int) bool {
	left := gutterWidth
	for p, ci := range t.visible {
		if x >= left && x < left+t.widths[p] {
			desc := false
			if ci == t.sortCol {
				desc = !t.sortDesc
			}
			t.SortBy(ci, desc)
			return true
		}
		left += t.widths[p] + 1
	}
	return false
}
