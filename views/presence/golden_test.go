package presence

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// Goldens of the presence tab (tab 4) at the two reference sizes: counts of
// every category, recent changes with names, a notice, the freshness line.
func TestPresenceGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"presence_120x40", 120, 40}, {"presence_80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			v, clk := newTestPane(t, size.w, size.h)
			v.d.Names.Put(pod.User{ID: 3, DisplayName: "Grace Hopper", EmailAddress: "grace@example.com"})
			snap := viewtest.GoldenPresence(clk.now)
			v.Update(tab.PresenceChangedMsg{Seq: snap.Seq, Complete: true, State: snap})
			frame := v.View()
			// The root pads a view to its area; the pane must only fit in it.
			lines := strings.Split(frame, "\n")
			if len(lines) > size.h {
				t.Fatalf("%d lines, want at most %d", len(lines), size.h)
			}
			for i, l := range lines {
				if ansi.StringWidth(l) > size.w {
					t.Fatalf("line %d is %d cells wide, more than %d: %q", i, ansi.StringWidth(l), size.w, l)
				}
			}
			viewtest.CheckGolden(t, size.name, frame)
		})
	}
}
