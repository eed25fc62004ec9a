package viewtest

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// AddHostileSeeds seeds a render fuzz target with every class of the
// hostile corpus, and with text that looks like a placeholder.
func AddHostileSeeds(f *testing.F) {
	for _, h := range Hostile {
		f.Add(h.Value)
	}
	f.Add("⟨ESC⟩ typed, not a placeholder")
}

// CheckFrameDrawable puts tabs in a root of w x h cells on c, shows
// errText as the pod's error on the status line, and fails when the frame
// draws something unsafe, needed the root's guard, or lost its height.
func CheckFrameDrawable(t *testing.T, c *ui.Common, errText string, w, h int, tabs ...ui.View) {
	t.Helper()
	root := ui.New(c, tabs...)
	root.Update(tea.WindowSizeMsg{Width: w, Height: h})
	root.Update(ui.StatusMsg{Level: ui.LevelError, Text: errText})
	CheckDrawable(t, "frame", root.View())
	if root.GuardedFrames() != 0 {
		t.Fatal("the root's guard had to clean the frame")
	}
	if strings.Count(root.View(), "\n") != h-1 {
		t.Fatal("the frame lost its height")
	}
}
