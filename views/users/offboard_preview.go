package users

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// offboardPreview shows what offboarding will do to every room of the
// user, one row a room, and confirms it like ui.Confirm (focus on No, y
// confirms, n/esc cancel). On a room the user is the last owner of, the
// pick key asks for a new owner (the preview closes for the picker and
// opens again with it); the toggle key disables the account at the end.
type offboardPreview struct {
	c      *ui.Common
	s      offboardState
	plan   membership.Offboard
	answer ui.Answer
	note   string // why the last key did nothing
	done   bool
	result tea.Msg

	width, height int
}

func newOffboardPreview(c *ui.Common, s offboardState, w, h int) *offboardPreview {
	p := &offboardPreview{c: c, s: s, width: w, height: h}
	p.plan = s.plan()
	p.s.Cursor = min(max(p.s.Cursor, 0), max(len(p.plan.Rooms)-1, 0))
	return p
}

// SetSize implements ui.Modal.
func (p *offboardPreview) SetSize(w, h int) { p.width, p.height = w, h }

// Done implements ui.Modal.
func (p *offboardPreview) Done() (tea.Msg, bool) { return p.result, p.done }

// Update implements ui.Modal.
func (p *offboardPreview) Update(msg tea.Msg) (ui.Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || p.done {
		return p, nil
	}
	dk, nav := p.c.Keys.Dialog, p.c.Keys.Nav
	p.note = ""
	switch {
	case key.Matches(k, dk.Pick):
		p.pick()
	case key.Matches(k, dk.Toggle):
		p.s.Opts.Disable = !p.s.Opts.Disable
		p.plan = p.s.plan()
		if p.s.Opts.Disable && !p.plan.Disable {
			p.note = p.plan.DisableHeld
		}
	case key.Matches(k, dk.Up, nav.Up):
		p.s.Cursor = max(p.s.Cursor-1, 0)
	case key.Matches(k, dk.Down, nav.Down):
		p.s.Cursor = min(p.s.Cursor+1, max(len(p.plan.Rooms)-1, 0))
	default:
		if done, yes := p.answer.HandleKey(p.c.Keys, k); done {
			p.done = true
			p.result = ui.ConfirmResultMsg{Payload: p.s, Confirmed: yes && p.plan.Changes() > 0}
		}
	}
	return p, nil
}

// pick closes the preview for the new-owner picker of the room under the
// cursor, when the user is its last owner.
func (p *offboardPreview) pick() {
	if len(p.plan.Rooms) == 0 {
		return
	}
	rp := p.plan.Rooms[p.s.Cursor]
	if !rp.LastOwner || (p.s.Opts.Only != nil && !p.s.Opts.Only[rp.Room.ID]) {
		p.note = "a new owner is picked for a room whose last owner leaves"
		return
	}
	p.done, p.result = true, offboardPick{State: p.s, Room: rp.Room.ID}
}

// rowsShown is how many rooms fit: the height less the dialog's other
// lines (title, header, position, option, count, buttons, keys, border)
// and the notes shown.
func (p *offboardPreview) rowsShown() int {
	other := 10
	if p.plan.Refused != "" {
		other++
	}
	if p.note != "" {
		other++
	}
	if p.s.Hidden != "" {
		other++
	}
	return max(p.height-other, 1)
}

// View implements ui.Modal.
func (p *offboardPreview) View() string {
	st := p.c.Styles
	inner := max(min(p.width-4, 110), 20)
	var lines []string
	add := func(s string) { lines = append(lines, tab.SpreadLine(s, "", inner)) }
	rooms := 0
	for i := range p.plan.Rooms {
		if p.plan.Rooms[i].Room.IsRoom() {
			rooms++
		}
	}
	what := tab.Plural(rooms, "1 room", "%d rooms")
	if ims := len(p.plan.Rooms) - rooms; ims > 0 {
		what += ", " + tab.Plural(ims, "1 IM or MIM", "%d IMs and MIMs")
	}
	add(st.Danger.Render(tab.FitCells(fmt.Sprintf("Offboard %s: %s?", ui.Sanitize(p.s.Name), what), inner)))
	if p.plan.Refused != "" {
		add(st.StatusWarn.Render("nothing can be done: " + ui.Sanitize(p.plan.Refused)))
	}
	if p.s.Hidden != "" {
		add(st.StatusWarn.Render(tab.FitCells(p.s.Hidden, inner)))
	}
	nameW, roleW := 12, 11
	for i := range p.plan.Rooms {
		nameW = max(nameW, ansi.StringWidth(ui.Sanitize(p.plan.Rooms[i].Room.Label())))
	}
	nameW = min(nameW, max(inner/3, 12), 40)
	whatW := max(inner-nameW-roleW-4, 1)
	add(st.FieldLabel.Render("  " + tab.FitCells("Room", nameW) + " " + tab.FitCells("Role", roleW) + " What happens"))
	n := p.rowsShown()
	first := min(max(p.s.Cursor-n/2, 0), max(len(p.plan.Rooms)-n, 0))
	for i := first; i < min(first+n, len(p.plan.Rooms)); i++ {
		rp := &p.plan.Rooms[i]
		mark := "  "
		if i == p.s.Cursor {
			mark = "> "
		}
		role := rp.Role
		if rp.LastOwner {
			role = "last owner"
		}
		what := tab.FitCells(p.what(rp), whatW)
		if rp.Action == membership.Leave {
			what = st.Muted.Render(what)
		}
		add(mark + tab.FitCells(ui.Sanitize(rp.Room.Label()), nameW) + " " + tab.FitCells(role, roleW) + " " + what)
	}
	if len(p.plan.Rooms) > n {
		add(st.Muted.Render(fmt.Sprintf("  %d–%d of %d", first+1, min(first+n, len(p.plan.Rooms)), len(p.plan.Rooms))))
	}
	box := "[ ]"
	if p.plan.Disable {
		box = "[x]"
	}
	add(box + " disable the account at the end")
	if p.note != "" {
		add(st.StatusWarn.Render(ui.Sanitize(p.note)))
	}
	add(st.Muted.Render(fmt.Sprintf("%s · read in %s", tab.Plural(p.plan.Changes(), "1 change", "%d changes"),
		tab.Plural(p.s.Requests, "1 request", "%d requests"))))
	yes, no := p.answer.Buttons(st)
	if p.plan.Changes() == 0 {
		yes = st.Muted.Render("nothing to change")
	}
	dk := p.c.Keys.Dialog
	add("")
	add(yes + "  " + no + st.Muted.Render("   "+p.answer.Hint(p.c.Keys)))
	add(st.Muted.Render(ui.KeyHint(dk.Pick) + " new owner (last-owner rooms) · " + ui.KeyHint(dk.Toggle) + " disable at the end · " +
		ui.KeyHint(dk.Up) + "/" + ui.KeyHint(dk.Down) + " move"))
	return st.DialogBorder.Render(strings.Join(lines, "\n"))
}

// what says what happens to a room.
func (p *offboardPreview) what(rp *membership.RoomPlan) string {
	via := ""
	if c := rp.Changes; len(c) > 0 && c[len(c)-1].Via == membership.ViaAdmin {
		via = " (as administrator)"
	}
	switch rp.Action {
	case membership.Remove:
		return "remove" + via
	case membership.Handover:
		who := p.s.Owners[rp.NewOwner]
		if who == "" {
			who = fmt.Sprintf("#%d", rp.NewOwner)
		}
		return "hand over to " + ui.Sanitize(who) + ", then remove" + via
	}
	return "left as is: " + ui.Sanitize(rp.Reason)
}
