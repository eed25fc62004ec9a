package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/settings"
)

func leftClick(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

func wheelDown(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress}
}

// cursorName is the first cell of the cursor row ("> ...") of a view.
func cursorName(view string) string {
	for _, l := range strings.Split(view, "\n") {
		if rest, ok := strings.CutPrefix(l, "> "); ok {
			return strings.TrimSpace(strings.SplitN(strings.TrimSpace(rest), "  ", 2)[0])
		}
	}
	return ""
}

// The console on a real pod, in teatest, fed mouse messages: a click on a
// row of the Users tab puts the cursor there, the wheel moves it three
// rows, a click on "2 Rooms" shows the Rooms tab. With the mouse off
// (--no-mouse) the same messages change nothing.
func TestMouseOnTheConsole(t *testing.T) {
	pods := startTwoPods(t, "")
	users := podUsers(t, pods.alphaCfg)
	for _, mouse := range []bool{true, false} {
		t.Run(fmt.Sprintf("mouse=%v", mouse), func(t *testing.T) {
			_, tm, _ := startConsole(t, testBuilder(pods.settings, mouse), "alpha")
			// Rows start on line 4: header, tab bar, the tab's status line, the table's titles.
			waitOutput(t, tm, " alpha ", users[0], users[5])
			tm.Send(leftClick(6, 4+2)) // the third user
			tm.Send(wheelDown(6, 8))   // three further
			tabs := fmt.Sprintf(" 1 Users %d │ ", len(users))
			tm.Send(leftClick(len([]rune(tabs))+2, 1)) // on "2 Rooms"
			// The program handles what it is sent in order: these before its quit.

			_ = tm.Quit()
			final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*console)
			root := final.cur.root
			wantTab, wantCursor := 1, users[5]
			if !mouse {
				wantTab, wantCursor = 0, users[0]
			}
			if root.Active() != wantTab {
				t.Errorf("active tab %d, want %d", root.Active(), wantTab)
			}
			if got := cursorName(root.Views()[0].View()); got != wantCursor {
				t.Errorf("cursor on %q, want %q", got, wantCursor)
			}
			out, _ := io.ReadAll(tm.FinalOutput(t))
			if m := regexp.MustCompile(`\x1b\[[0-9;]*z`).Find(out); m != nil {
				t.Errorf("a zone marker reached the terminal: %q", m)
			}
		})
	}
}

// The program asks the terminal for mouse reports only when the console
// takes the mouse; with --no-mouse the terminal keeps it for selecting text.
func TestMouseReportsOnlyWhenAsked(t *testing.T) {
	for _, mouse := range []bool{true, false} {
		var out terminalBuffer
		p := consoleProgram(quitAtOnce{}, &out, append(programOptions(mouse, func(_ tea.Model, m tea.Msg) tea.Msg { return m }),
			tea.WithInput(&bytes.Buffer{}))...)
		if _, err := p.Run(); err != nil {
			t.Fatal(err)
		}
		const cellMotion, sgrMouse = "\x1b[?1002h", "\x1b[?1006h"
		got := strings.Contains(out.String(), cellMotion) && strings.Contains(out.String(), sgrMouse)
		enabled := regexp.MustCompile(`\x1b\[\?100[0-6]h`).MatchString(out.String())
		if got != mouse || enabled != mouse {
			t.Errorf("mouse %v: the program wrote %q", mouse, out.String())
		}
	}
	for _, c := range []struct {
		settings, flag, want bool
	}{{true, false, true}, {true, true, false}, {false, false, false}} {
		set := settings.Empty("")
		set.Mouse = c.settings
		if got := mouseOn(set, consoleOptions{noMouse: c.flag}); got != c.want {
			t.Errorf("settings mouse %v, --no-mouse %v: mouse %v", c.settings, c.flag, got)
		}
	}
}

type quitAtOnce struct{}

func (quitAtOnce) Init() tea.Cmd                       { return tea.Quit }
func (quitAtOnce) Update(tea.Msg) (tea.Model, tea.Cmd) { return quitAtOnce{}, nil }
func (quitAtOnce) View() string                        { return "" }

// terminalBuffer is a terminal that keeps what the program wrote.
type terminalBuffer struct{ bytes.Buffer }

func (b *terminalBuffer) Close() error { return nil }
func (b *terminalBuffer) Fd() uintptr  { return os.Stdout.Fd() }
