package presence

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// keyedPane is the presence pane over c with a tracker that never runs.
func keyedPane(c *ui.Common) *Pane {
	return NewPane(c, tab.Deps{Presence: presence.New(nil, presence.Options{Interval: 5 * time.Second})})
}

// Every key the presence pane offers is a keymap binding: rebinding in
// keys.yaml, conflict checks and read-only mode reach all of them.
func TestPresenceBindingsComeFromTheKeyMap(t *testing.T) {
	c := viewtest.NewCommon(false)
	viewtest.CheckKeyMapBindings(t, c, map[string]ui.View{"presence": keyedPane(c)})
}

// A rebinding reaches pause: the new key works, the old one no longer
// does.
func TestPresenceActionsFollowRebinding(t *testing.T) {
	c := viewtest.NewCommon(false)
	if err := c.Keys.Rebind(map[string][]string{"action.pause": {"ctrl+s"}}); err != nil {
		t.Fatal(err)
	}
	pane := keyedPane(c)
	pane.Update(viewtest.RuneKey("z"))
	if pane.tr.Snapshot(0).Paused {
		t.Error("z still pauses after pause was rebound")
	}
	pane.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !pane.tr.Snapshot(0).Paused {
		t.Error("ctrl+s does not pause")
	}
}
