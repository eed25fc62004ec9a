package users

import (
	"bytes"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// Keys read at once arrive as one message ("jjj"): held or fast keys, and
// keys coalesced over SSH. They act as if typed one by one: the cursor
// moves three rows, exactly as three separate j's move it.
func TestCoalescedKeysActOneByOne(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	all, err := pod.Collect(h.Admin.AllUsers(h.Ctx(t)))
	if err != nil {
		t.Fatal(err)
	}
	loaded := "all users · " + ui.Thousands(len(all)) + " " // one page: no count "so far" reads the same
	cursorAfter := func(keys ...tea.KeyMsg) (string, bool) {
		f := startConsole(t, h, 120, 30)
		f.WaitFor(loaded)
		f.Send(keys...)
		root := f.Finish()
		return root.Views()[0].(*Tab).table.CursorID(), root.CapturesKeys()
	}
	one, _ := cursorAfter(viewtest.RuneKey("j"), viewtest.RuneKey("j"), viewtest.RuneKey("j"))
	first, _ := cursorAfter()
	if one == first {
		t.Fatal("three j's did not move the cursor")
	}
	if got, captured := cursorAfter(viewtest.RuneKey("jjj")); got != one || captured {
		t.Errorf(`"jjj" in one read: cursor on %s (dialog open %v); three j's put it on %s`, got, captured, one)
	}
	// A key that opens a dialog: the runes after it go to the dialog, as
	// a typist's next keys would. "jjjZwhy": down three, suspend, and the
	// reason typed into the form.
	f := startConsole(t, h, 120, 30)
	f.WaitFor(loaded)
	f.Send(viewtest.RuneKey("jjjZwhy"))
	teatest.WaitFor(t, f.TM.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Suspend user")) && bytes.Contains(b, []byte("why"))
	}, teatest.WithDuration(viewtest.FlowWait))
	root := f.Finish()
	if got := root.Views()[0].(*Tab).table.CursorID(); got != one || !root.CapturesKeys() {
		t.Errorf(`"jjjZwhy" in one read: cursor on %s, form open %v; want the cursor on %s and the form open`, got, root.CapturesKeys(), one)
	}
}

// A key that focuses a text input: the runes after it are typed into it,
// not taken as keys ("q" does not quit, "j" does not move).
func TestCoalescedKeysAfterAFocusedInputAreText(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	f := startConsole(t, h, 120, 30)
	f.WaitFor("all users · ")
	f.Send(viewtest.RuneKey("/qjz"))
	f.WaitFor("qjz")
	root := f.Finish()
	v := root.Views()[0].(*Tab)
	if !root.CapturesKeys() || v.input.Value() != "qjz" {
		t.Errorf("filter %q, input focused %v; want the runes typed into the filter", v.input.Value(), root.CapturesKeys())
	}
}
