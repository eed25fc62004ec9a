package views

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// mouseTabs is the whole console with the mouse on, every tab loaded.
type mouseTabs struct {
	root  *ui.Model
	views []ui.View
	frame []string // the last frame, which the clicks aim at
}

func newMouseTabs(t *testing.T) *mouseTabs {
	t.Helper()
	h := viewtest.New(t, viewtest.SmallPod())
	c := viewtest.NewCommon(false)
	c.EnableMouse()
	root, views := wholeConsole(t, h, c, 120, 30)
	m := &mouseTabs{root: root, views: views}
	m.draw()
	return m
}

func (m *mouseTabs) draw() { m.frame = strings.Split(m.root.View(), "\n") }

// send hands msg to the root, drives what it started through the active
// tab, and draws the next frame.
func (m *mouseTabs) send(t *testing.T, msg tea.Msg) {
	t.Helper()
	_, cmd := m.root.Update(msg)
	viewtest.Drive(t, m.views[m.root.Active()], cmd)
	m.draw()
}

func (m *mouseTabs) click(t *testing.T, x, y int) {
	m.send(t, tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
}

func (m *mouseTabs) wheel(t *testing.T, x, y int, down bool) {
	b := tea.MouseButtonWheelUp
	if down {
		b = tea.MouseButtonWheelDown
	}
	m.send(t, tea.MouseMsg{X: x, Y: y, Button: b, Action: tea.MouseActionPress})
}

// clickTab clicks the tab whose label starts with label ("2 Rooms").
func (m *mouseTabs) clickTab(t *testing.T, label string) {
	t.Helper()
	x := strings.Index(m.frame[1], label)
	if x < 0 {
		t.Fatalf("no tab %q in %q", label, m.frame[1])
	}
	m.click(t, len([]rune(m.frame[1][:x]))+1, 1)
}

// rowLine is the frame line of the n-th row (from 0) of the table whose
// title row holds title.
func (m *mouseTabs) rowLine(t *testing.T, title string, n int) int {
	t.Helper()
	for i, l := range m.frame {
		if strings.Contains(l, title) {
			return i + 1 + n
		}
	}
	t.Fatalf("no table titled %q:\n%s", title, strings.Join(m.frame, "\n"))
	return 0
}

// cursorLine is the frame line of the cursor row.
func (m *mouseTabs) cursorLine() int {
	for i, l := range m.frame {
		if strings.HasPrefix(l, ">") {
			return i
		}
	}
	return -1
}

// On every tab a click on a row moves the cursor there and what follows
// the cursor follows it (the room's detail); the wheel moves it and
// scrolls the presence pane; tabs change with a click.
func TestMouseOnEveryTab(t *testing.T) {
	m := newMouseTabs(t)

	// Users: the fourth row.
	y := m.rowLine(t, "Email", 3)
	m.click(t, 5, y)
	if got := m.cursorLine(); got != y {
		t.Errorf("Users: cursor on line %d after a click on line %d", got, y)
	}

	// Rooms: the third row; the detail pane names the room clicked.
	m.clickTab(t, "2 Rooms")
	if m.root.Active() != 1 {
		t.Fatalf("a click on the Rooms tab shows tab %d", m.root.Active())
	}
	y = m.rowLine(t, "Creator", 2)
	m.click(t, 5, y)
	if got := m.cursorLine(); got != y {
		t.Fatalf("Rooms: cursor on line %d after a click on line %d:\n%s", got, y, strings.Join(m.frame, "\n"))
	}
	name := strings.TrimSpace(strings.TrimPrefix(m.frame[y], ">"))[:10]
	if n := strings.Count(strings.Join(m.frame, "\n"), name); n < 2 {
		t.Errorf("Rooms: the detail pane does not follow the clicked room %q:\n%s", name, strings.Join(m.frame, "\n"))
	}
	m.wheel(t, 5, y, true)
	if got := m.cursorLine(); got != y+3 {
		t.Errorf("Rooms: the wheel put the cursor on line %d, want %d", got, y+3)
	}

	// The room's members: enter opens them, a click picks the second.
	m.send(t, viewtest.TypeKey(tea.KeyEnter))
	y = m.rowLine(t, "Joined", 1)
	m.click(t, 5, y)
	if got := m.cursorLine(); got != y {
		t.Errorf("Members: cursor on line %d after a click on line %d:\n%s", got, y, strings.Join(m.frame, "\n"))
	}

	// Connections: the second row.
	m.clickTab(t, "3 Connections")
	y = m.rowLine(t, "Status", 1)
	m.click(t, 5, y)
	if got := m.cursorLine(); got != y {
		t.Errorf("Connections: cursor on line %d after a click on line %d", got, y)
	}

	// The presence pane beside the tab: the wheel over it scrolls its
	// changes (older, then back to the newest), the tab keeps its cursor.
	m.send(t, viewtest.RuneKey("p"))
	following := m.views[3].View()
	m.wheel(t, 110, 10, true)
	if m.views[3].View() == following {
		t.Error("the wheel over the presence pane did not scroll it")
	}
	if got := m.cursorLine(); got != y {
		t.Errorf("the wheel over the pane moved the tab's cursor to line %d", got)
	}
	m.wheel(t, 110, 10, false)
	if m.views[3].View() != following {
		t.Error("a notch up did not bring the pane back to the newest changes")
	}
}
