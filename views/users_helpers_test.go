package views

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// immediate replaces tea.Tick in unit tests: the timer fires at once, so a
// debounced search or detail load runs within the same drive.
func immediate(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return fn(harnessNow) }
}

// driven is what a drive left over: messages for the root (status lines,
// modals to open), in order.
type driven struct {
	status []ui.StatusMsg
	modals []ui.Modal
}

func (d driven) lastStatus() string {
	if len(d.status) == 0 {
		return ""
	}
	return d.status[len(d.status)-1].Text
}

// drive runs cmd and everything it leads to, synchronously, handing the
// view's own messages back to it, the way the root would.
func drive(t testing.TB, v ui.View, cmd tea.Cmd) driven {
	t.Helper()
	var out driven
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
		if cmds, ok := asCmds(msg); ok { // a batch or a sequence
			queue = append(queue, cmds...)
			continue
		}
		switch m := msg.(type) {
		case nil:
		case ui.StatusMsg:
			out.status = append(out.status, m)
		case ui.OpenModalMsg:
			out.modals = append(out.modals, m.Modal)
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

// modalKeys sends keys to a modal and, once it closes, drives its result
// through the view.
func modalKeys(t testing.TB, v ui.View, md ui.Modal, keys ...tea.KeyMsg) driven {
	t.Helper()
	for _, k := range keys {
		md, _ = md.Update(k)
		if res, done := md.Done(); done {
			if res == nil {
				return driven{}
			}
			_, cmd := v.Update(res)
			return drive(t, v, cmd)
		}
	}
	t.Fatalf("the modal is still open after %d keys:\n%s", len(keys), md.View())
	return driven{}
}

func runeKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func typeKey(tp tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: tp} }

// press sends one key to the view and drives what follows.
func press(t testing.TB, v ui.View, k tea.KeyMsg) driven {
	t.Helper()
	_, cmd := v.Update(k)
	return drive(t, v, cmd)
}

// newTestUsers is a Users tab over h whose timers fire at once and whose
// clipboard is a slice.
func newTestUsers(t testing.TB, h *harness, w, hgt int) (*Users, *[]string) {
	t.Helper()
	var copied []string
	v := NewUsers(h.Common, h.Deps).WithClipboard(func(s string) (string, error) {
		copied = append(copied, s)
		return "test clipboard", nil
	})
	v.after = immediate
	v.SetSize(w, hgt)
	drive(t, v, v.Init())
	return v, &copied
}

func mustContain(t testing.TB, what, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%s lacks %q:\n%s", what, sub, s)
	}
}
