package rooms

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// roomCount is how many rooms the pod has, per the admin stream list.
func roomCount(t *testing.T, h *viewtest.Harness) int64 {
	t.Helper()
	f := pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}
	res, err := h.Admin.AdminStreams(h.Ctx(t), f, 0, 1)
	if err != nil {
		t.Fatalf("admin streams: %v", err)
	}
	return res.Count
}

// The Rooms tab as the operator first sees it, at a roomy and a classic
// terminal size (rewrite with -update).
func TestRoomsGolden(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	n := roomCount(t, h)
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			f := startRoomsFlow(t, h, size.w, size.h)
			f.waitFor(roomsDone(n))
			f.runes("j") // the detail pane follows the cursor
			f.waitFor("> ")
			final := f.finish()
			out := final.View()
			assertFrame(t, out, size.w, size.h)
			teatest.RequireEqualOutput(t, []byte(out))
		})
	}
}

// Shrinking to 40x10 and back neither panics nor breaks the frame, in the
// list (with the search bar open) and in the members view.
func TestRoomsResizeTinyAndBack(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	us := plainUsers(t, h, 1)
	makeRoom(t, h, "Zephyr Tiny", us[0])
	n := roomCount(t, h)

	f := startRoomsFlow(t, h, 120, 40)
	f.waitFor(roomsDone(n))
	f.tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	f.runes("/")
	f.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	f.key(tea.KeyEsc)
	f.openRoom("Zephyr Tiny", 2)
	f.tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	f.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	final := f.finish()
	assertFrame(t, final.View(), 120, 40)

	v := final.Views()[0].(*Tab)
	for _, s := range []struct{ w, h int }{{40, 10}, {1, 1}, {20, 3}, {120, 40}} {
		v.SetSize(s.w, s.h)
		_ = v.View()
		v.closeMembers()
		_ = v.View()
	}
}

// assertFrame checks the frame is exactly h lines of at most w cells.
func assertFrame(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), h, out)
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Fatalf("line %d is %d cells wide (max %d): %q", i, cw, w, l)
		}
	}
}
