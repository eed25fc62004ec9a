package views

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// sgr is one Select Graphic Rendition sequence.
var sgr = regexp.MustCompile("\x1b\\[([0-9;]*)m")

var sgrNames = map[string]string{"": "/", "0": "/", "1": "bold", "2": "faint", "3": "italic", "4": "underline", "7": "reverse"}

// readableSGR writes each SGR sequence as its attributes, ⟦bold reverse⟧
// and ⟦/⟧ for the reset, so a golden shows what the terminal is told. A
// colour parameter would show as its number. A reset followed at once by
// the sequence it ended (lipgloss styles underlined text rune by rune) is
// left out: the terminal shows the same.
func readableSGR(s string) string {
	var b strings.Builder
	open := ""
	for len(s) > 0 {
		loc := sgr.FindStringIndex(s)
		if loc == nil {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:loc[0]])
		seq := s[loc[0]:loc[1]]
		s = s[loc[1]:]
		if params := sgr.FindStringSubmatch(seq)[1]; params == "" || params == "0" {
			if next := sgr.FindStringIndex(s); next != nil && next[0] == 0 && s[:next[1]] == open {
				s = s[next[1]:] // reset and reopen: nothing changes on screen
				continue
			}
			open = ""
		} else {
			open = seq
		}
		var names []string
		for _, p := range strings.Split(sgr.FindStringSubmatch(seq)[1], ";") {
			if n, ok := sgrNames[p]; ok {
				names = append(names, n)
			} else {
				names = append(names, p)
			}
		}
		b.WriteString("⟦" + strings.Join(names, " ") + "⟧")
	}
	return b.String()
}

// colourParams lists the SGR parameters in s that set a colour.
func colourParams(s string) []string {
	var out []string
	for _, m := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
				out = append(out, p)
			}
		}
	}
	return out
}

// monoCommon is the console's Common under NO_COLOR on a terminal that
// takes escape sequences: attributes, no colour.
func monoCommon(t *testing.T) *ui.Common {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI) // as ui.NewRenderer sets it on such a terminal
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, false)
	c.Now = func() time.Time { return viewtest.Now }
	c.Pod, c.Identity = "emulator", emulator.BotUsername
	return c
}

// With NO_COLOR, every tab of the console still shows which tab is active,
// the cursor row, marked rows, warnings and errors: by attributes, with no
// colour anywhere. One golden per tab (go test -update rewrites them), with
// the escape sequences written as the attributes they set.
func TestNoColorGolden(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	c := monoCommon(t)
	h.Common = c
	const w, hgt = 100, 16
	root, _ := wholeConsole(t, h, c, w, hgt)

	send := func(msgs ...tea.Msg) {
		for _, m := range msgs {
			root.Update(m) // what the commands would do next is not part of the picture
		}
	}
	frames := map[string]string{}
	for i, screen := range []struct {
		name   string
		keys   []tea.Msg
		status ui.StatusMsg
	}{
		{"users", []tea.Msg{viewtest.RuneKey("j"), viewtest.RuneKey(" "), viewtest.RuneKey("j")}, ui.StatusMsg{Level: ui.LevelWarning, Text: "2 users could not be named"}},
		{"rooms", []tea.Msg{viewtest.RuneKey(" "), viewtest.RuneKey("j")}, ui.StatusMsg{Level: ui.LevelError, Text: "the pod refused the change"}},
		{"connections", []tea.Msg{viewtest.RuneKey("j"), viewtest.RuneKey(" "), viewtest.RuneKey("j"), viewtest.RuneKey("j")}, ui.StatusMsg{Level: ui.LevelInfo, Text: "27 connections"}},
		{"presence", nil, ui.StatusMsg{Level: ui.LevelInfo}}, // clears the line: the hints show
	} {
		t.Run(screen.name, func(t *testing.T) {
			send(viewtest.RuneKey(strconv.Itoa(i + 1)))
			send(screen.keys...)
			send(screen.status)
			frame := root.View()
			frames[screen.name] = frame
			if p := colourParams(frame); len(p) > 0 {
				t.Errorf("colour under NO_COLOR: SGR parameters %v", p)
			}
			lines := strings.Split(frame, "\n")
			if tabs := lines[1]; !strings.Contains(tabs, "\x1b[1;7m "+strconv.Itoa(i+1)+" ") {
				t.Errorf("the active tab is not bold and reversed: %q", tabs)
			}
			status := lines[len(lines)-1]
			switch screen.status.Level {
			case ui.LevelWarning:
				if !strings.Contains(status, "\x1b[1m! ") {
					t.Errorf("a warning is not bold: %q", status)
				}
			case ui.LevelError:
				if !strings.Contains(status, "\x1b[1;7merror: ") {
					t.Errorf("an error is not bold and reversed: %q", status)
				}
			}
			if len(screen.keys) > 0 {
				body := strings.Join(lines[2:len(lines)-1], "\n")
				if !strings.Contains(body, "\x1b[7m> ") {
					t.Errorf("no reversed cursor row:\n%s", readableSGR(body))
				}
				if !strings.Contains(body, "\x1b[1m *") {
					t.Errorf("no bold marked row:\n%s", readableSGR(body))
				}
			}
			viewtest.CheckGolden(t, "nocolor_"+screen.name, readableSGR(frame))
			send(viewtest.RuneKey("esc"))
		})
	}
	// The tab bar alone tells the tabs apart.
	seen := map[string]string{}
	for name, f := range frames {
		bar := strings.Split(f, "\n")[1]
		if other, dup := seen[bar]; dup {
			t.Errorf("the tab bar on %s is the same as on %s: %q", name, other, bar)
		}
		seen[bar] = name
	}
}
