package ui

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// frameModel shows whatever frame it was last sent.
type frameModel struct{ frame string }

func (m *frameModel) Init() tea.Cmd { return nil }
func (m *frameModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(string); ok {
		m.frame = s
	}
	return m, nil
}
func (m *frameModel) View() string { return m.frame }

// fakeTerm is a terminal that keeps what was written.
type fakeTerm struct{ bytes.Buffer }

func (f *fakeTerm) Close() error { return nil }
func (f *fakeTerm) Fd() uintptr  { return os.Stdout.Fd() }

func screenFor(t *testing.T, w, h int) (*Screen, *fakeTerm) {
	t.Helper()
	term := &fakeTerm{}
	s := NewScreen(&frameModel{}, NewScreenOutput(term))
	s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return s, term
}

func show(s *Screen, term *fakeTerm, frame string) string {
	term.Reset()
	s.Update(frame)
	if v := s.View(); v != "" {
		panic("the program's renderer was handed a frame")
	}
	return term.String()
}

// A frame goes out once, as the lines that changed, each placed on its
// row; the same frame again writes nothing.
func TestScreenWritesOnlyWhatChanged(t *testing.T) {
	s, term := screenFor(t, 10, 3)
	first := show(s, term, "alpha\nbeta\ngamma")
	if !strings.HasPrefix(first, ansi.EraseEntireScreen) {
		t.Fatalf("the first frame after a size does not clear: %q", first)
	}
	for i, l := range []string{"alpha", "beta", "gamma"} {
		if !strings.Contains(first, ansi.CursorPosition(1, i+1)+l+ansi.EraseLineRight) {
			t.Fatalf("row %d %q missing from %q", i+1, l, first)
		}
	}
	if out := show(s, term, "alpha\nbeta\ngamma"); out != "" {
		t.Fatalf("an unchanged frame wrote %q", out)
	}
	if n, _ := s.Frames(); n != 1 {
		t.Fatalf("%d frames written, want 1", n)
	}
	out := show(s, term, "alpha\nBETA\ngamma")
	if out != ansi.CursorPosition(1, 2)+"BETA"+ansi.EraseLineRight {
		t.Fatalf("one changed line wrote %q", out)
	}
	// Shorter: the rows below are cleared. Wider than the terminal: cut.
	out = show(s, term, "alpha")
	if !strings.HasSuffix(out, ansi.CursorPosition(1, 2)+ansi.EraseScreenBelow) {
		t.Fatalf("a shorter frame wrote %q", out)
	}
	out = show(s, term, "0123456789ABCDEF\nx\ny\nz")
	if !strings.Contains(out, ansi.CursorPosition(1, 1)+"0123456789") || strings.Contains(out, "A") || strings.Contains(out, "z") {
		t.Fatalf("a frame larger than the terminal wrote %q", out)
	}
	// A new size repaints everything, in one write.
	term.Reset()
	s.Update(tea.WindowSizeMsg{Width: 20, Height: 5})
	s.View()
	if out := term.String(); !strings.HasPrefix(out, ansi.EraseEntireScreen) || !strings.Contains(out, "0123456789ABCDEF") || !strings.Contains(out, "y") {
		t.Fatalf("after a resize: %q", out)
	}
}

// The program's renderer writes its modes through the output, which
// passes them, and its frames, which it drops.
func TestScreenOutputDropsTheRenderersFrames(t *testing.T) {
	term := &fakeTerm{}
	o := NewScreenOutput(term)
	for _, mode := range []string{ansi.SetAltScreenSaveCursorMode, ansi.HideCursor, ansi.SetBracketedPasteMode, ansi.EraseEntireScreen} {
		if _, err := o.Write([]byte(mode)); err != nil {
			t.Fatal(err)
		}
	}
	frame := ansi.CursorHomePosition + "stale frame" + ansi.EraseLineRight + ansi.CursorPosition(0, 1)
	if n, err := o.Write([]byte(frame)); n != len(frame) || err != nil {
		t.Fatalf("dropped frame: %d, %v", n, err)
	}
	got := term.String()
	if strings.Contains(got, "stale frame") || !strings.Contains(got, ansi.SetBracketedPasteMode) || !strings.Contains(got, ansi.HideCursor) {
		t.Fatalf("passed %q", got)
	}
	if o.Fd() != os.Stdout.Fd() {
		t.Fatal("the output hides the terminal's descriptor")
	}
}

// lockedTerm is a fakeTerm safe for the program's goroutines.
type lockedTerm struct {
	mu sync.Mutex
	fakeTerm
}

func (l *lockedTerm) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fakeTerm.Write(p)
}

func (l *lockedTerm) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fakeTerm.String()
}

// In a running program the Screen's frames are the only ones: the
// renderer, at one tick a second, sets the modes and draws nothing.
func TestScreenInAProgram(t *testing.T) {
	term := &lockedTerm{}
	out := NewScreenOutput(term)
	s := NewScreen(&frameModel{frame: "first"}, out)
	p := tea.NewProgram(s, tea.WithFPS(1), tea.WithAltScreen(), tea.WithOutput(out), tea.WithInput(nil), tea.WithoutSignalHandler())
	done := make(chan error)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 40, Height: 5})
	p.Send("second frame")
	// Past the renderer's tick, whose frame would repeat the text.
	time.Sleep(1300 * time.Millisecond)
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := term.String()
	if !strings.Contains(got, ansi.SetAltScreenSaveCursorMode) {
		t.Fatal("the renderer's modes did not pass")
	}
	if n := strings.Count(got, "second frame"); n != 1 {
		t.Fatalf("the frame was written %d times, want once:\n%q", n, got)
	}
}
