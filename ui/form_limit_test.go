package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A paste longer than the field takes is cut to its limit, and the form
// says how much was dropped instead of saving it short unnoticed.
func TestFormSaysWhatAPasteOverTheLimitDropped(t *testing.T) {
	c := testCommon(t)
	f := NewForm(c, "Create user", []Field{{Key: "company", Label: "Company", CharLimit: 16}}, nil)
	f.SetSize(100, 30)
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("C", 40)), Paste: true})
	if got := f.collect().Values["company"]; got != strings.Repeat("C", 16) {
		t.Fatalf("value %q", got)
	}
	want := "24 of 40 characters dropped: the field takes at most 16"
	if view := ansi.Strip(f.View()); !strings.Contains(view, want) {
		t.Fatalf("the form does not say %q:\n%s", want, view)
	}
	// A paste that fits says nothing.
	g := NewForm(c, "Create user", []Field{{Key: "company", Label: "Company", CharLimit: 16}}, nil)
	g.SetSize(100, 30)
	g.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Acme"), Paste: true})
	if view := ansi.Strip(g.View()); strings.Contains(view, "dropped") {
		t.Fatalf("a paste that fits is said to be cut:\n%s", view)
	}
}
