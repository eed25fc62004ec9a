package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// After an unknown outcome the form asks before sending again: no field
// has the keys, y is no answer, enter takes the focused "Look first",
// which closes the form and hands the view its look; esc goes back to
// the fields, and the next submit asks again; only left then enter sends.
func TestFormOutcomeUnknownAsksBeforeSendingAgain(t *testing.T) {
	c := testCommon(t)
	look := CommandMsg{Name: "room", Arg: "Ops"}
	open := func() *Form {
		f := NewForm(c, "Create room", []Field{{Key: "name", Label: "Name"}}, "payload")
		for _, r := range "Ops" {
			f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		return f.OutcomeUnknown("The room may have been made.", look)
	}
	key := func(f *Form, keys ...tea.KeyMsg) (tea.Msg, bool) {
		for _, k := range keys {
			f.Update(k)
		}
		return f.Done()
	}
	runes := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	enter, esc, left := tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyEsc}, tea.KeyMsg{Type: tea.KeyLeft}

	f := open()
	if f.InputFocused() {
		t.Fatal("a field has the keys behind the question")
	}
	if _, done := key(f, runes("y"), runes(":"), runes("q")); done {
		t.Fatal("y, : or q answered the question")
	}
	if res, done := key(f, enter); !done || res != look {
		t.Fatalf("enter: %v, %v; want the form closed with the look", res, done)
	}
	if res, done := key(open(), runes("n")); !done || res != look {
		t.Fatalf("n: %v, %v; want the look", res, done)
	}

	f = open()
	if _, done := key(f, esc); done || !f.InputFocused() {
		t.Fatal("esc did not go back to the fields")
	}
	if _, done := key(f, runes("!"), enter); done || f.InputFocused() {
		t.Fatal("a submit after an unknown outcome sent without asking")
	}
	res, done := key(f, left, enter)
	if r, ok := res.(FormResultMsg); !done || !ok || !r.Submitted || r.Values["name"] != "Ops!" || r.Payload != "payload" {
		t.Fatalf("left, enter: %#v, %v; want the form sent with its values", res, done)
	}
	for _, want := range []string{"The room may have been made.", "[ Send again ]", "[>Look first<]"} {
		if v := open().View(); !strings.Contains(v, want) {
			t.Errorf("the question does not show %q:\n%s", want, v)
		}
	}
}
