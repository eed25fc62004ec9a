package users

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// On a narrow terminal the header keeps what has loaded and that more is
// coming: the key hint goes first, then what narrows or orders the rows,
// from the last.
func TestUsersHeaderKeepsTheProgressWhenNarrow(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 30, Rooms: 1})
	v, _ := newTestUsers(t, h, 40, 20)
	v.listDone = false // as while the list loads
	n := v.list.Len()
	progress := "all users · " + ui.Thousands(n) + " so far ↻"
	for _, w := range []int{40, 32, 60, 200} {
		v.SetSize(w, 20)
		head := ansi.Strip(v.headerText())
		if !strings.Contains(head, progress) || ansi.StringWidth(head) > w {
			t.Errorf("at %d columns the header is %q, want it to hold %q", w, head, progress)
		}
	}
	v.SetSize(200, 20)
	if head := ansi.Strip(v.headerText()); !strings.Contains(head, "filter · ") {
		t.Errorf("wide, the header lost its hint: %q", head)
	}
	v.Update(viewtest.RuneKey("f")) // enabled only
	v.SetSize(48, 20)
	if head := ansi.Strip(v.headerText()); !strings.Contains(head, progress+" · enabled only") || strings.Contains(head, "details") {
		t.Errorf("at 48 columns with a status filter the header is %q", head)
	}
}
