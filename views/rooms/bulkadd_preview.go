package rooms

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// bulkPreview shows what a bulk add would do (found, already members, not
// found) and confirms it like ui.Confirm: focus starts on No, y confirms,
// n/esc cancel. Its result is a ui.ConfirmResultMsg with the add's payload.
type bulkPreview struct {
	preview
	res     bulkResolution
	payload memberOpPayload
	room    string
}

// bulkPreviewListed is how many names each section lists before "… and N more".
const bulkPreviewListed = 6

// preview is what the plan previews share: a confirm's answer (focus on
// No), its result once answered, and the size to draw in.
type preview struct {
	c             *ui.Common
	answer        ui.Answer
	done          bool
	result        ui.ConfirmResultMsg
	width, height int
}

// SetSize implements ui.Modal.
func (p *preview) SetSize(w, h int) { p.width, p.height = w, h }

// Done implements ui.Modal.
func (p *preview) Done() (tea.Msg, bool) { return p.result, p.done }

// Update implements ui.Modal.
func (b *bulkPreview) Update(msg tea.Msg) (ui.Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || b.done {
		return b, nil
	}
	if done, yes := b.answer.HandleKey(b.c.Keys, k); done {
		b.finish(yes)
	}
	return b, nil
}

func (b *bulkPreview) finish(yes bool) {
	b.done = true
	b.result = ui.ConfirmResultMsg{Payload: b.payload, Confirmed: yes && len(b.payload.IDs) > 0}
}

// View implements ui.Modal.
func (b *bulkPreview) View() string {
	st := b.c.Styles
	inner := max(min(b.width-4, 72), 20)
	var lines []string
	add := func(s string) { lines = append(lines, tab.SpreadLine(s, "", inner)) }
	users := func(us []pod.User) {
		for i, u := range us {
			if i == bulkPreviewListed {
				add(st.Muted.Render(fmt.Sprintf("    … and %d more", len(us)-i)))
				break
			}
			add("    " + ui.Sanitize(u.Name()) + st.Muted.Render(" <"+ui.Sanitize(u.EmailAddress)+">"))
		}
	}
	n := len(b.res.Found)
	// The admin endpoints say so, as the single add and remove do.
	add(st.Danger.Render(fmt.Sprintf("Add to %s%s: %s?", b.room, b.payload.viaNote(), tab.Plural(n, "1 user", ui.Thousands(n)+" users"))))
	add("")
	add(st.FieldLabel.Render(fmt.Sprintf("Found, will be added (%d)", n)))
	users(b.res.Found)
	add(st.FieldLabel.Render(fmt.Sprintf("Already members (%d)", len(b.res.Already))))
	users(b.res.Already)
	add(st.FieldLabel.Render(fmt.Sprintf("Not found (%d)", len(b.res.NotFound))))
	for i, e := range b.res.NotFound {
		if i == bulkPreviewListed {
			add(st.Muted.Render(fmt.Sprintf("    … and %d more", len(b.res.NotFound)-i)))
			break
		}
		add("    " + ui.Sanitize(e))
	}
	if b.res.Dropped > 0 {
		add(st.StatusWarn.Render(fmt.Sprintf("%d entries beyond the first %d were left out", b.res.Dropped, bulkMaxEntries)))
	}
	yes, no := b.answer.Buttons(st)
	if n == 0 {
		yes = st.Muted.Render("nothing to add")
	}
	add("")
	add(yes + "  " + no + st.Muted.Render("   "+b.answer.Hint(b.c.Keys)))
	return st.DialogBorder.Render(strings.Join(lines, "\n"))
}
