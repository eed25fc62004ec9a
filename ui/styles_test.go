package ui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// The default renderer follows the environment: CLICOLOR_FORCE gives color
// even without a terminal, and NO_COLOR wins over it.
func TestStylesHonourNoColor(t *testing.T) {
	render := func() string {
		st := NewStyles(lipgloss.NewRenderer(&bytes.Buffer{}))
		return st.StatusError.Render("boom") + st.ConnOK.Render("ok") + st.TableCursor.Render("row")
	}
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	if out := render(); !strings.Contains(out, "\x1b[") {
		t.Fatalf("forced color produced no escape: %q", out)
	}
	t.Setenv("NO_COLOR", "1")
	if out := render(); strings.Contains(out, "\x1b") {
		t.Errorf("NO_COLOR output has escapes: %q", out)
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
