package ui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The renderer follows the environment: CLICOLOR_FORCE gives colour even
// without a terminal. NO_COLOR removes the colour but keeps the attributes
// that tell the active tab, the cursor row, marked rows, warnings and
// errors apart (termenv alone would drop those too).
func TestStylesHonourNoColor(t *testing.T) {
	type look struct{ tab, cursor, marked, warn, err, plain string }
	render := func() (look, *lipgloss.Renderer) {
		r := NewRenderer(&bytes.Buffer{})
		st := NewStyles(r)
		return look{
			tab: st.TabActive.Render("1 Users"), cursor: st.TableCursor.Render("row"), marked: st.TableSelected.Render("row"),
			warn: st.StatusWarn.Render("! w"), err: st.StatusError.Render("error: e"), plain: st.StatusInfo.Render("i"),
		}, r
	}
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	if l, _ := render(); !strings.Contains(l.err+l.warn, "\x1b[") || !strings.Contains(l.err, "31") && !strings.Contains(l.err, "91") {
		t.Fatalf("forced colour produced no coloured error: %q", l.err)
	}

	t.Setenv("NO_COLOR", "1")
	l, r := render()
	if r.ColorProfile() != termenv.ANSI {
		t.Errorf("NO_COLOR with CLICOLOR_FORCE: profile %v, want ANSI (attributes, no colour)", r.ColorProfile())
	}
	all := l.tab + l.cursor + l.marked + l.warn + l.err + l.plain
	if colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]`); colour.MatchString(all) {
		t.Errorf("NO_COLOR output has colour: %q", all)
	}
	for what, want := range map[string][2]string{
		"active tab": {l.tab, "\x1b[1;7m"}, "cursor row": {l.cursor, "\x1b[7m"}, "marked row": {l.marked, "\x1b[1m"},
		"warning": {l.warn, "\x1b[1m"}, "error": {l.err, "\x1b[1;7m"},
	} {
		if !strings.HasPrefix(want[0], want[1]) {
			t.Errorf("NO_COLOR %s = %q, want it to start with %q", what, want[0], want[1])
		}
	}
	if l.plain != "i" || l.warn == l.err {
		t.Errorf("info %q, warning %q, error %q: want plain info and a warning unlike an error", l.plain, l.warn, l.err)
	}

	// Without CLICOLOR_FORCE, a writer that is not a terminal takes no
	// escape sequences at all.
	t.Setenv("CLICOLOR_FORCE", "")
	if l, r := render(); r.ColorProfile() != termenv.Ascii || strings.Contains(l.tab+l.err, "\x1b") {
		t.Errorf("NO_COLOR, not a terminal: profile %v, active tab %q", r.ColorProfile(), l.tab)
	}
}

// Every style used on its own must be readable on both backgrounds: the
// adaptive colors resolve to different ANSI colors for light and dark.
func TestStylesAdaptToTheBackground(t *testing.T) {
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	out := map[bool]string{}
	for _, dark := range []bool{true, false} {
		r := lipgloss.NewRenderer(&bytes.Buffer{})
		r.SetHasDarkBackground(dark)
		out[dark] = NewStyles(r).StatusWarn.Render("warn")
	}
	if out[true] == out[false] {
		t.Errorf("warning looks the same on light and dark: %q", out[true])
	}
}
