package rooms

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// setPreview shows the plan of :members set, section by section (as
// `symtui members set` prints it), and confirms it like ui.Confirm: focus
// on No, y confirms, n/esc cancel. Its result is a ui.ConfirmResultMsg
// carrying the plan.
type setPreview struct {
	preview
	p setPlanned
}

// setPreviewListed is how many users each section lists before "… and N more".
const setPreviewListed = 5

// Update implements ui.Modal.
func (s *setPreview) Update(msg tea.Msg) (ui.Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || s.done {
		return s, nil
	}
	if done, yes := s.answer.HandleKey(s.c.Keys, k); done {
		s.done = true
		s.result = ui.ConfirmResultMsg{Payload: s.p, Confirmed: yes && s.p.Plan.Changes() > 0 && !s.c.ReadOnly}
	}
	return s, nil
}

// View implements ui.Modal.
func (s *setPreview) View() string {
	st := s.c.Styles
	inner := max(min(s.width-4, 90), 20)
	p := &s.p.Plan
	var lines []string
	add := func(l string) { lines = append(lines, tab.SpreadLine(l, "", inner)) }
	name := func(id int64) string {
		if n := s.p.Names[id]; n != "" {
			return ui.Sanitize(n)
		}
		return fmt.Sprintf("#%d", id)
	}
	listed := func(n int, each func(i int) string) {
		for i := range n {
			if i == setPreviewListed {
				add(st.Muted.Render(fmt.Sprintf("    … and %d more", n-i)))
				break
			}
			add("    " + each(i))
		}
	}
	section := func(title string, cs []membership.Change) {
		add(st.FieldLabel.Render(fmt.Sprintf("%s (%d)", title, len(cs))))
		listed(len(cs), func(i int) string {
			via := ""
			if cs[i].Via == membership.ViaAdmin {
				via = st.Muted.Render(" · as administrator")
			}
			return name(cs[i].UserID) + via
		})
	}
	add(st.Danger.Render(fmt.Sprintf("Set the members of %s: %s?", ui.Sanitize(p.Room.Name), tab.Plural(p.Changes(), "1 change", "%d changes"))))
	add(st.Muted.Render(fmt.Sprintf("now %s, %s", tab.Plural(len(p.Room.Members), "1 member", "%d members"), tab.Plural(len(p.Room.Owners()), "1 owner", "%d owners"))))
	section("To remove", p.Remove)
	section("To add", p.Add)
	if len(p.Promote)+len(p.Demote) > 0 {
		section("To promote", p.Promote)
		section("To demote", p.Demote)
	}
	if len(p.Held) > 0 {
		add(st.FieldLabel.Render(fmt.Sprintf("Held back (%d)", len(p.Held))))
		listed(len(p.Held), func(i int) string {
			h := p.Held[i]
			return h.Op.String() + " " + name(h.UserID) + st.Muted.Render(": "+ui.Sanitize(h.Reason))
		})
	}
	if len(p.Unknown) > 0 {
		add(st.FieldLabel.Render(fmt.Sprintf("Unknown, skipped (%d)", len(p.Unknown))))
		listed(len(p.Unknown), func(i int) string { return ui.Sanitize(p.Unknown[i]) })
	}
	if len(p.Disabled) > 0 {
		add(st.FieldLabel.Render(fmt.Sprintf("Disabled, left as they are (%d)", len(p.Disabled))))
		listed(len(p.Disabled), func(i int) string { return ui.Sanitize(p.Disabled[i].Name()) })
	}
	add(st.Muted.Render(fmt.Sprintf("Unchanged: %d", p.Unchanged)))
	yes, no := s.answer.Buttons(st)
	switch {
	case p.Changes() == 0:
		yes = st.Muted.Render("nothing to change")
	case s.c.ReadOnly:
		yes = st.Muted.Render("read-only: the plan only")
	}
	add("")
	add(yes + "  " + no + st.Muted.Render("   "+s.answer.Hint(s.c.Keys)))
	if len(lines) > s.height-2 && s.height > 4 {
		// The sections give way first: the title and the buttons stay.
		lines = append(lines[:max(s.height-5, 1)], append([]string{st.Muted.Render("    …")}, lines[len(lines)-2:]...)...)
	}
	return st.DialogBorder.Render(strings.Join(lines, "\n"))
}
