package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The hint line fits the width by dropping whole hints from the view's end,
// says so with "…", and keeps "? help" (and "q quit" when there is room)
// at its end.
func TestRootHintsFitTheWidth(t *testing.T) {
	m, _, _ := newRoot(t) // the list view: remove, refresh, then the table's keys
	all := []string{"X/delete remove", "r refresh", "/ filter", "space mark", "ctrl+a mark all", "s sort column"}
	tests := []struct {
		w          int
		shown      int // how many of all
		tail       string
		dropped    bool
		hasCommand bool
	}{
		{140, 6, "? help  : command  q quit", false, true},
		{100, 6, "? help  q quit", true, false},
		{80, 4, "? help  q quit", true, false},
		{40, 1, "? help  q quit", true, false},
		{20, 0, "? help  q quit", true, false},
		{12, 0, "? help", true, false},
	}
	for _, tt := range tests {
		drive(t, m, tea.WindowSizeMsg{Width: tt.w, Height: 20})
		ls := lines(m.View())
		st := strings.TrimRight(ls[len(ls)-1], " ")
		if ansi.StringWidth(st) > tt.w {
			t.Errorf("%d cols: hint line %d wide: %q", tt.w, ansi.StringWidth(st), st)
		}
		if !strings.HasSuffix(st, tt.tail) {
			t.Errorf("%d cols: %q does not end with %q", tt.w, st, tt.tail)
		}
		if got := strings.Contains(st, "…"); got != tt.dropped {
			t.Errorf("%d cols: … shown = %v in %q", tt.w, got, st)
		}
		if got := strings.Contains(st, ": command"); got != tt.hasCommand {
			t.Errorf("%d cols: : command shown = %v in %q", tt.w, got, st)
		}
		want := strings.Join(all[:tt.shown], "  ")
		if !strings.HasPrefix(st, want) || (tt.shown < len(all) && strings.Contains(st, all[tt.shown])) {
			t.Errorf("%d cols: %q does not show exactly the first %d hints", tt.w, st, tt.shown)
		}
	}
	drive(t, m, tea.WindowSizeMsg{Width: 4, Height: 20})
	if st := lines(m.View())[19]; ansi.StringWidth(st) != 4 {
		t.Errorf("4 cols: %q", st)
	}
}
