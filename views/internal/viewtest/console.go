package viewtest

import (
	"bytes"
	"reflect"
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

// NewTestModel runs m in teatest in a w x hgt terminal, without the
// terminal-title command of its Init: bubbletea 1.3 writes the title from
// its event loop outside the renderer's lock, and the ANSI compressor
// teatest puts on the output makes that a data race with a frame being
// flushed. (A real terminal is an *os.File, safe to write from both.)
func NewTestModel(t *testing.T, m tea.Model, w, hgt int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, untitled{m}, teatest.WithInitialTermSize(w, hgt))
}

// FinalRoot quits tm (from NewTestModel over a root) and returns the final
// root model.
func FinalRoot(t *testing.T, tm *teatest.TestModel) *ui.Model {
	t.Helper()
	_ = tm.Quit()
	return tm.FinalModel(t, teatest.WithFinalTimeout(FlowWait)).(untitled).Model.(*ui.Model)
}

// untitled is a model whose Init sets no terminal title.
type untitled struct{ tea.Model }

func (u untitled) Init() tea.Cmd { return withoutTitle(u.Model.Init()) }

func (u untitled) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := u.Model.Update(msg)
	return untitled{m}, cmd
}

// titleMsg is the type of the message tea.SetWindowTitle sends.
var titleMsg = reflect.TypeOf(tea.SetWindowTitle("")())

// withoutTitle is cmd with any terminal-title message it (or a batch in
// it) sends dropped; every other command runs as it would.
func withoutTitle(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = withoutTitle(c)
			}
			return out
		}
		if reflect.TypeOf(msg) == titleMsg {
			return nil
		}
		return msg
	}
}

// WaitFor waits until the output shows text (a short sentinel).
func (f *Console) WaitFor(text string) {
	f.T.Helper()
	teatest.WaitFor(f.T, f.TM.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
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
