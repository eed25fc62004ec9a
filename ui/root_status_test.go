package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A pod error shows whole on up to three status lines (the body gives them
// up) until the next key; info stays on one line.
func TestRootErrorStatusWraps(t *testing.T) {
	m, users, _ := newRoot(t)
	manualTicks(m) // info expires only when the test says
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	cause := "POST /pod/v1/room/ABC/membership/add: 403 Forbidden: the bot is not entitled to manage this room; ask a pod administrator for the room owner entitlement (trace abc123)"
	drive(t, m, StatusMsg{Level: LevelError, Text: cause})
	ls := lines(m.View())
	if len(ls) != 24 || users.h != 24-2-3 {
		t.Fatalf("%d lines, body %d:\n%s", len(ls), users.h, m.View())
	}
	var shown []string
	for _, l := range ls[21:] {
		if w := ansi.StringWidth(l); w != 80 {
			t.Errorf("status line %d wide: %q", w, l)
		}
		shown = append(shown, strings.TrimSpace(l))
	}
	if got := strings.Join(shown, " "); got != "error: "+cause {
		t.Errorf("status shows %q", got)
	}
	drive(t, m, keyMsg("j"))
	if ls := lines(m.View()); len(ls) != 24 || users.h != 21 || strings.Contains(m.View(), "error:") {
		t.Fatalf("after a key: %d lines, body %d", len(ls), users.h)
	}
	// Longer than three lines: the third ends in "… :messages".
	drive(t, m, StatusMsg{Level: LevelError, Text: strings.Repeat(cause+" ", 3)})
	ls = lines(m.View())
	if len(ls) != 24 || !strings.HasSuffix(strings.TrimSpace(ls[23]), "… :messages") || !strings.HasPrefix(ls[21], "error: POST") {
		t.Errorf("long error:\n%s", m.View())
	}
	// Info is one line.
	drive(t, m, keyMsg("j"), StatusMsg{Level: LevelInfo, Text: cause})
	if ls := lines(m.View()); len(ls) != 24 || users.h != 21 || !strings.HasPrefix(ls[23], "POST /pod") {
		t.Errorf("info:\n%s", m.View())
	}
	// A short terminal keeps one body line.
	drive(t, m, tea.WindowSizeMsg{Width: 30, Height: 5}, StatusMsg{Level: LevelError, Text: cause})
	if ls := lines(m.View()); len(ls) != 5 || users.h != 1 {
		t.Errorf("30x5: %d lines, body %d:\n%s", len(ls), users.h, m.View())
	}
}

// A status message is shown with what looks like a secret withheld, unless
// it says it holds none (a file's path the operator typed).
func TestStatusVerbatimSkipsTheWithholding(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	m, _, _ := newRoot(t)
	manualTicks(m)
	drive(t, m, StatusMsg{Level: LevelInfo, Text: "user " + jwt})
	if frame := m.View(); strings.Contains(frame, "eyJ") || !strings.Contains(frame, "user [redacted]") {
		t.Errorf("a secret shows whole:\n%s", frame)
	}
	drive(t, m, StatusMsg{Level: LevelInfo, Text: "exported 1 user to /tmp/" + jwt + ".csv", Verbatim: true})
	if frame := m.View(); !strings.Contains(frame, "/tmp/"+jwt[:40]) {
		t.Errorf("the path is not shown as written:\n%s", frame)
	}
}

// A correction of a note replaces it while the line still shows it (an
// empty text clears it); once another message is there it is dropped.
func TestStatusReplaceCorrectsOnlyItsNote(t *testing.T) {
	m, _, _ := newRoot(t)
	manualTicks(m)
	drive(t, m, StatusMsg{Level: LevelInfo, Text: "details takes the cursor row only (3 hidden)"})
	drive(t, m, Replace("details takes the cursor row only (3 hidden)", "")())
	if strings.Contains(m.View(), "cursor row only") {
		t.Errorf("the stale note stays:\n%s", m.View())
	}
	drive(t, m, StatusMsg{Level: LevelInfo, Text: "details takes the cursor row only (3 hidden)"}, StatusMsg{Level: LevelInfo, Text: "disabled 9 users"})
	drive(t, m, Replace("details takes the cursor row only (3 hidden)", "")())
	if !strings.Contains(m.View(), "disabled 9 users") {
		t.Errorf("a correction cleared another message:\n%s", m.View())
	}
}
