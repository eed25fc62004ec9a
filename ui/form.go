package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// FieldKind is the kind of a form field.
type FieldKind int

const (
	FieldText FieldKind = iota
	FieldBool
)

// Field describes one form field.
type Field struct {
	Key   string // name in FormResultMsg.Values / Bools
	Label string
	Kind  FieldKind
	// Value is the initial text: in an edit form the pod's raw value, which
	// the form shows with Visible and gives back untouched unless edited.
	Value       string
	Checked     bool // initial bool
	Placeholder string
	CharLimit   int
	// Required: a create form needs a value; an edit form refuses to clear
	// the field (the pod would refuse it or keep the old value).
	Required bool
	// Names are the words the pod's refusals use for the field (its JSON
	// name, "emailAddress"), so Refused points at it; Key and Label count too.
	Names []string
	// Validate returns an operator sentence for a bad value, shown under
	// the field; the form does not submit while any field is invalid. An
	// edit form validates only the fields the operator changed.
	Validate func(string) error
}

// FormResultMsg is delivered to the view that opened a Form.
type FormResultMsg struct {
	Payload   any
	Submitted bool // false: cancelled
	// Values has every text field: what the operator typed (trimmed, and
	// sanitised like pod data), or the field's initial Value, raw, when it
	// was not changed.
	Values map[string]string
	Bools  map[string]bool
	// Changes are the fields the operator changed, in form order. An edit
	// form submitted without changes has none (and asked nothing).
	Changes []Change
	// Form is the form itself: when the pod refuses what it sent, the view
	// reopens it with Refused, every typed value kept.
	Form *Form
}

// Changed reports whether the operator changed field key.
func (r FormResultMsg) Changed(key string) bool {
	for _, c := range r.Changes {
		if c.Key == key {
			return true
		}
	}
	return false
}

// Change is one field the operator changed: raw values (Old as the pod
// had it, New as it will be sent).
type Change struct {
	Key, Label string
	Bool       bool // a toggle: OldOn, NewOn
	Old, New   string
	OldOn      bool
	NewOn      bool
}

// Cleared reports a text field emptied by the operator.
func (c Change) Cleared() bool { return !c.Bool && c.New == "" }

type formField struct {
	Field
	input   textinput.Model
	initial string // the input's text when the form opened
	checked bool
	err     string
}

// changed reports whether the operator changed the field.
func (ff *formField) changed() bool {
	if ff.Kind == FieldBool {
		return ff.checked != ff.Checked
	}
	return ff.input.Value() != ff.initial
}

// value is what the field gives back: typed text, or the raw initial value.
func (ff *formField) value() string {
	if !ff.changed() {
		return ff.Value
	}
	return strings.TrimSpace(Sanitize(ff.input.Value()))
}

// Form is a modal for create/edit: labelled text inputs and toggles.
// tab/shift+tab (and down/up) move between fields, space toggles a bool,
// enter submits (after validation), esc cancels, ctrl+c clears the focused
// text field.
//
// An edit form (NewEditForm) starts from the pod's values and gives back
// only what the operator changed: submitted untouched it closes with no
// Changes; otherwise it first lists each change as old → new and saves on
// Yes (No goes back to the fields, edits kept).
type Form struct {
	c       *Common
	title   string
	fields  []*formField
	focus   int
	payload any
	edit    bool
	review  *formReview // an edit form's confirm step, while it shows
	resend  *formResend // the question after an unknown outcome, while it shows
	unsure  bool        // an earlier submit's outcome is unknown: submit asks first
	look    tea.Msg     // what "look first" hands the view
	looked  bool        // closed by "look first": Done gives look
	err     string      // the pod's refusal when it named no field
	done    bool
	result  FormResultMsg
	width   int
	height  int // the body's height: a taller form scrolls its fields
}

// NewForm builds a create form: every field's value is sent. payload
// comes back in FormResultMsg.
func NewForm(c *Common, title string, fields []Field, payload any) *Form {
	return newForm(c, title, fields, payload, false)
}

// NewEditForm builds an edit form over the pod's values (Field.Value and
// Checked, raw): only the fields the operator changes are given back.
func NewEditForm(c *Common, title string, fields []Field, payload any) *Form {
	return newForm(c, title, fields, payload, true)
}

func newForm(c *Common, title string, fields []Field, payload any, edit bool) *Form {
	f := &Form{c: c, title: Sanitize(title), payload: payload, width: 60, edit: edit}
	for _, fd := range fields {
		ff := &formField{Field: fd, checked: fd.Checked}
		if fd.Kind == FieldText {
			shown := Visible(fd.Value)
			in := textinput.New()
			in.Prompt = ""
			in.Placeholder = fd.Placeholder
			// Never cut the pod's value: a limit is for what is typed, and
			// a value already longer is edited without one.
			in.CharLimit = fd.CharLimit
			if fd.CharLimit > 0 && len([]rune(shown)) > fd.CharLimit {
				in.CharLimit = 0
			}
			in.Cursor.SetMode(cursor.CursorStatic)
			in.SetValue(shown)
			ff.input = in
			ff.initial = in.Value()
		}
		f.fields = append(f.fields, ff)
	}
	f.setFocus(0)
	f.sizeInputs()
	for _, ff := range f.fields {
		// A value longer than its input shows from its start, where it is
		// read from; a shorter one has the cursor at its end, to type on.
		if ff.Kind == FieldText && cellWidth(ff.initial) > ff.input.Width {
			ff.input.CursorStart()
		}
	}
	return f
}

// sizeInputs gives the text inputs their width. The input scrolls its
// window over the value only when the cursor moves, so the cursor is set
// again: a long value then shows the part around the cursor, not all of it.
func (f *Form) sizeInputs() {
	w := max(f.inner()-f.labelWidth()-5, 4)
	for _, ff := range f.fields {
		if ff.Kind == FieldText && ff.input.Width != w {
			ff.input.Width = w
			ff.input.SetCursor(ff.input.Position())
		}
	}
}

// labelWidth is the width of the label column.
func (f *Form) labelWidth() int {
	w := 0
	for _, ff := range f.fields {
		w = max(w, cellWidth(ff.Label))
	}
	return min(w, f.inner()/3)
}

// SetError shows msg under field key.
func (f *Form) SetError(key, msg string) {
	for i, ff := range f.fields {
		if ff.Key == key {
			ff.err = Sanitize(msg)
			f.setFocus(i)
		}
	}
}

// Refused reopens a submitted form after the pod refused it: every value
// as typed, the refusal under the field it names (focused), or above the
// fields when it names none. Open the result with OpenModal.
func (f *Form) Refused(reason string) *Form {
	f.done, f.looked, f.result, f.review = false, false, FormResultMsg{}, nil
	f.err = ""
	if i := f.fieldNamedIn(reason); i >= 0 {
		f.fields[i].err = Sanitize(reason)
		f.setFocus(i)
	} else {
		f.err = Sanitize(reason)
	}
	return f
}

// fieldNamedIn is the field whose name appears first in msg, or -1.
func (f *Form) fieldNamedIn(msg string) int {
	low := strings.ToLower(msg)
	best, at, bestLen := -1, len(low)+1, 0
	for i, ff := range f.fields {
		names := append([]string{ff.Key, ff.Label}, ff.Names...)
		for _, n := range names {
			// The earliest mention wins; at the same place, the longer name.
			if j := wordIndex(low, strings.ToLower(n)); j >= 0 && (j < at || (j == at && len(n) > bestLen)) {
				best, at, bestLen = i, j, len(n)
			}
		}
	}
	return best
}

// wordIndex finds w in s as a whole word (letters and digits around it do
// not count as a match), or -1.
func wordIndex(s, w string) int {
	if w == "" {
		return -1
	}
	for from := 0; from < len(s); {
		j := strings.Index(s[from:], w)
		if j < 0 {
			return -1
		}
		j += from
		end := j + len(w)
		if (j == 0 || !isWordByte(s[j-1])) && (end == len(s) || !isWordByte(s[end])) {
			return j
		}
		from = j + 1
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// SetSize implements Modal.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = w, h
	f.sizeInputs()
}

// Done implements Modal.
func (f *Form) Done() (tea.Msg, bool) {
	if f.looked {
		return f.look, f.done
	}
	return f.result, f.done
}

// InputFocused implements TextModal: a field has the keys, unless the
// review of the changes or the question after an unknown outcome is up.
func (f *Form) InputFocused() bool { return f.review == nil && f.resend == nil }

func (f *Form) setFocus(i int) {
	if len(f.fields) == 0 {
		return
	}
	i = (i + len(f.fields)) % len(f.fields)
	for j, ff := range f.fields {
		if ff.Kind == FieldText {
			if j == i {
				ff.input.Focus()
			} else {
				ff.input.Blur()
			}
		}
	}
	f.focus = i
}

// Update implements Modal.
func (f *Form) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || f.done {
		return f, nil
	}
	if f.review != nil {
		f.reviewKey(k)
		return f, nil
	}
	if f.resend != nil {
		f.resendKey(k)
		return f, nil
	}
	fk := f.c.Keys.Form
	var cur *formField
	if len(f.fields) > 0 {
		cur = f.fields[f.focus]
	}
	switch {
	case key.Matches(k, fk.Cancel):
		f.done = true
		f.result = FormResultMsg{Payload: f.payload, Form: f}
		return f, nil
	case key.Matches(k, fk.Clear):
		if cur != nil && cur.Kind == FieldText {
			cur.input.SetValue("")
			cur.err = ""
		}
		return f, nil
	case key.Matches(k, fk.Next):
		f.setFocus(f.focus + 1)
		return f, nil
	case key.Matches(k, fk.Prev):
		f.setFocus(f.focus - 1)
		return f, nil
	case key.Matches(k, fk.Submit):
		f.submit()
		return f, nil
	case cur != nil && cur.Kind == FieldBool && key.Matches(k, fk.Toggle):
		cur.checked = !cur.checked
		return f, nil
	}
	if cur == nil || cur.Kind != FieldText {
		return f, nil
	}
	k, ok = CleanKey(k)
	if !ok {
		return f, nil
	}
	var cmd tea.Cmd
	before := len([]rune(cur.input.Value()))
	cur.input, cmd = cur.input.Update(k)
	cur.err = ""
	// The input drops what goes over its limit without a word: say so,
	// so that a pasted value is not saved cut short unnoticed.
	if limit := cur.input.CharLimit; limit > 0 && k.Type == tea.KeyRunes {
		if kept := len([]rune(cur.input.Value())) - before; kept < len(k.Runes) {
			cur.err = fmt.Sprintf("%d of %d characters dropped: the field takes at most %d", len(k.Runes)-kept, len(k.Runes), limit)
		}
	}
	return f, cmd
}

// submit validates, then closes (create form, or an edit form without
// changes) or shows the changes for a last look (edit form).
func (f *Form) submit() {
	f.err = ""
	firstBad := -1
	for i, ff := range f.fields {
		ff.err = ""
		if ff.Kind == FieldBool || (f.edit && !ff.changed()) {
			continue
		}
		v := ff.value()
		switch {
		case ff.Required && v == "" && f.edit:
			ff.err = ff.Label + " cannot be cleared: the pod requires a value"
		case ff.Required && v == "":
			ff.err = ff.Label + " is required"
		case ff.Validate != nil:
			if err := ff.Validate(v); err != nil {
				ff.err = Sanitize(err.Error())
			}
		}
		if ff.err != "" && firstBad < 0 {
			firstBad = i
		}
	}
	if firstBad >= 0 {
		f.setFocus(firstBad)
		return
	}
	res := f.collect()
	if f.edit && len(res.Changes) > 0 {
		f.review = newFormReview(res.Changes)
		return
	}
	if f.unsure {
		f.resend = &formResend{}
		return
	}
	f.done, f.result = true, res
}

// collect builds the result from the fields as they are.
func (f *Form) collect() FormResultMsg {
	res := FormResultMsg{Payload: f.payload, Submitted: true, Values: map[string]string{}, Bools: map[string]bool{}, Form: f}
	for _, ff := range f.fields {
		if ff.Kind == FieldBool {
			res.Bools[ff.Key] = ff.checked
			if ff.changed() {
				res.Changes = append(res.Changes, Change{Key: ff.Key, Label: ff.Label, Bool: true, OldOn: ff.Checked, NewOn: ff.checked})
			}
			continue
		}
		v := ff.value()
		res.Values[ff.Key] = v
		if ff.changed() && v != ff.Value {
			res.Changes = append(res.Changes, Change{Key: ff.Key, Label: ff.Label, Old: ff.Value, New: v})
		}
	}
	return res
}

// View implements Modal.
func (f *Form) View() string {
	if f.review != nil {
		return f.reviewView()
	}
	if f.resend != nil {
		return f.resendView()
	}
	st := f.c.Styles
	inner, labelW := f.inner(), f.labelWidth()
	head := []string{st.DialogTitle.Render(fit(f.title, inner))}
	if f.err != "" {
		for _, l := range wrapLines(f.err, inner) {
			head = append(head, st.FieldError.Render(fit(l, inner)))
		}
	}
	var body []string
	focusLine, marked := 0, false
	for i, ff := range f.fields {
		mark := "  "
		if i == f.focus {
			mark, focusLine = "> ", len(body)
		}
		label := st.FieldLabel.Render(fit(ff.Label, labelW))
		var value string
		if ff.Kind == FieldBool {
			value = "[ ]"
			if ff.checked {
				value = "[x]"
			}
		} else {
			value = f.fieldView(ff, i == f.focus, ff.input.Width)
			marked = marked || ff.initial != ff.Value
		}
		body = append(body, mark+label+" "+value)
		if ff.err != "" {
			for _, l := range wrapLines(ff.err, inner-labelW-3) {
				body = append(body, st.FieldError.Render(fit(strings.Repeat(" ", labelW+3)+l, inner)))
			}
		}
	}
	if marked {
		body = append(body, "", st.Muted.Render(fit("⟨…⟩ marks a character the terminal cannot show;", inner)),
			st.Muted.Render(fit("such a field is sent only if you change it.", inner)))
	}
	fk := f.c.Keys.Form
	hint := KeyHint(fk.Next) + " next · " + KeyHint(fk.Submit) + " submit · " + KeyHint(fk.Cancel) + " cancel · " + KeyHint(fk.Clear) + " clear field"
	var foot []string
	for _, l := range wrapLines(hint, inner) {
		foot = append(foot, st.Muted.Render(fit(l, inner)))
	}
	lines := fitHeight(head, body, foot, focusLine, f.height-2, st)
	return st.DialogBorder.Render(strings.Join(lines, "\n"))
}

// inner is the width inside the form's border.
func (f *Form) inner() int { return max(min(f.width-4, 72), 24) }
