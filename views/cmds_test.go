package views

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// The command drivers of the package's tests: runCmd and runCmdSkipping
// gather what a command leads to; drive (users_helpers_test.go) also hands
// the view its own messages, as the root would; runPaneCmd
// (presence_pane_test.go) gives up on commands that wait.

// runCmd runs cmd and every command of the batches and sequences it
// returns, in order, and gathers the messages (nil ones left out). It
// hands nothing back to a view: drive does that.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := asCmds(msg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// asCmds opens a batch, or a sequence (whose type bubbletea keeps to itself).
func asCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	cmds := reflect.TypeOf([]tea.Cmd(nil))
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmds) {
		return v.Convert(cmds).Interface().([]tea.Cmd), true
	}
	return nil, false
}

// runCmdSkipping runs the commands that do not reach the pod (a nil
// client panics: those are skipped).
func runCmdSkipping(cmd tea.Cmd) (out []tea.Msg) {
	if cmd == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	msg := cmd()
	if b, ok := asCmds(msg); ok {
		for _, c := range b {
			out = append(out, runCmdSkipping(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
