package ui

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// fixedNow is the clock of every test.
var fixedNow = time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)

// testCommon is a Common with no colors, a dark background and a fixed
// clock, independent of the terminal the tests run in.
func testCommon(t testing.TB) *Common {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	c := NewCommon(r, nil, false)
	c.Now = func() time.Time { return fixedNow }
	c.Pod = "pod.example.com"
	c.Identity = "ops-bot"
	return c
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+a":
		return tea.KeyMsg{Type: tea.KeyCtrlA}
	case "ctrl+d":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case " ", "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// typeKeys sends each rune of s as a key.
func typeKeys(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, keyMsg(string(r)))
	}
	return out
}

// loadedMsg is the test views' async result.
type loadedMsg = Result[[]string]

// listView is a trivial tab: a Table of names, loaded by its Init through
// a Result, that records what it received.
type listView struct {
	c        *Common
	id       string
	title    string
	table    *Table
	gen      Generation
	names    []string
	loading  bool
	got      []tea.Msg // every message Update saw
	commands []CommandMsg
	w, h     int
}

func newListView(c *Common, id, title string, names ...string) *listView {
	v := &listView{c: c, id: id, title: title, names: names,
		table: NewTable(c, Column{Title: "NAME", Min: 8, Flex: true}, Column{Title: "ID", Min: 4, Priority: 1})}
	return v
}

func (v *listView) Init() tea.Cmd {
	v.loading = true
	names := append([]string(nil), v.names...)
	return Run(v.id, v.gen.Next(), func() ([]string, error) { return names, nil })
}

func (v *listView) Update(msg tea.Msg) (View, tea.Cmd) {
	v.got = append(v.got, msg)
	switch msg := msg.(type) {
	case loadedMsg:
		if !v.gen.IsCurrent(msg.Gen) {
			return v, nil
		}
		v.loading = false
		rows := make([]Row, len(msg.Value))
		for i, n := range msg.Value {
			rows[i] = Row{ID: fmt.Sprint(i + 1), Cells: []string{n, fmt.Sprint(i + 1)}}
		}
		v.table.SetRows(rows)
	case CommandMsg:
		v.commands = append(v.commands, msg)
	case tea.KeyMsg:
		if key.Matches(msg, v.c.Keys.Action.Remove) {
			ids := v.table.Targets()
			return v, OpenModal(NewConfirm(v.c, "Remove", ids, ids))
		}
		return v, v.table.Update(msg)
	}
	return v, nil
}

func (v *listView) View() string       { return v.table.View() }
func (v *listView) Title() string      { return v.title }
func (v *listView) Count() (int, bool) { return v.table.Len(), v.loading }
func (v *listView) SetSize(w, h int)   { v.w, v.h = w, h; v.table.SetSize(w, h) }
func (v *listView) InputFocused() bool { return v.table.Filtering() }
func (v *listView) KeyBindings() []key.Binding {
	return append(v.table.KeyBindings(), v.c.Keys.Action.Remove, v.c.Keys.Action.Refresh)
}
func (v *listView) Owns(msg tea.Msg) bool {
	if c, ok := msg.(CommandMsg); ok {
		return c.Name == v.id
	}
	return OwnedBy(msg, v.id)
}

// timer is a tick a test fires by hand.
type timer struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

// manualTicks replaces the model's timers with a recorder.
func manualTicks(m *Model) *[]timer {
	var ts []timer
	m.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		ts = append(ts, timer{d, fn})
		return nil
	}
	return &ts
}

// drive runs msgs through m.Update, running returned commands
// synchronously (through batches) and feeding their messages back, as the
// program would. It reports whether a command asked to quit.
func drive(t testing.TB, m *Model, msgs ...tea.Msg) (quit bool) {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drive: message loop does not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		var cmd tea.Cmd
		if b, ok := msg.(tea.BatchMsg); ok {
			cmd = tea.Batch(b...) // as the program does: run the commands
		} else {
			_, cmd = m.Update(msg)
		}
		var run func(c tea.Cmd)
		run = func(c tea.Cmd) {
			if c == nil {
				return
			}
			switch out := c().(type) {
			case tea.BatchMsg:
				for _, c := range out {
					run(c)
				}
			case tea.QuitMsg:
				quit = true
			case nil:
			default:
				queue = append(queue, out)
			}
		}
		run(cmd)
	}
	return quit
}

func lines(s string) []string { return strings.Split(s, "\n") }

// CanGoBack makes listView a Backer: esc clears its filter or marks first.
func (v *listView) CanGoBack() bool { return v.table.CanGoBack() }

// plainView hides every method of the view beyond View (so not a Backer).
type plainView struct{ viewOnly }

type viewOnly interface{ View }
