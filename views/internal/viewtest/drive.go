package viewtest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// Immediate replaces tea.Tick in unit tests: the timer fires at once, so a
// debounced search or detail load runs within the same drive.
func Immediate(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return fn(Now) }
}

// Driven is what a drive left over: messages for the root (status lines,
// modals to open), in order.
type Driven struct {
	Status []ui.StatusMsg
	Modals []ui.Modal
}

// LastStatus is the text of the last status line sent, or "".
func (d Driven) LastStatus() string {
	if len(d.Status) == 0 {
		return ""
	}
	return d.Status[len(d.Status)-1].Text
}

// Drive runs cmd and everything it leads to, synchronously, handing the
// view's own messages back to it, the way the root would.
func Drive(t testing.TB, v ui.View, cmd tea.Cmd) Driven {
	t.Helper()
	var out Driven
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drive: too many steps")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if cmds, ok := AsCmds(msg); ok { // a batch or a sequence
			queue = append(queue, cmds...)
			continue
		}
		switch m := msg.(type) {
		case nil:
		case ui.StatusMsg:
			out.Status = append(out.Status, m)
		case ui.OpenModalMsg:
			out.Modals = append(out.Modals, m.Modal)
		default:
			if !v.Owns(msg) {
				t.Logf("drive: %s not owned, dropped", reflect.TypeOf(msg))
				continue
			}
			_, next := v.Update(msg)
			queue = append(queue, next)
		}
	}
	return out
}

// ModalKeys sends keys to a modal and, once it closes, drives its result
// through the view.
func ModalKeys(t testing.TB, v ui.View, md ui.Modal, keys ...tea.KeyMsg) Driven {
	t.Helper()
	for _, k := range keys {
		md, _ = md.Update(k)
		if res, done := md.Done(); done {
			if res == nil {
				return Driven{}
			}
			_, cmd := v.Update(res)
			return Drive(t, v, cmd)
		}
	}
	t.Fatalf("the modal is still open after %d keys:\n%s", len(keys), md.View())
	return Driven{}
}

// RuneKey is the key press of the runes of s.
func RuneKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TypeKey is the key press of a special key.
func TypeKey(tp tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: tp} }

// Press sends one key to the view and drives what follows.
func Press(t testing.TB, v ui.View, k tea.KeyMsg) Driven {
	t.Helper()
	_, cmd := v.Update(k)
	return Drive(t, v, cmd)
}

// MustContain fails the test unless s, which shows what, holds sub.
func MustContain(t testing.TB, what, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%s lacks %q:\n%s", what, sub, s)
	}
}

// InFlightFirst fails unless cmd delivers its status before the change
// starts: in a batch both run at once, and a fast answer could land first
// and be overwritten by the in-flight line.
func InFlightFirst(t *testing.T, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	if _, batch := cmd().(tea.BatchMsg); batch {
		t.Fatal("the in-flight status and the change run at once: the status could land after the result")
	}
}

// OpenedModal runs a command that opens a modal and returns the modal.
func OpenedModal(t *testing.T, cmd tea.Cmd) ui.Modal {
	t.Helper()
	for _, msg := range RunCmd(cmd) {
		if o, ok := msg.(ui.OpenModalMsg); ok {
			return o.Modal
		}
	}
	t.Fatal("no modal opened")
	return nil
}

// TypeInto types s into a modal, rune by rune.
func TypeInto(md ui.Modal, s string) {
	for _, r := range s {
		md.Update(RuneKey(string(r)))
	}
}
