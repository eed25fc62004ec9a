package viewtest

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/ui"
)

// FlowWait is generous: the race detector on two cores is slow.
const FlowWait = 20 * time.Second

// Console is the root with some tabs in teatest.
type Console struct {
	T  *testing.T
	TM *teatest.TestModel
}

// StartConsole runs the root with tabs on c in a w x hgt terminal; it
// quits when the test ends.
func StartConsole(t *testing.T, c *ui.Common, w, hgt int, tabs ...ui.View) *Console {
	t.Helper()
	tm := NewTestModel(t, ui.New(c, tabs...), w, hgt)
	t.Cleanup(func() { _ = tm.Quit() })
	return &Console{T: t, TM: tm}
}

// NewTestModel runs m in teatest in a w x hgt terminal.
func NewTestModel(t *testing.T, m tea.Model, w, hgt int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, hgt))
}

// FinalRoot quits tm (from NewTestModel over a root) and returns the final
// root model.
func FinalRoot(t *testing.T, tm *teatest.TestModel) *ui.Model {
	t.Helper()
	_ = tm.Quit()
	return tm.FinalModel(t, teatest.WithFinalTimeout(FlowWait)).(*ui.Model)
}

// WaitFor waits until the output written since the last wait shows every
// text (short sentinels). Sentinels that may land in the same frame must
// be waited for together: a wait consumes what it read.
func (f *Console) WaitFor(texts ...string) {
	f.T.Helper()
	teatest.WaitFor(f.T, f.TM.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

// Send sends the keys in order.
func (f *Console) Send(keys ...tea.KeyMsg) {
	for _, k := range keys {
		f.TM.Send(k)
	}
}

// Command types line on the command line and runs it.
func (f *Console) Command(line string) {
	f.Send(RuneKey(":"))
	f.TM.Type(line)
	f.Send(TypeKey(tea.KeyEnter))
}

// Finish quits and returns the final root model.
func (f *Console) Finish() *ui.Model {
	f.T.Helper()
	return FinalRoot(f.T, f.TM)
}
