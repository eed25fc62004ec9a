package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// mouseView is listView taking the mouse as a tab does: the table's.
type mouseView struct{ *listView }

func (v mouseView) Update(msg tea.Msg) (View, tea.Cmd) {
	if m, ok := msg.(tea.MouseMsg); ok {
		v.got = append(v.got, msg)
		v.table.HandleMouse(m)
		return v, nil
	}
	_, cmd := v.listView.Update(msg)
	return v, cmd
}

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

func wheelAt(x, y int, down bool) tea.MouseMsg {
	b := tea.MouseButtonWheelUp
	if down {
		b = tea.MouseButtonWheelDown
	}
	return tea.MouseMsg{X: x, Y: y, Button: b, Action: tea.MouseActionPress}
}

var markerSeq = regexp.MustCompile(`\x1b\[[0-9;]*z`)

// mouseConsole is a root over two tabs of 30 names, 80x20, with the mouse
// on or off; it has drawn its first frame.
func mouseConsole(t *testing.T, mouse bool) (*Model, []*listView) {
	t.Helper()
	c := testCommon(t)
	if mouse {
		c.EnableMouse()
	}
	var names []string
	for i := range 30 {
		names = append(names, fmt.Sprintf("name%02d", i))
	}
	a, b := newListView(c, "a", "Alpha", names...), newListView(c, "b", "Beta", names[:5]...)
	m := New(c, mouseView{a}, mouseView{b})
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20})
	drive(t, m, a.Init()(), b.Init()())
	frame := m.View()
	if markerSeq.MatchString(frame) {
		t.Fatalf("a zone marker reached the frame: %q", frame)
	}
	return m, []*listView{a, b}
}

// The frame's layout: header (0), tab bar (1), then the table's header (2)
// and its rows from line 3.
func TestMouseClicksATabAndARow(t *testing.T) {
	m, views := mouseConsole(t, true)
	tabs := lines(m.View())[1]
	x := strings.Index(tabs, "2 Beta")
	drive(t, m, click(x, 1))
	if m.Active() != 1 {
		t.Fatalf("a click on %q at x=%d shows tab %d", tabs, x, m.Active())
	}
	m.View()
	drive(t, m, click(strings.Index(tabs, "1 Alpha")+3, 1))
	if m.Active() != 0 {
		t.Fatalf("a click on the first tab shows tab %d", m.Active())
	}
	m.View()

	a := views[0]
	drive(t, m, click(10, 7)) // the fifth row
	if id := a.table.CursorID(); id != "5" {
		t.Fatalf("a click on the fifth row put the cursor on %q", id)
	}
	if row := lines(m.View())[7]; !strings.HasPrefix(row, "> name04") {
		t.Errorf("the clicked row is not the cursor row: %q", row)
	}
	drive(t, m, wheelAt(10, 10, true), wheelAt(10, 10, true))
	if id := a.table.CursorID(); id != "11" {
		t.Errorf("two notches down from row 5 put the cursor on %q, want 11", id)
	}
	m.View()
	drive(t, m, wheelAt(10, 10, false))
	if id := a.table.CursorID(); id != "8" {
		t.Errorf("a notch up put the cursor on %q, want 8", id)
	}

	// A click on a column title sorts by it; again, the other way.
	m.View()
	drive(t, m, click(4, 2))
	if col, desc := a.table.Sort(); col != 0 || desc {
		t.Errorf("a click on NAME: sort %d desc=%v", col, desc)
	}
	m.View()
	drive(t, m, click(4, 2))
	if col, desc := a.table.Sort(); col != 0 || !desc {
		t.Errorf("a second click on NAME: sort %d desc=%v", col, desc)
	}
	// The footer and the blank lines below the rows do nothing.
	m.View()
	before := a.table.CursorID()
	drive(t, m, click(10, 19), click(10, 0))
	if a.table.CursorID() != before || m.Active() != 0 {
		t.Errorf("a click on the status line or the header moved something")
	}
}

// Without the mouse (--no-mouse, or mouse: false) the same clicks do
// nothing, and no marker is drawn.
func TestNoMouseIgnoresClicks(t *testing.T) {
	m, views := mouseConsole(t, false)
	frame := m.View()
	tabs := lines(frame)[1]
	drive(t, m, click(strings.Index(tabs, "2 Beta"), 1), click(10, 7), wheelAt(10, 10, true), click(4, 2))
	if m.Active() != 0 || views[0].table.CursorID() != "1" {
		t.Errorf("with the mouse off: tab %d, cursor %q", m.Active(), views[0].table.CursorID())
	}
	if col, _ := views[0].table.Sort(); col != -1 {
		t.Errorf("with the mouse off a click sorted by %d", col)
	}
	if m.View() != frame {
		t.Error("with the mouse off the frame changed")
	}
}

// A click on a dialog's button answers as its key would; a click anywhere
// else in or out of the dialog does nothing.
func TestMouseClicksADialogButton(t *testing.T) {
	for _, c := range []struct {
		button string
		yes    bool
	}{{"[ Yes ]", true}, {"[>No<]", false}} {
		m, views := mouseConsole(t, true)
		drive(t, m, keyMsg("X")) // remove the cursor row: a confirm dialog
		frame := m.View()
		y := -1
		for i, l := range lines(frame) {
			if strings.Contains(l, c.button) {
				y = i
			}
		}
		if y < 0 {
			t.Fatalf("no %s button:\n%s", c.button, frame)
		}
		x := strings.Index(lines(frame)[y], c.button)
		x = len([]rune(lines(frame)[y][:x]))                          // the dialog's border is multi-byte
		drive(t, m, click(x+1, y-1), click(x+1, y+1), click(x+30, y)) // above, below, on the hint
		if m.modal == nil {
			t.Fatal("a click beside the buttons closed the dialog")
		}
		drive(t, m, click(x+1, y))
		if m.modal != nil {
			t.Fatalf("a click on %s left the dialog open", c.button)
		}
		var res *ConfirmResultMsg
		for _, msg := range views[0].got {
			if r, ok := msg.(ConfirmResultMsg); ok {
				res = &r
			}
		}
		if res == nil || res.Confirmed != c.yes {
			t.Errorf("a click on %s answered %+v", c.button, res)
		}
	}
}

// The wheel scrolls a dialog as the arrow keys do.
func TestMouseWheelScrollsHelp(t *testing.T) {
	m, _ := mouseConsole(t, true)
	drive(t, m, keyMsg("?"))
	first := m.View()
	drive(t, m, wheelAt(40, 10, true))
	if m.View() == first {
		t.Skip("help fits the screen: nothing to scroll") // 80x20 is meant to be too small
	}
	drive(t, m, wheelAt(40, 10, false))
	if m.View() != first {
		t.Error("a notch down and up did not come back")
	}
}

// Markers come out of the frame whole, at the cell where they were, wide
// characters before them counted as two.
func TestExtractZones(t *testing.T) {
	st := &Styles{marks: true}
	frame := "ab" + st.mark(7, 3, 1) + "cd\n漢字" + st.mark(1001, 10, 4) + "\x1b[1mx\x1b[0m" + st.mark(2, 1, 1)
	got, zones := extractZones(frame, nil)
	if got != "abcd\n漢字\x1b[1mx\x1b[0m" {
		t.Errorf("frame %q", got)
	}
	want := []zone{{id: 7, x: 2, y: 0, w: 3, h: 1}, {id: 1001, x: 4, y: 1, w: 10, h: 4}, {id: 2, x: 5, y: 1, w: 1, h: 1}}
	if fmt.Sprint(zones) != fmt.Sprint(want) {
		t.Errorf("zones %v, want %v", zones, want)
	}
	if plain, zs := extractZones("no \x1b[31mmarks\x1b[0m\x1b[2z", nil); plain != "no \x1b[31mmarks\x1b[0m\x1b[2z" || zs != nil {
		t.Errorf("a frame without markers became %q %v", plain, zs)
	}
	if (&Styles{}).mark(1, 1, 1) != "" {
		t.Error("a marker with the mouse off")
	}
}
