package ui

import (
	"strings"
	"testing"
)

// The footers of the dialogs name the keys as bound: after a rebinding
// they show the new key, not the default.
func TestDialogFootersFollowRebinding(t *testing.T) {
	c := testCommon(t)
	err := c.Keys.Rebind(map[string][]string{
		"dialog.yes": {"o"}, "dialog.cancel": {"x"}, "form.cancel": {"x"}, "form.next": {"ctrl+n"},
		"global.back": {"backspace"}, "nav.down": {"down"},
	})
	if err != nil {
		t.Fatal(err)
	}
	confirm := NewConfirm(c, "Remove", []string{"Ada"}, nil)
	form := NewForm(c, "Edit", []Field{{Key: "name", Label: "Name"}}, nil)
	picker := NewPicker(c, PickerOptions{ID: "p", Title: "Pick"})
	help := &helpOverlay{c: c}
	for name, tc := range map[string]struct {
		m    Modal
		want string
	}{
		"confirm": {confirm, "o/n · enter = focused · x cancels"},
		"form":    {form, "ctrl+n next · enter submit · x cancel"},
		"picker":  {picker, "↑/↓ move · enter pick · x cancel"},
		"help":    {help, "backspace/? close · ↓/k g/G scroll"},
	} {
		tc.m.SetSize(100, 30)
		if out := tc.m.View(); !strings.Contains(out, tc.want) {
			t.Errorf("%s footer lacks %q:\n%s", name, tc.want, out)
		}
	}
}
