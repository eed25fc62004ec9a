package ui

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, c lipgloss.Color) float64 {
	t.Helper()
	s := string(c)
	if len(s) != 7 || s[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", s)
	}
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", s, err)
		}
		f := float64(v) / 255
		if f <= 0.03928 {
			f /= 12.92
		} else {
			f = math.Pow((f+0.055)/1.055, 2.4)
		}
		l += weight * f
	}
	return l
}

// contrast is the WCAG contrast ratio of two colours (1 to 21).
func contrast(t *testing.T, a, b lipgloss.Color) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// as256 is c as a 256-colour terminal shows it: the nearest entry of the
// xterm palette, as termenv picks it.
func as256(c lipgloss.Color) lipgloss.Color {
	rgb := termenv.ConvertToRGB(termenv.ANSI256.Color(string(c)))
	return lipgloss.Color(rgb.Hex())
}

func (th Theme) roles() map[string]Paint {
	return map[string]Paint{"muted": th.Muted, "accent": th.Accent, "ok": th.OK, "warn": th.Warn, "bad": th.Bad,
		"alarm": th.Alarm, "selected": th.Selected, "highlight": th.Highlight}
}

// Every colour of every theme is readable where the theme is meant to be
// used, as written and as a 256-colour terminal shows it: text drawn on the
// terminal's background at least 4.5:1 (WCAG AA) against the backgrounds
// of its kind — the light theme against white —, and a role or badge with
// its own background at least 4.5:1 (7:1 in the high-contrast theme).
func TestThemesAreReadable(t *testing.T) {
	backgrounds := map[string][]lipgloss.Color{
		"dark":  {"#000000", "#1c1c1c", "#262626"},
		"light": {"#ffffff", "#f5f5f5", "#eeeeee"},
	}
	check := func(what string, fg, bg lipgloss.Color, least float64) {
		t.Helper()
		for _, shown := range [][2]lipgloss.Color{{fg, bg}, {as256(fg), as256(bg)}} {
			if r := contrast(t, shown[0], shown[1]); r < least {
				t.Errorf("%s: %s on %s is %.2f:1, want at least %.1f:1", what, shown[0], shown[1], r, least)
			}
		}
	}
	for _, th := range themes {
		least := 4.5
		if th.Name == "high-contrast" {
			least = 7
		}
		for role, p := range th.roles() {
			what := th.Name + " " + role
			switch {
			case p.Bg != "":
				check(what, p.Fg, p.Bg, least)
			case p.Fg != "":
				if len(backgrounds[th.Background]) == 0 {
					t.Errorf("%s: a foreground without a background in a theme for any background", what)
				}
				for _, bg := range backgrounds[th.Background] {
					check(what, p.Fg, bg, least)
				}
			}
		}
		for name, p := range th.Contexts {
			if p.Fg == "" || p.Bg == "" {
				t.Errorf("%s context badge %s: want both colours", th.Name, name)
				continue
			}
			check(th.Name+" context badge "+name, p.Fg, p.Bg, 4.5)
		}
	}
}

// The check above fails on a colour that is not readable: ANSI yellow on
// white, what the light variant used to be.
func TestContrastCheckCatchesUnreadableColours(t *testing.T) {
	if r := contrast(t, "#cdcd00", "#ffffff"); r >= 4.5 {
		t.Fatalf("xterm yellow on white at %.2f:1 passes", r)
	}
	if r := contrast(t, "#000000", "#ffffff"); math.Abs(r-21) > 0.01 {
		t.Fatalf("black on white is %.2f:1, want 21:1", r)
	}
}

// Each theme's styles differ from the others', and NO_COLOR turns every
// theme into the same attributes-only styles.
func TestThemedStyles(t *testing.T) {
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	render := func(name string) string {
		r := lipgloss.NewRenderer(&bytes.Buffer{})
		r.SetColorProfile(termenv.ANSI256)
		st, err := NewThemedStyles(r, name)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(st.StatusWarn.Render("w"), st.StatusError.Render("e"), st.Muted.Render("m"), st.ContextBadge("red").Render("prod"))
	}
	seen := map[string]string{}
	for _, name := range []string{"dark", "light", "high-contrast"} {
		out := render(name)
		if other, dup := seen[out]; dup {
			t.Errorf("themes %s and %s draw alike: %q", name, other, out)
		}
		seen[out] = name
	}
	if _, err := NewThemedStyles(lipgloss.NewRenderer(&bytes.Buffer{}), "solarized"); err == nil {
		t.Error("an unknown theme was accepted")
	}

	t.Setenv("NO_COLOR", "1")
	mono := map[string]bool{}
	for _, name := range ThemeNames() {
		r := NewRenderer(&bytes.Buffer{})
		st, _ := NewThemedStyles(r, name)
		if st.Applied != "mono" {
			t.Errorf("theme %s under NO_COLOR applies %s", name, st.Applied)
		}
		mono[fmt.Sprint(st.StatusWarn.Render("w"), st.StatusError.Render("e"), st.ContextBadge("red").Render("prod"))] = true
	}
	if len(mono) != 1 {
		t.Errorf("themes differ under NO_COLOR: %v", mono)
	}
}

// A context colour the theme does not know gets the reversed badge, like a
// context without a colour.
func TestContextBadgeFallsBack(t *testing.T) {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.ANSI256)
	st, _ := NewThemedStyles(r, "dark")
	if got, want := st.ContextBadge("chartreuse").Render("x"), st.ContextBadge("").Render("x"); got != want || want != "\x1b[1;7mx\x1b[0m" {
		t.Errorf("unknown colour %q, none %q; want both bold and reversed", got, want)
	}
	for _, name := range ContextColors() {
		if st.ContextBadge(name).Render("x") == st.ContextBadge("").Render("x") {
			t.Errorf("colour %s draws like no colour", name)
		}
	}
}
