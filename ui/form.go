package ui

import (
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
	Key         string // name in FormResultMsg.Values / Bools
	Label       string
	Kind        FieldKind
	Value       string // initial text
	Checked     bool   // initial bool
	Placeholder string
	CharLimit   int
	Required    bool
	// Validate returns an operator sentence for a bad value, shown under
	// the field; the form does not submit while any field is invalid.
	Validate func(string) error
}

// FormResultMsg is delivered to the view that opened a Form. Values are
// trimmed and sanitised (typed or pasted text goes through the same choke
// point as pod data).
type FormResultMsg struct {
	Payload   any
	Submitted bool // false: cancelled
	Values    map[string]string
	Bools     map[string]bool
}

type formField struct {
	Field
	input   textinput.Model
	checked bool
	err     string
}

// Form is a modal for create/edit: labelled text inputs and toggles.
// tab/shift+tab (and down/up) move between fields, space toggles a bool,
// enter submits (after validation), esc cancels, ctrl+c clears the focused
// text field.
type Form struct {
	c       *Common
	title   string
	fields  []*formField
	focus   int
	payload any
	done    bool
	result  FormResultMsg
	width   int
}

// NewForm builds a form; payload comes back in FormResultMsg.
func NewForm(c *Common, title string, fields []Field, payload any) *Form {
	f := &Form{c: c, title: Sanitize(title), payload: payload, width: 60}
	for _, fd := range fields {
		ff := &formField{Field: fd, checked: fd.Checked}
		if fd.Kind == FieldText {
			in := textinput.New()
			in.Prompt = ""
			in.Placeholder = fd.Placeholder
			in.CharLimit = fd.CharLimit
			in.Cursor.SetMode(cursor.CursorStatic)
			in.SetValue(fd.Value)
			ff.input = in
		}
		f.fields = append(f.fields, ff)
	}
	f.setFocus(0)
	return f
}

// SetError shows err under field key (for example a conflict reported by the
// pod when the view re-opens the form).
func (f *Form) SetError(key, msg string) {
	for _, ff := range f.fields {
		if ff.Key == key {
			ff.err = Sanitize(msg)
		}
	}
}

// SetSize implements Modal.
func (f *Form) SetSize(w, h int) { f.width = w }

// Done implements Modal.
func (f *Form) Done() (tea.Msg, bool) { return f.result, f.done }

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
	fk := f.c.Keys.Form
	var cur *formField
	if len(f.fields) > 0 {
		cur = f.fields[f.focus]
	}
	switch {
	case key.Matches(k, fk.Cancel):
		f.done = true
		f.result = FormResultMsg{Payload: f.payload}
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
	var cmd tea.Cmd
	cur.input, cmd = cur.input.Update(k)
	cur.err = ""
	return f, cmd
}

func (f *Form) submit() {
	res := FormResultMsg{Payload: f.payload, Submitted: true, Values: map[string]string{}, Bools: map[string]bool{}}
	firstBad := -1
	for i, ff := range f.fields {
		ff.err = ""
		if ff.Kind == FieldBool {
			res.Bools[ff.Key] = ff.checked
			continue
		}
		v := strings.TrimSpace(Sanitize(ff.input.Value()))
		switch {
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
		res.Values[ff.Key] = v
	}
	if firstBad >= 0 {
		f.setFocus(firstBad)
		return
	}
	f.done, f.result = true, res
}

// View implements Modal.
func (f *Form) View() string {
	st := f.c.Styles
	inner := max(min(f.width-4, 72), 24)
	labelW := 0
	for _, ff := range f.fields {
		labelW = max(labelW, cellWidth(ff.Label))
	}
	labelW = min(labelW, inner/3)
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(f.title, inner)))
	for i, ff := range f.fields {
		mark := "  "
		if i == f.focus {
			mark = "> "
		}
		label := st.FieldLabel.Render(fit(ff.Label, labelW))
		var value string
		if ff.Kind == FieldBool {
			value = "[ ]"
			if ff.checked {
				value = "[x]"
			}
		} else {
			ff.input.Width = max(inner-labelW-5, 4)
			value = ff.input.View()
		}
		b.WriteString("\n" + mark + label + " " + value)
		if ff.err != "" {
			b.WriteString("\n" + st.FieldError.Render(fit(strings.Repeat(" ", labelW+3)+ff.err, inner)))
		}
	}
	fk := f.c.Keys.Form
	hint := KeyHint(fk.Next) + " next · " + KeyHint(fk.Submit) + " submit · " + KeyHint(fk.Cancel) + " cancel · " + KeyHint(fk.Clear) + " clear field"
	b.WriteString("\n\n" + st.Muted.Render(hint))
	return st.DialogBorder.Render(b.String())
}
