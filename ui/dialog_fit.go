package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Dialogs fit the terminal: their lines are cut or wrapped to its width,
// and one too tall scrolls what it must (a form's fields) or shortens its
// lists. A dialog that cannot fit even so is replaced by a line saying
// the terminal is too small (see Model.bodyView): never a cut frame.

// fitHeight joins a dialog's head, body and foot in rows lines (rows <= 0:
// no limit), a blank line before the foot when there is room. A body too
// long shows a window around line focus, with a line above and below
// saying how many lines it leaves out; shorter still, the foot keeps its
// first line and then the window loses its marks. Too few rows even for
// one line of the body, it returns everything: the root then says the
// terminal is too small.
func fitHeight(head, body, foot []string, focus, rows int, st *Styles) []string {
	join := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	switch {
	case rows <= 0 || len(head)+len(body)+1+len(foot) <= rows:
		return join(head, body, []string{""}, foot)
	case len(head)+len(body)+len(foot) <= rows:
		return join(head, body, foot)
	}
	for _, try := range []struct {
		foot  []string
		marks bool
	}{{foot, true}, {foot[:min(len(foot), 1)], true}, {foot[:min(len(foot), 1)], false}} {
		n := rows - len(head) - len(try.foot)
		if try.marks {
			n -= 2 // the lines saying what is above and below
		}
		if n < 1 {
			continue
		}
		from := min(max(focus-n/2, 0), len(body)-n)
		window := body[from : from+n]
		if !try.marks {
			return join(head, window, try.foot)
		}
		above, below := "", ""
		if from > 0 {
			above = st.Muted.Render("  ↑ " + Thousands(from) + " more")
		}
		if rest := len(body) - from - n; rest > 0 {
			below = st.Muted.Render("  ↓ " + Thousands(rest) + " more")
		}
		return join(head, []string{above}, window, []string{below}, try.foot)
	}
	return join(head, body, []string{""}, foot)
}

// fitDialog is dialog when it fits w x h cells, else the line that says
// the terminal is too small for it (the dialog keeps the keys: esc closes
// it, a larger terminal shows it).
func fitDialog(dialog string, w, h int, st *Styles) string {
	dw, dh := lipgloss.Width(dialog), lipgloss.Height(dialog)
	if dw <= w && dh <= h {
		return dialog
	}
	msg := fmt.Sprintf("terminal too small for this dialog: it needs %d×%d, there is %d×%d; enlarge the terminal, or esc closes it", dw, dh, w, h)
	lines := wrapLines(msg, w)
	for i, l := range lines {
		lines[i] = st.StatusWarn.Render(l)
	}
	return strings.Join(lines, "\n")
}
