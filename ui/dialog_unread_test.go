package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A dialog the terminal is too small to show takes no answer: y, enter and
// a paste do nothing (the status line says to enlarge the terminal); esc
// still closes it, and once the terminal is large enough y confirms.
func TestDialogTooSmallToReadTakesNoAnswer(t *testing.T) {
	c := testCommon(t)
	v := newListView(c, "users", "Users", "ana")
	m := New(c, v)
	manualTicks(m) // the status line's expiry
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20}, tea.BatchMsg{m.Init()})
	confirm := func() {
		targets := []string{"Ana Lopez", "Bob", "Carol", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy"}
		d := NewConfirm(m.c, "Disable users (they can no longer sign in)", targets, "disable").
			Notes("87 marked rows hidden by the filter are left out")
		drive(t, m, OpenModalMsg{Modal: d})
	}
	drive(t, m, tea.WindowSizeMsg{Width: 30, Height: 8})
	confirm()
	mustShow(t, ansi.Strip(m.View()), "terminal too small for")
	drive(t, m, keyMsg("y"), keyMsg("enter"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y"), Paste: true})
	if res := lastOf[ConfirmResultMsg](v.got); res != nil || m.modal == nil {
		t.Fatalf("an unreadable confirm was answered: %+v, modal %v", res, m.modal)
	}
	if frame := ansi.Strip(m.View()); !strings.Contains(strings.Join(strings.Fields(frame), " "), "enlarge") {
		t.Errorf("the status line does not say to enlarge the terminal:\n%s", frame)
	}
	// The wheel over a dialog not on screen scrolls nothing and says nothing.
	m.c.Mouse = true
	drive(t, m, keyMsg("esc"))
	confirm()
	said := m.status.seq
	drive(t, m, wheelAt(10, 4, true))
	if m.status.seq != said {
		t.Errorf("the wheel answered as a key: the status line says %q", m.status.text)
	}
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	checkWholeDialog(t, "confirm at 80x24", m.View())
	drive(t, m, keyMsg("y"))
	if res := lastOf[ConfirmResultMsg](v.got); res == nil || !res.Confirmed || m.modal != nil {
		t.Fatalf("once shown, y did not confirm: %+v", res)
	}

	// esc closes an unreadable confirm, as the line says.
	drive(t, m, tea.WindowSizeMsg{Width: 30, Height: 8})
	confirm()
	drive(t, m, keyMsg("esc"))
	if m.modal != nil {
		t.Fatal("esc did not close the unreadable confirm")
	}
	if res := lastOf[ConfirmResultMsg](v.got); res.Confirmed {
		t.Fatal("esc confirmed")
	}

	// A form that does not fit takes no submit and no typing.
	fields := []Field{{Key: "name", Label: "Display name", Value: "Ana"}, {Key: "title", Label: "Title"}}
	drive(t, m, tea.WindowSizeMsg{Width: 24, Height: 6}, OpenModalMsg{Modal: NewEditForm(m.c, "Edit user Ana", fields, "edit")})
	mustShow(t, ansi.Strip(m.View()), "terminal too small for")
	drive(t, m, keyMsg("x"), keyMsg("enter"))
	if res := lastOf[FormResultMsg](v.got); res != nil || m.modal == nil {
		t.Fatalf("an unreadable form was submitted: %+v", res)
	}
	// ctrl+c, which clears a field in a form that shows, does nothing
	// to one the operator cannot see.
	form := m.modal.(*Form)
	drive(t, m, keyMsg("ctrl+c"))
	if got := form.collect().Values["name"]; got != "Ana" || m.modal == nil {
		t.Fatalf("ctrl+c on an unreadable form: name %q, open %v", got, m.modal != nil)
	}
	drive(t, m, keyMsg("esc"))
	if res := lastOf[FormResultMsg](v.got); m.modal != nil || res == nil || res.Submitted {
		t.Fatalf("esc did not cancel the unreadable form: %+v", res)
	}
}
