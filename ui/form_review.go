package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// formReview is an edit form's last step: each change as old → new, then
// Yes saves and No (or esc) goes back to the fields with the edits kept.
// It starts on Yes, the operator having just asked to save, unless a
// field is being cleared: then on No.
type formReview struct {
	changes []Change
	answer  Answer
}

func newFormReview(changes []Change) *formReview {
	r := &formReview{changes: changes, answer: Answer{Yes: true}}
	for _, c := range changes {
		if c.Cleared() {
			r.answer.Yes = false
		}
	}
	return r
}

func (f *Form) reviewKey(k tea.KeyMsg) {
	done, yes := f.review.answer.HandleKey(f.c.Keys, k)
	if !done {
		return
	}
	if !yes {
		f.review = nil // back to the fields
		return
	}
	f.review = nil
	f.done, f.result = true, f.collect()
}

// reviewView lists the changes, each on one line cut to the width (the
// start of each value kept), and the buttons.
func (f *Form) reviewView() string {
	st := f.c.Styles
	inner := f.inner()
	labelW := 0
	for _, c := range f.review.changes {
		labelW = max(labelW, cellWidth(c.Label))
	}
	labelW = min(labelW, inner/3)
	n := len(f.review.changes)
	noun := "change"
	if n != 1 {
		noun = "changes"
	}
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(f.title, inner)))
	b.WriteString("\n" + fit("Save "+strconv.Itoa(n)+" "+noun+"? Nothing else is sent.", inner) + "\n")
	var typedMarks []string
	for _, c := range f.review.changes {
		b.WriteString("\n" + st.FieldLabel.Render(fit("  "+c.Label, labelW+2)) + " " + changeLine(c, inner-labelW-3))
		if !c.Bool && HasPlaceholder(c.New) && !strings.Contains(c.Old, c.New) {
			typedMarks = append(typedMarks, c.Label)
		}
	}
	if len(typedMarks) > 0 {
		note := strings.Join(typedMarks, ", ") + ": the ⟨…⟩ text is sent as typed, not as the character it names"
		for _, l := range wrapLines(note, inner) {
			b.WriteString("\n" + st.StatusWarn.Render(fit(l, inner)))
		}
	}
	yes, no := f.review.answer.Buttons(st)
	dk := f.c.Keys.Dialog
	hint := KeyHint(dk.Yes) + "/" + KeyHint(dk.No) + " · " + KeyHint(dk.Confirm) + " = focused · " + KeyHint(dk.Cancel) + " back to the form"
	buttons := yes + "  " + no
	if ansiWidth(buttons)+3+cellWidth(hint) <= inner {
		b.WriteString("\n\n" + buttons + st.Muted.Render("   "+hint))
	} else { // a narrow terminal: the hint under the buttons
		b.WriteString("\n\n" + buttons)
		for _, l := range wrapLines(hint, inner) {
			b.WriteString("\n" + st.Muted.Render(fit(l, inner)))
		}
	}
	return st.DialogBorder.Render(b.String())
}

// changeLine is "old → new" in w cells: values as Visible shows them
// (so nothing unsafe is drawn and nothing hidden), each cut at its end
// with "…" when both do not fit.
func changeLine(c Change, w int) string {
	var old, neu string
	switch {
	case c.Bool:
		old, neu = onOff(c.OldOn), onOff(c.NewOn)
	default:
		old, neu = Visible(c.Old), Visible(c.New)
		if c.Old == "" {
			old = "(empty)"
		}
		if c.New == "" {
			neu = "(cleared)"
		}
	}
	const arrow = " → "
	room := max(w-cellWidth(arrow), 2)
	if cellWidth(old)+cellWidth(neu) > room && !c.Bool && c.Old != "" && c.New != "" {
		old, neu = fromTheDifference(old, neu)
	}
	ow, nw := cellWidth(old), cellWidth(neu)
	if ow+nw > room {
		// Share the room; a short side gives the long one what it does not use.
		half := room / 2
		switch {
		case ow <= half:
			nw = room - ow
		case nw <= room-half:
			ow = room - nw
		default:
			ow, nw = half, room-half
		}
		old, neu = ansi.Truncate(old, ow, "…"), ansi.Truncate(neu, nw, "…")
	}
	return fit(old+arrow+neu, w)
}

// fromTheDifference drops the start two values share but for a few
// characters of context, so that a change near the end of a long value
// shows ("…nameLo → …nameLoQ") instead of two equal cut starts.
func fromTheDifference(old, neu string) (string, string) {
	const context = 8
	o, n := []rune(old), []rune(neu)
	same := 0
	for same < len(o) && same < len(n) && o[same] == n[same] {
		same++
	}
	if same <= context {
		return old, neu
	}
	cut := same - context
	return "…" + string(o[cut:]), "…" + string(n[cut:])
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// wrapLines wraps s (sanitised) to lines of at most w cells.
func wrapLines(s string, w int) []string {
	return strings.Split(ansi.Wrap(Sanitize(s), max(w, 8), ""), "\n")
}
