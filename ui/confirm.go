package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// ConfirmResultMsg is delivered to the view that opened a Confirm. Payload
// is what the view passed in (which action on which ids); run it only when
// Confirmed.
type ConfirmResultMsg struct {
	Payload   any
	Confirmed bool
}

// Confirm is the dialog in front of every destructive action. It names the
// action, the count and the targets, and its focus starts on No: enter on
// the default cancels. y confirms, n / esc / ctrl+c cancel, left/right/tab
// move between the buttons.
type Confirm struct {
	c       *Common
	action  string
	targets []string
	notes   []string // what the action leaves out, a line each
	payload any
	answer  Answer
	done    bool
	result  ConfirmResultMsg
	width   int
	height  int
}

// maxConfirmTargets is how many target names the dialog lists before "and N more".
const maxConfirmTargets = 8

// NewConfirm asks "<action> <n> item(s)?" about targets (display names,
// sanitised here). action is a short imperative phrase: "Remove from
// Ops Room". payload comes back in ConfirmResultMsg.
func NewConfirm(c *Common, action string, targets []string, payload any) *Confirm {
	ts := make([]string, len(targets))
	for i, t := range targets {
		ts[i] = Sanitize(t)
	}
	return &Confirm{c: c, action: Sanitize(action), targets: ts, payload: payload, width: 60}
}

// Notes adds lines under the question, each a sentence of its own (what
// the action leaves out: "7 already disabled are left out"); empty ones
// are dropped. It returns the dialog.
func (d *Confirm) Notes(lines ...string) *Confirm {
	for _, l := range lines {
		if l != "" {
			d.notes = append(d.notes, Sanitize(l))
		}
	}
	return d
}

// SetSize implements Modal.
func (d *Confirm) SetSize(w, h int) { d.width, d.height = w, h }

// Done implements Modal.
func (d *Confirm) Done() (tea.Msg, bool) { return d.result, d.done }

// Update implements Modal.
func (d *Confirm) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || d.done {
		return d, nil
	}
	if done, yes := d.answer.HandleKey(d.c.Keys, k); done {
		d.finish(yes)
	}
	return d, nil
}

func (d *Confirm) finish(yes bool) {
	d.done = true
	d.result = ConfirmResultMsg{Payload: d.payload, Confirmed: yes}
}

// View implements Modal. It fits the terminal: the question wraps, the
// hint goes under the buttons when it does not fit beside them, and a
// short terminal lists fewer targets.
func (d *Confirm) View() string {
	st := d.c.Styles
	noun := "item"
	if len(d.targets) != 1 {
		noun = "items"
	}
	question := fmt.Sprintf("%s: %d %s?", d.action, len(d.targets), noun)
	hint := d.answer.Hint(d.c.Keys)
	yes, no := d.answer.Buttons(st)
	buttons := yes + "  " + no
	inner := max(cellWidth(d.action)+12, 19+ansiWidth(hint))
	for _, n := range d.notes {
		inner = max(inner, cellWidth(n))
	}
	for i, t := range d.targets {
		if i < maxConfirmTargets {
			inner = max(inner, cellWidth(t)+2)
		}
	}
	inner = min(max(inner, 20), d.width-4)
	var head, foot []string
	for _, l := range wrapLines(question, inner) {
		head = append(head, st.Danger.Render(fit(l, inner)))
	}
	for _, n := range d.notes {
		for _, l := range wrapLines(n, inner) {
			head = append(head, fit(l, inner))
		}
	}
	if ansiWidth(buttons)+3+ansiWidth(hint) <= inner {
		foot = []string{buttons + st.Muted.Render("   "+hint)}
	} else {
		foot = []string{buttons}
		for _, l := range wrapLines(hint, inner) {
			foot = append(foot, st.Muted.Render(fit(l, inner)))
		}
	}
	// The targets: as many as fit, blank lines around them while there is room.
	names := min(len(d.targets), maxConfirmTargets)
	more := 0
	if names < len(d.targets) {
		more = 1
	}
	blanks := 2
	if rows := d.height - 2; rows > 0 {
		if len(head)+names+more+blanks+len(foot) > rows {
			blanks = 0
		}
		// Short of room for one target, the hint goes (a line of it, then
		// all): the buttons say what y and n do.
		for len(foot) > 1 && len(head)+1+min(more+names-1, 1)+len(foot) > rows {
			foot = foot[:len(foot)-1]
		}
		if avail := rows - len(head) - len(foot) - blanks; names+more > avail {
			names = max(avail-1, 1)
			more = 0
			if names < len(d.targets) {
				more = 1
			}
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(head, "\n"))
	if blanks > 0 {
		b.WriteByte('\n')
	}
	for _, t := range d.targets[:names] {
		b.WriteString("\n" + fit("  "+t, inner))
	}
	if more > 0 {
		b.WriteString("\n" + fit(fmt.Sprintf("  … and %d more", len(d.targets)-names), inner))
	}
	if blanks > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("\n" + strings.Join(foot, "\n"))
	return st.DialogBorder.Render(b.String())
}

// Answer is the yes/no state every confirming dialog shares: it starts on
// No; the dialog keys move it and decide.
type Answer struct{ Yes bool }

// Buttons are the Yes and No buttons, the focused one marked.
// With the mouse on, a click on one answers as its key would.
func (a Answer) Buttons(st *Styles) (yes, no string) {
	if a.Yes {
		yes, no = st.ButtonActive.Render("[>Yes<]"), st.Button.Render("[ No ]")
	} else {
		yes, no = st.Button.Render("[ Yes ]"), st.ButtonActive.Render("[>No<]")
	}
	return st.mark(zoneYes, ansiWidth(yes), 1) + yes, st.mark(zoneNo, ansiWidth(no), 1) + no
}

// Hint says how to answer, with the keys as bound:
// "y/n · enter = focused · esc cancels".
func (a Answer) Hint(keys *KeyMap) string {
	dk := keys.Dialog
	return KeyHint(dk.Yes) + "/" + KeyHint(dk.No) + " · " + KeyHint(dk.Confirm) + " = focused · " + KeyHint(dk.Cancel) + " cancels"
}

// HandleKey applies k: done reports that the dialog was answered, and yes
// what. y and n decide, enter takes the focused button, esc and ctrl+c say
// No, left and right move the focus.
func (a *Answer) HandleKey(keys *KeyMap, k tea.KeyMsg) (done, yes bool) {
	dk := keys.Dialog
	switch {
	case key.Matches(k, dk.Yes):
		return true, true
	case key.Matches(k, dk.No, dk.Cancel) || k.Type == tea.KeyCtrlC:
		return true, false
	case key.Matches(k, dk.Confirm):
		return true, a.Yes
	case key.Matches(k, dk.Left):
		a.Yes = true
	case key.Matches(k, dk.Right):
		a.Yes = false
	}
	return false, false
}
