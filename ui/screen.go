package ui

import (
	"bytes"
	"io"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Screen draws a full-screen program's frames itself, the moment they
// change. Bubble Tea's renderer flushes on a ticker (60 a second by
// default), which wakes an idle console sixty times a second for nothing
// and delays every frame by up to a tick. With a Screen the program runs
// its renderer at one frame a second (tea.WithFPS(1), for the terminal
// modes it still sets) and writes through ScreenOutput, which passes the
// terminal modes and drops the renderer's own frames: only the Screen
// draws, from View, on the program's goroutine, so a frame is never late
// and never written after the program restored the terminal.
//
// A Screen wraps the program's model: Update passes every message on and
// notes the terminal size; View draws the model's frame (the lines that
// changed, each placed absolutely) and hands the program an empty view.
type Screen struct {
	inner tea.Model
	out   *ScreenOutput

	width, height int
	shown         []string // the lines on the terminal
	clear         bool     // erase the screen before the next frame
	buf           bytes.Buffer

	frames, bytes int // written so far, for tests and benchmarks
}

// NewScreen wraps m to draw on out.
func NewScreen(m tea.Model, out *ScreenOutput) *Screen {
	return &Screen{inner: m, out: out}
}

// Model is the wrapped model.
func (s *Screen) Model() tea.Model { return s.inner }

// Init implements tea.Model.
func (s *Screen) Init() tea.Cmd { return s.inner.Init() }

// Update implements tea.Model. A new size repaints everything: the
// terminal may have reflowed what was there.
func (s *Screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		s.width, s.height = ws.Width, ws.Height
		s.shown, s.clear = nil, true
	}
	var cmd tea.Cmd
	s.inner, cmd = s.inner.Update(msg)
	return s, cmd
}

// View implements tea.Model: it draws what changed and gives the program's
// own renderer nothing to draw.
func (s *Screen) View() string {
	s.draw(s.inner.View())
	return ""
}

// draw writes the lines of frame that differ from those shown, in one
// write: each goes to its row, cut to the width, cleared to the end when
// shorter; rows below a shorter frame are cleared.
func (s *Screen) draw(frame string) {
	lines := strings.Split(frame, "\n")
	if s.height > 0 && len(lines) > s.height {
		lines = lines[:s.height]
	}
	s.buf.Reset()
	if s.clear {
		s.buf.WriteString(ansi.EraseEntireScreen)
		s.clear = false
	}
	for i, l := range lines {
		if i < len(s.shown) && s.shown[i] == l {
			continue
		}
		s.buf.WriteString(ansi.CursorPosition(1, i+1))
		w := ansi.StringWidth(l)
		if s.width > 0 && w > s.width {
			l = ansi.Truncate(l, s.width, "")
		}
		s.buf.WriteString(l)
		if s.width <= 0 || w < s.width {
			s.buf.WriteString(ansi.EraseLineRight)
		}
	}
	if len(lines) < len(s.shown) {
		s.buf.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	s.shown = lines
	if s.buf.Len() == 0 {
		return
	}
	s.frames++
	s.bytes += s.buf.Len()
	s.out.frame(s.buf.Bytes())
}

// Frames reports how many frames the Screen wrote and their bytes.
func (s *Screen) Frames() (n, size int) { return s.frames, s.bytes }

// ScreenOutput is the terminal as the program sees it (tea.WithOutput):
// the program's renderer writes its terminal modes through it (alternate
// screen, cursor, bracketed paste, mouse) and its frames, which it drops:
// in the alternate screen each of them starts by homing the cursor. It is
// a term.File, so the program still finds the terminal behind it for its
// raw mode and window size.
type ScreenOutput struct {
	f  File
	mu sync.Mutex // one write at a time: a frame is never cut by a mode
}

// File is the terminal a ScreenOutput writes to (an *os.File).
type File interface {
	io.ReadWriteCloser
	Fd() uintptr
}

// NewScreenOutput writes to the terminal f.
func NewScreenOutput(f File) *ScreenOutput { return &ScreenOutput{f: f} }

// rendererFrame is how each frame of the program's renderer begins in the
// alternate screen (a lone cursor-home of a mode change goes too: the
// Screen places every line itself).
var rendererFrame = []byte(ansi.CursorHomePosition)

// Write implements io.Writer for the program's renderer.
func (o *ScreenOutput) Write(p []byte) (int, error) {
	if bytes.HasPrefix(p, rendererFrame) {
		return len(p), nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.f.Write(p)
}

// frame writes one of the Screen's frames.
func (o *ScreenOutput) frame(p []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.f.Write(p)
}

// Read, Close and Fd make a ScreenOutput a term.File: the program checks
// its output is a terminal and reads its size through it.
func (o *ScreenOutput) Read(p []byte) (int, error) { return o.f.Read(p) }
func (o *ScreenOutput) Close() error               { return nil }
func (o *ScreenOutput) Fd() uintptr                { return o.f.Fd() }
