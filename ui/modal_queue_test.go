package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A modal asked for while another is open waits its turn: the open one
// keeps the screen and its answer reaches its view, then the next shows.
// Replaced, the first question (a lost answer's "look first or send
// again?") was dropped unanswered.
func TestModalAskedForWhileAnotherIsOpenWaits(t *testing.T) {
	c := testCommon(t)
	v := newListView(c, "users", "Users", "ana")
	m := New(c, v)
	manualTicks(m)
	drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30}, tea.BatchMsg{m.Init()})
	first := NewConfirm(m.c, "Disable user Ana", []string{"Ana"}, "first")
	second := NewConfirm(m.c, "Disable user Bob", []string{"Bob"}, "second")
	drive(t, m, OpenModalMsg{Modal: first}, OpenModalMsg{Modal: second})
	if m.modal != first {
		t.Fatal("the second modal replaced the first")
	}
	drive(t, m, keyMsg("y"))
	if res := lastOf[ConfirmResultMsg](v.got); res == nil || res.Payload != "first" || !res.Confirmed {
		t.Fatalf("the first answer: %+v", res)
	}
	if m.modal != second {
		t.Fatalf("after the first closed, the open modal is %T, want the second", m.modal)
	}
	drive(t, m, keyMsg("esc"))
	if res := lastOf[ConfirmResultMsg](v.got); res == nil || res.Payload != "second" || res.Confirmed {
		t.Fatalf("the second answer: %+v", res)
	}
	if m.modal != nil || len(m.waiting) != 0 {
		t.Fatal("a modal is left open or waiting")
	}
}
