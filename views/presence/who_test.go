package presence

import (
	"strings"
	"testing"

	"symtui/ui"
)

// The dialogs name a picked user "Name <email>": each part is sanitized
// alone, so a name ending in an unterminated escape cannot swallow the email.
func TestWhoKeepsTheEmailAfterAHostileName(t *testing.T) {
	var v Pane
	got := v.who(7, ui.PickerItem{ID: "7", Label: "Ana\x1b]0;owned", Detail: "ana@example.com"})
	if got != "Ana <ana@example.com>" {
		t.Errorf("who = %q", got)
	}
	if ui.Sanitize(got) != got || strings.Contains(got, "\x1b") {
		t.Errorf("who = %q: not inert", got)
	}
}
