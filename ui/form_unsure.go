package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// A create whose answer was lost may have been made. Reopened as it was,
// the form would send a twin on the next enter (typed, perhaps, as the
// start of something else). OutcomeUnknown reopens it behind a question
// instead: look first (the default: it closes the form and looks), or
// send it again anyway. Every later submit of the form asks again.

// formResend is the question, while it shows.
type formResend struct {
	send bool // the focus is on "Send again"
}

// OutcomeUnknown reopens a submitted create form whose outcome is unknown:
// every value kept, no field focused, and the question up, with note (what
// may exist) above it. Choosing to look closes the form and hands look
// (a message for the view that opened it, e.g. the command that searches
// for what the create would have made) to that view. Open the result with
// OpenModal.
func (f *Form) OutcomeUnknown(note string, look tea.Msg) *Form {
	f.done, f.looked, f.result, f.review = false, false, FormResultMsg{}, nil
	f.err = Sanitize(note)
	f.look = look
	f.unsure = true
	f.resend = &formResend{}
	return f
}

// resendKey answers the question: enter takes the focused button, left
// and right move between them, n looks, esc goes back to the fields (the
// question comes again on submit). y is not an answer here: sending a
// second create takes a deliberate choice.
func (f *Form) resendKey(k tea.KeyMsg) {
	dk := f.c.Keys.Dialog
	switch {
	case key.Matches(k, dk.Cancel):
		f.resend = nil // back to the fields, still unsure
	case key.Matches(k, dk.Left):
		f.resend.send = true
	case key.Matches(k, dk.Right):
		f.resend.send = false
	case key.Matches(k, dk.No), key.Matches(k, dk.Confirm) && !f.resend.send:
		f.resend = nil
		f.done, f.looked = true, true
	case key.Matches(k, dk.Confirm):
		f.resend = nil
		f.done, f.result = true, f.collect()
	}
}

// resendView is the question under the form's title and the note.
func (f *Form) resendView() string {
	st := f.c.Styles
	inner := f.inner()
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(f.title, inner)))
	for _, l := range wrapLines(f.err, inner) {
		b.WriteString("\n" + st.StatusWarn.Render(fit(l, inner)))
	}
	for _, l := range wrapLines("Send it again anyway? If the first one was made, this makes a twin.", inner) {
		b.WriteString("\n" + fit(l, inner))
	}
	send, look := st.Button.Render("[ Send again ]"), st.ButtonActive.Render("[>Look first<]")
	if f.resend.send {
		send, look = st.ButtonActive.Render("[>Send again<]"), st.Button.Render("[ Look first ]")
	}
	look = st.mark(zoneNo, ansiWidth(look), 1) + look // a click looks; sending again takes the keys
	dk := f.c.Keys.Dialog
	hint := KeyHint(dk.Left) + "/" + KeyHint(dk.Right) + " choose · " + KeyHint(dk.Confirm) + " = focused · " + KeyHint(dk.Cancel) + " back to the form"
	b.WriteString("\n\n" + send + "  " + look)
	for _, l := range wrapLines(hint, inner) {
		b.WriteString("\n" + st.Muted.Render(fit(l, inner)))
	}
	return st.DialogBorder.Render(b.String())
}
