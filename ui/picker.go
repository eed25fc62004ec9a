package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// PickerItem is one choice: an id to act on and what the operator reads.
type PickerItem struct {
	ID     string
	Label  string
	Detail string // second column, e.g. the email
}

// PickerQueryMsg asks the view that opened a Picker for items matching
// Query (sent after the operator paused typing). The view answers with
// PickerItemsMsg carrying the same Picker and Tag.
type PickerQueryMsg struct {
	Picker string // the picker's id
	Tag    int
	Query  string // sanitised, trimmed
}

// PickerItemsMsg delivers search results to the picker. Results whose Tag
// is not the latest query's are dropped.
type PickerItemsMsg struct {
	Picker string
	Tag    int
	Items  []PickerItem
	Err    error
}

// PickerResultMsg is delivered to the view that opened the picker.
type PickerResultMsg struct {
	Payload any
	Picked  bool // false: cancelled
	Item    PickerItem
}

type pickerDebounceMsg struct {
	picker string
	tag    int
}

// PickerOptions configure NewPicker.
type PickerOptions struct {
	ID          string // distinguishes concurrent pickers' messages
	Title       string
	Placeholder string
	Payload     any
	// Items, when set, are filtered locally (case-insensitive substring)
	// and no PickerQueryMsg is sent: for short lists such as roles.
	Items []PickerItem
	// Debounce is the pause before a query is sent (default 200ms).
	Debounce time.Duration
	// MinQuery is the query length below which nothing is asked (default 1).
	MinQuery int
}

// Picker is a search-as-you-type modal: a text input and a result list.
// For remote searches (users to add to a room) it sends PickerQueryMsg,
// debounced with a tag, and shows the PickerItemsMsg the view returns;
// up/down (ctrl+p/ctrl+n) move, enter picks, esc cancels, ctrl+c clears
// the query.
type Picker struct {
	c       *Common
	opts    PickerOptions
	input   textinput.Model
	items   []PickerItem
	cursor  int
	tag     int
	waiting bool
	err     string
	done    bool
	result  PickerResultMsg
	width   int
	height  int
	tick    tickFunc
}

// NewPicker returns a picker; open it with OpenModal(p) and Init's command.
func NewPicker(c *Common, opts PickerOptions) *Picker {
	if opts.Debounce <= 0 {
		opts.Debounce = 200 * time.Millisecond
	}
	if opts.MinQuery <= 0 {
		opts.MinQuery = 1
	}
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = opts.Placeholder
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &Picker{c: c, opts: opts, input: in, width: 60, height: 16, tick: tea.Tick}
}

// SetSize implements Modal.
func (p *Picker) SetSize(w, h int) { p.width, p.height = w, h }

// Done implements Modal.
func (p *Picker) Done() (tea.Msg, bool) { return p.result, p.done }

// InputFocused implements TextModal: the query input has the keys.
func (p *Picker) InputFocused() bool { return true }

// Query is the current (sanitised, trimmed) query text.
func (p *Picker) Query() string { return strings.TrimSpace(Sanitize(p.input.Value())) }

// Update implements Modal.
func (p *Picker) Update(msg tea.Msg) (Modal, tea.Cmd) {
	if p.done {
		return p, nil
	}
	switch msg := msg.(type) {
	case pickerDebounceMsg:
		if msg.picker != p.opts.ID || msg.tag != p.tag {
			return p, nil
		}
		q := p.Query()
		if len([]rune(q)) < p.opts.MinQuery {
			p.waiting = false
			return p, nil
		}
		tag, id := p.tag, p.opts.ID
		return p, func() tea.Msg { return PickerQueryMsg{Picker: id, Tag: tag, Query: q} }
	case PickerItemsMsg:
		if msg.Picker != p.opts.ID || msg.Tag != p.tag {
			return p, nil // an answer to an older query
		}
		p.waiting = false
		p.items, p.cursor, p.err = msg.Items, 0, ""
		if msg.Err != nil {
			p.err = Sanitize(msg.Err.Error())
		}
		return p, nil
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *Picker) key(k tea.KeyMsg) tea.Cmd {
	dk := p.c.Keys.Dialog
	shown := p.shown()
	switch {
	case key.Matches(k, dk.Cancel):
		p.done, p.result = true, PickerResultMsg{Payload: p.opts.Payload}
		return nil
	case k.Type == tea.KeyCtrlC:
		p.input.SetValue("")
		return p.changed()
	case key.Matches(k, dk.Up):
		p.cursor = max(p.cursor-1, 0)
		return nil
	case key.Matches(k, dk.Down):
		p.cursor = min(p.cursor+1, max(len(shown)-1, 0))
		return nil
	case key.Matches(k, dk.Confirm):
		if p.cursor < len(shown) {
			p.done, p.result = true, PickerResultMsg{Payload: p.opts.Payload, Picked: true, Item: shown[p.cursor]}
		}
		return nil
	}
	k, ok := CleanKey(k)
	if !ok {
		return nil
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	if p.input.Value() != before {
		return tea.Batch(cmd, p.changed())
	}
	return cmd
}

// changed starts a new query generation: local lists refilter at once,
// remote ones wait for the debounce tick.
func (p *Picker) changed() tea.Cmd {
	p.tag++
	p.cursor = 0
	if p.opts.Items != nil {
		return nil
	}
	p.waiting = true
	tag, id := p.tag, p.opts.ID
	return p.tick(p.opts.Debounce, func(time.Time) tea.Msg { return pickerDebounceMsg{picker: id, tag: tag} })
}

// shown is the list under the input: remote results, or the local items
// matching the query.
func (p *Picker) shown() []PickerItem {
	if p.opts.Items == nil {
		return p.items
	}
	q := strings.ToLower(p.Query())
	if q == "" {
		return p.opts.Items
	}
	var out []PickerItem
	for _, it := range p.opts.Items {
		if strings.Contains(strings.ToLower(it.Label+"\x00"+it.Detail+"\x00"+it.ID), q) {
			out = append(out, it)
		}
	}
	return out
}

// View implements Modal.
func (p *Picker) View() string {
	st := p.c.Styles
	inner := max(min(p.width-4, 72), 24)
	p.input.Width = inner - 3
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(Sanitize(p.opts.Title), inner)))
	b.WriteString("\n" + p.input.View())
	shown := p.shown()
	rows := max(min(p.height-8, 12), 3)
	top := max(p.cursor-rows+1, 0)
	switch {
	case p.err != "":
		b.WriteString("\n" + st.FieldError.Render(fit(p.err, inner)))
	case p.waiting:
		b.WriteString("\n" + st.Muted.Render(fit("searching…", inner)))
	case len(shown) == 0:
		b.WriteString("\n" + st.Muted.Render(fit("no match", inner)))
	}
	labelW := inner * 3 / 5
	for i := top; i < len(shown) && i < top+rows; i++ {
		it := shown[i]
		line := fit(Sanitize(it.Label), labelW-2) + " " + fit(Sanitize(it.Detail), inner-labelW-1)
		if i == p.cursor {
			b.WriteString("\n" + st.TableCursor.Render("> "+line))
		} else {
			b.WriteString("\n  " + line)
		}
	}
	dk := p.c.Keys.Dialog
	hint := KeyHint(dk.Up) + "/" + KeyHint(dk.Down) + " move · " + KeyHint(dk.Confirm) + " pick · " + KeyHint(dk.Cancel) + " cancel"
	b.WriteString("\n\n" + st.Muted.Render(hint))
	return st.DialogBorder.Render(b.String())
}
