package rooms

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/tab"
)

// Fields of the room search bar, in tab order.
const (
	barQuery = iota
	barActive
	barPrivate
	barMember
	barOwner
	barFields
)

// roomSearchBar is the inline criteria editor above the room list: a query
// and member/owner inputs searched as the operator types, and active/private
// flags cycled with the toggle key. Enter keeps the criteria, esc restores
// those it opened with.
type roomSearchBar struct {
	c       *ui.Common
	open    bool
	focus   int
	query   textinput.Model
	member  textinput.Model
	owner   textinput.Model
	active  triState
	private triState
	before  roomCriteria
}

func newRoomSearchBar(c *ui.Common) *roomSearchBar {
	in := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.Cursor.SetMode(cursor.CursorStatic) // no blink ticks
		return t
	}
	return &roomSearchBar{c: c, query: in("name, description or keyword"), member: in("id or email"), owner: in("id or email")}
}

// openBar focuses the bar on the query, starting from crit.
func (b *roomSearchBar) openBar(crit roomCriteria) tea.Cmd {
	b.open, b.before = true, crit
	b.query.SetValue(crit.Query)
	b.member.SetValue(crit.Member)
	b.owner.SetValue(crit.Owner)
	b.active, b.private = crit.Active, crit.Private
	b.setFocus(barQuery)
	return nil
}

func (b *roomSearchBar) close() {
	b.open = false
	b.setFocus(-1)
}

func (b *roomSearchBar) setFocus(f int) {
	b.focus = f
	for i, in := range []*textinput.Model{&b.query, nil, nil, &b.member, &b.owner} {
		if in == nil {
			continue
		}
		if i == f {
			in.Focus()
			in.CursorEnd()
		} else {
			in.Blur()
		}
	}
}

// criteria is what the bar holds now.
func (b *roomSearchBar) criteria() roomCriteria {
	v := func(in textinput.Model) string { return strings.TrimSpace(ui.Sanitize(in.Value())) }
	return roomCriteria{Query: v(b.query), Active: b.active, Private: b.private, Member: v(b.member), Owner: v(b.owner)}
}

func (b *roomSearchBar) input() *textinput.Model {
	switch b.focus {
	case barQuery:
		return &b.query
	case barMember:
		return &b.member
	case barOwner:
		return &b.owner
	}
	return nil
}

// barKey edits the criteria; every change starts a debounced search.
func (v *Tab) barKey(k tea.KeyMsg) tea.Cmd {
	b, fk := v.bar, v.c.Keys.Form
	in := b.input()
	switch {
	case key.Matches(k, fk.Cancel):
		b.close()
		if b.before != v.crit {
			v.crit = b.before
			return v.search(0)
		}
		return nil
	case key.Matches(k, fk.Submit):
		b.close()
		return nil
	case key.Matches(k, fk.Next):
		b.setFocus((b.focus + 1) % barFields)
		return nil
	case key.Matches(k, fk.Prev):
		b.setFocus((b.focus + barFields - 1) % barFields)
		return nil
	case key.Matches(k, fk.Clear):
		switch {
		case in != nil:
			in.SetValue("")
		case b.focus == barActive:
			b.active = triAny
		case b.focus == barPrivate:
			b.private = triAny
		}
	case in == nil && key.Matches(k, fk.Toggle):
		if b.focus == barActive {
			b.active = b.active.next()
		} else {
			b.private = b.private.next()
		}
	case in != nil:
		k, ok := ui.CleanKey(k)
		if !ok {
			return nil
		}
		var cmd tea.Cmd
		*in, cmd = in.Update(k)
		if c := b.criteria(); c != v.crit {
			v.crit = c
			return tea.Batch(cmd, v.search(roomSearchDebounce))
		}
		return cmd
	default:
		return nil
	}
	if c := b.criteria(); c != v.crit {
		v.crit = c
		return v.search(roomSearchDebounce)
	}
	return nil
}

// view renders the bar: two lines while open, else one line with the
// label of what the list holds.
func (b *roomSearchBar) view(width int, listLabel, status string) string {
	st := b.c.Styles
	if !b.open {
		line := st.Muted.Render("search: ") + ui.Sanitize(listLabel)
		return tab.SpreadLine(line, status, width)
	}
	label := func(i int, s string) string {
		if i == b.focus {
			return st.FieldLabel.Render("> " + s)
		}
		return st.Muted.Render("  " + s)
	}
	b.query.Width = max(width-14, 8)
	b.member.Width = max((width-44)/2, 6)
	b.owner.Width = b.member.Width
	first := label(barQuery, "search: ") + b.query.View()
	second := label(barActive, "active:") + b.active.String() +
		label(barPrivate, "private:") + b.private.String() +
		label(barMember, "member:") + b.member.View() +
		label(barOwner, "owner:") + b.owner.View()
	return tab.SpreadLine(first, "", width) + "\n" + tab.SpreadLine(second, "", width)
}
