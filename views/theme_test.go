package views

import (
	"io"
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

// themedConsole is the whole console (presence as the side pane, shown) on
// h's pod, drawn in theme on a 256-colour terminal with a dark background,
// with every tab loaded, the cursor moved and a row marked.
type themedConsole struct {
	c     *ui.Common
	root  *ui.Model
	views []ui.View
}

const themeW, themeH = 120, 18

func newThemedConsole(t *testing.T, h *viewtest.Harness, theme string) *themedConsole {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, false)
	if err := c.SetTheme(theme); err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return viewtest.Now }
	c.Pod, c.Identity = "emulator", emulator.BotUsername
	c.Context, c.ContextColor = "prod", "red"

	root, views := wholeConsole(t, h, c, themeW, themeH)
	con := &themedConsole{c: c, root: root, views: views}
	// The Users tab with a row marked and its detail pane open.
	con.keys(t, "j", " ", "j")
	viewtest.Drive(t, views[0], con.key(viewtest.TypeKey(tea.KeyEnter)))
	return con
}

func (con *themedConsole) key(k tea.KeyMsg) tea.Cmd {
	_, cmd := con.root.Update(k)
	return cmd
}

func (con *themedConsole) keys(t *testing.T, keys ...string) {
	t.Helper()
	for _, k := range keys {
		con.key(viewtest.RuneKey(k))
	}
}

// command runs line on the command line.
func (con *themedConsole) command(line string) {
	con.key(viewtest.RuneKey(":"))
	for _, r := range line {
		con.key(viewtest.RuneKey(string(r)))
	}
	con.key(viewtest.TypeKey(tea.KeyEnter))
}

// Each theme has a golden of the Users tab (the context badge, the cursor
// row, a marked row, the detail pane, a warning), with
// the escape sequences written as the attributes and colours they set.
// go test -update rewrites them.
func TestThemeGolden(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	frames := map[string]string{}
	for _, theme := range []string{"dark", "light", "high-contrast"} {
		t.Run(theme, func(t *testing.T) {
			con := newThemedConsole(t, h, theme)
			con.root.Update(ui.StatusMsg{Level: ui.LevelWarning, Text: "2 users could not be named"})
			frame := con.root.View()
			if len(colourParams(frame)) == 0 {
				t.Errorf("theme %s draws no colour", theme)
			}
			frames[theme] = frame
			viewtest.CheckGolden(t, "theme_"+theme, readableSGR(frame))
		})
	}
	if frames["dark"] == frames["light"] || frames["light"] == frames["high-contrast"] || frames["dark"] == frames["high-contrast"] {
		t.Error("two themes draw the same frame")
	}
}

// Under NO_COLOR every theme draws the attributes-only frame: a theme
// changes colours, and there are none.
func TestThemesKeepNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	h := viewtest.New(t, viewtest.SmallPod())
	var want string
	for _, theme := range []string{"auto", "dark", "light", "high-contrast"} {
		con := newThemedConsole(t, h, theme)
		frame := con.root.View()
		if p := colourParams(frame); len(p) > 0 {
			t.Errorf("theme %s under NO_COLOR: colour parameters %v", theme, p)
		}
		if !strings.Contains(frame, "\x1b[7m> ") || !strings.Contains(frame, "\x1b[1m *") {
			t.Errorf("theme %s under NO_COLOR lost the reversed cursor or the bold marked row:\n%s", theme, readableSGR(frame))
		}
		if want == "" {
			want = frame
		} else if frame != want {
			t.Errorf("theme %s under NO_COLOR differs from auto:\n%s\n---\n%s", theme, readableSGR(want), readableSGR(frame))
		}
	}
}

// :theme at run time draws every tab exactly as a console started in that
// theme: nothing cached keeps the old colours.
func TestThemeCommandRedrawsEverything(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	for _, to := range []string{"light", "high-contrast"} {
		t.Run(to, func(t *testing.T) {
			switched := newThemedConsole(t, h, "dark")
			started := newThemedConsole(t, h, to)
			before := switched.root.View()
			switched.command("theme " + to)
			if got := switched.c.Styles.Theme; got != to {
				t.Fatalf("theme after :theme %s is %q", to, got)
			}
			for i := 1; i <= 4; i++ {
				for _, con := range []*themedConsole{switched, started} {
					con.root.Update(ui.StatusMsg{}) // the status line said which theme
					con.keys(t, string(rune('0'+i)))
				}
				got, want := switched.root.View(), started.root.View()
				if got != want {
					t.Errorf("tab %d after :theme %s differs from a console started in it:\n%s\n--- want\n%s", i, to, readableSGR(got), readableSGR(want))
				}
				if i == 1 && got == before {
					t.Error(":theme changed nothing")
				}
			}
		})
	}
}

// :theme with a name that is not a theme says so and changes nothing.
func TestThemeCommandRefusesAnUnknownTheme(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	con := newThemedConsole(t, h, "dark")
	before := con.root.View()
	con.command("theme solarized")
	lines := strings.Split(con.root.View(), "\n")
	if status := lines[len(lines)-1]; !strings.Contains(status, `unknown theme "solarized"`) || !strings.Contains(status, "high-contrast") {
		t.Errorf("status after :theme solarized: %q", status)
	}
	if con.c.Styles.Theme != "dark" {
		t.Errorf("theme is now %q", con.c.Styles.Theme)
	}
	con.root.Update(ui.StatusMsg{})
	if after := con.root.View(); after != before {
		t.Errorf("an unknown theme changed the frame")
	}
}
