package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// checkWholeDialog fails unless the body of frame holds one whole dialog
// (top and bottom border, both sides of every line between) or the line
// that says the terminal is too small.
func checkWholeDialog(t *testing.T, where, frame string) {
	t.Helper()
	body := lines(ansi.Strip(frame))
	body = body[2 : len(body)-1]
	if strings.Contains(strings.Join(strings.Fields(strings.Join(body, " ")), " "), "terminal too small for this dialog") {
		return
	}
	top, bottom := -1, -1
	for i, l := range body {
		switch {
		case strings.Contains(l, "┌"):
			top = i
		case strings.Contains(l, "└"):
			bottom = i
		}
	}
	if top < 0 || bottom < 0 {
		t.Fatalf("%s: the dialog is cut (top %d, bottom %d):\n%s", where, top, bottom, ansi.Strip(frame))
	}
	for _, l := range body[top+1 : bottom] {
		if strings.Count(l, "│") != 2 {
			t.Fatalf("%s: a line of the dialog lost a side: %q\n%s", where, l, ansi.Strip(frame))
		}
	}
}

// At 40x10 a form scrolls its fields around the focused one and says what
// is above and below; a confirm lists fewer targets and keeps its buttons
// and the whole hint; a dialog that cannot fit says the terminal is too
// small. No frame shows a dialog cut.
func TestDialogsFitASmallTerminal(t *testing.T) {
	m, _, _ := newRoot(t)
	drive(t, m, tea.WindowSizeMsg{Width: 40, Height: 10})
	var fields []Field
	for _, l := range []string{"Display name", "First name", "Last name", "Email", "Company", "Title", "Department", "Location"} {
		fields = append(fields, Field{Key: strings.ToLower(l), Label: l, Value: l + " value"})
	}
	drive(t, m, OpenModalMsg{Modal: NewEditForm(m.c, "Edit user Ana", fields, nil)})
	for i, f := range fields {
		frame := m.View()
		checkWholeDialog(t, "form on "+f.Label, frame)
		mustShow(t, ansi.Strip(frame), "> "+f.Label, "Edit user Ana")
		if i > 0 {
			mustShow(t, ansi.Strip(frame), "↑ ")
		}
		if i < len(fields)-1 {
			mustShow(t, ansi.Strip(frame), "↓ ")
		}
		drive(t, m, keyMsg("tab"))
	}
	drive(t, m, keyMsg("esc"))

	targets := []string{"Ana Lopez <ana@example.com>", "Bob", "Carol", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim"}
	drive(t, m, OpenModalMsg{Modal: NewConfirm(m.c, "Disable users (they can no longer sign in)", targets, nil)})
	frame := ansi.Strip(m.View())
	checkWholeDialog(t, "confirm", frame)
	mustShow(t, frame, "Disable users", "Ana Lopez", "and 10 more", "[>No<]")
	drive(t, m, keyMsg("n"), tea.WindowSizeMsg{Width: 40, Height: 14})
	drive(t, m, OpenModalMsg{Modal: NewConfirm(m.c, "Disable users (they can no longer sign in)", targets, nil)})
	frame = ansi.Strip(m.View())
	checkWholeDialog(t, "confirm at 40x14", frame)
	mustShow(t, frame, "Ana Lopez", "Bob", "more", "[>No<]", "y/n · enter = focused · esc", "cancels")
	drive(t, m, keyMsg("n"))

	drive(t, m, tea.WindowSizeMsg{Width: 24, Height: 8}, OpenModalMsg{Modal: NewEditForm(m.c, "Edit user Ana", fields, nil)})
	frame = ansi.Strip(m.View())
	checkWholeDialog(t, "form at 24x8", frame)
	mustShow(t, frame, "terminal too small for", "esc closes it")
}

// A long value shows from its start with … where it goes on, and the
// window never ends or starts inside a ⟨…⟩ placeholder.
func TestFieldWindowMarksMoreAndKeepsPlaceholdersWhole(t *testing.T) {
	value := []rune("Ops" + "⟨U+202E⟩⟨U+2069⟩⟨U+2066⟩" + "desk and more text after it")
	for w := 6; w < 40; w++ {
		for _, pos := range []int{-1, 0, 5, 12, len(value) / 2, len(value) - 1, len(value)} {
			start, end := fieldWindow(value, pos, w)
			shown := string(value[start:end])
			cells := runesWidth(value[start:end])
			if start > 0 {
				cells++
			}
			if end < len(value) {
				cells++
			}
			if pos == len(value) && end == len(value) {
				cells++
			}
			if cells > w {
				t.Fatalf("w %d, cursor %d: %q takes %d cells", w, pos, shown, cells)
			}
			if pos >= 0 && (pos < start || pos > end) {
				t.Fatalf("w %d, cursor %d: the window %d..%d leaves the cursor out", w, pos, start, end)
			}
			if _, _, cut := placeholderAround(value, end); cut && end < len(value) && w >= 14 {
				t.Fatalf("w %d, cursor %d: %q ends inside a placeholder", w, pos, shown)
			}
			if _, _, cut := placeholderAround(value, start); cut && start > 0 && w >= 14 {
				t.Fatalf("w %d, cursor %d: %q starts inside a placeholder", w, pos, shown)
			}
		}
	}
	c := testCommon(t)
	f := NewEditForm(c, "Edit", []Field{{Key: "t", Label: "Title", Value: "Ops\u202e\u2069\u2066desk and more text after it"}}, nil)
	f.SetSize(40, 20)
	f.Update(keyMsg("tab")) // the one field loses nothing; the view shows its start
	v := ansi.Strip(f.View())
	if !strings.Contains(v, "Ops⟨U+202E⟩") || !strings.Contains(v, "…") || strings.Contains(v, "⟨U+206 ") || strings.Contains(v, "⟨U+20…") {
		t.Errorf("the field:\n%s", v)
	}
}
