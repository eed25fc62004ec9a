package viewtest

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// The command drivers of the view tests: RunCmd and RunCmdSkipping gather
// what a command leads to; Drive also hands the view its own messages, as
// the root would.

// RunCmd runs cmd and every command of the batches and sequences it
// returns, in order, and gathers the messages (nil ones left out). It
// hands nothing back to a view: Drive does that.
func RunCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := AsCmds(msg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, RunCmd(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// AsCmds opens a batch, or a sequence (whose type bubbletea keeps to itself).
func AsCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	cmds := reflect.TypeOf([]tea.Cmd(nil))
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmds) {
		return v.Convert(cmds).Interface().([]tea.Cmd), true
	}
	return nil, false
}

// RunCmdSkipping runs the commands that do not reach the pod (a nil
// client panics: those are skipped).
func RunCmdSkipping(cmd tea.Cmd) (out []tea.Msg) {
	if cmd == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	msg := cmd()
	if b, ok := AsCmds(msg); ok {
		for _, c := range b {
			out = append(out, RunCmdSkipping(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
