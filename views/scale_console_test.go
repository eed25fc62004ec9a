package views

import (
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/connections"
	"symtui/views/internal/viewtest"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/users"
)

// scaleConsole is the whole console (the four tabs under the root, as
// main builds it) running in a real tea.Program over an emulator, with no
// terminal: the benchmarks drive it through its public behaviour only,
// keys in and frames out, so they measure whatever the tabs do inside.
type scaleConsole struct {
	t    testing.TB
	h    *viewtest.Harness
	p    *tea.Program
	m    *timedModel
	done chan struct{}
}

// timedModel times Update+View of every key, as the program pays for it,
// and answers probes on the program's goroutine.
type timedModel struct {
	root  *ui.Model
	frame string
	keys  []time.Duration
}

type probeMsg struct {
	fn   func(*timedModel)
	done chan struct{}
}

func (m *timedModel) Init() tea.Cmd { return m.root.Init() }

func (m *timedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(probeMsg); ok {
		p.fn(m)
		close(p.done)
		return m, nil
	}
	start := time.Now()
	_, cmd := m.root.Update(msg)
	m.frame = m.root.View()
	if _, ok := msg.(tea.KeyMsg); ok {
		m.keys = append(m.keys, time.Since(start))
	}
	return m, cmd
}

func (m *timedModel) View() string { return m.frame }

// scaleCommon is the console's Common with colours, as a terminal has them.
func scaleCommon() *ui.Common {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.TrueColor))
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, false)
	c.Pod, c.Identity = "emulator", emulator.BotUsername
	return c
}

// startScaleConsole starts the console on h's pod, 160x50, with bulk
// changes workers at a time.
func startScaleConsole(t testing.TB, h *viewtest.Harness, workers int) *scaleConsole {
	t.Helper()
	tr := presence.New(h.Client, presence.Options{Interval: 5 * time.Second})
	d := h.Deps
	d.Presence, d.BulkWorkers = tr, workers
	c := scaleCommon()
	root := ui.New(c, users.New(c, d), rooms.New(c, d), connections.New(c, d), presencetab.NewPane(c, d))
	root.SetSidePaneTab(3)
	m := &timedModel{root: root}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(), tea.WithoutRenderer())
	sc := &scaleConsole{t: t, h: h, p: p, m: m, done: make(chan struct{})}
	go func() {
		defer close(sc.done)
		_, _ = p.Run()
	}()
	p.Send(tea.WindowSizeMsg{Width: 160, Height: 50})
	t.Cleanup(func() {
		p.Quit()
		<-sc.done
		_ = tr.Close(h.Ctx(t))
	})
	return sc
}

// probe runs fn on the program's goroutine, after every message sent before.
func (c *scaleConsole) probe(fn func(*timedModel)) {
	done := make(chan struct{})
	c.p.Send(probeMsg{fn: fn, done: done})
	select {
	case <-done:
	case <-c.done:
	}
}

// count is what a tab says beside its title.
func (c *scaleConsole) count(tabIndex int) (n int, loading bool) {
	c.probe(func(m *timedModel) { n, loading = m.root.Views()[tabIndex].Count() })
	return n, loading
}

func (c *scaleConsole) frame() (f string) {
	c.probe(func(m *timedModel) { f = m.frame })
	return f
}

// waitFrame waits until the frame shows every text, or gives up after d.
func (c *scaleConsole) waitFrame(d time.Duration, texts ...string) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f := c.frame()
		if !slices.ContainsFunc(texts, func(s string) bool { return !strings.Contains(f, s) }) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// press sends a key and returns what its Update+View cost.
func (c *scaleConsole) press(k tea.KeyMsg) time.Duration {
	var before int
	c.probe(func(m *timedModel) { before = len(m.keys) })
	c.p.Send(k)
	var d time.Duration
	c.probe(func(m *timedModel) {
		if len(m.keys) > before {
			d = m.keys[before]
		}
	})
	return d
}

func (c *scaleConsole) runes(s string) time.Duration { return c.press(viewtest.RuneKey(s)) }

// command runs a command line (":room X").
func (c *scaleConsole) command(line string) {
	c.runes(":")
	for _, r := range line {
		c.runes(string(r))
	}
	c.press(viewtest.TypeKey(tea.KeyEnter))
}

// settled waits until tab's count stops changing with nothing loading
// (quiet for quiet), or until max; it returns the count and when it last
// changed.
func (c *scaleConsole) settled(tabIndex int, start time.Time, quiet, max time.Duration) (n int, at time.Time) {
	last, lastLoading := -1, true
	at = time.Now()
	for time.Since(start) < max {
		cur, loading := c.count(tabIndex)
		if cur != last || loading != lastLoading {
			last, lastLoading, at = cur, loading, time.Now()
		}
		if !loading && time.Since(at) >= quiet {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return last, at
}

// durations summarises key times.
type durations []time.Duration

func (ds durations) median() time.Duration { return ds.quantile(0.5) }

func (ds durations) quantile(q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

func (ds durations) max() time.Duration { return slices.Max(ds) }

var scaleMu sync.Mutex // one scale run at a time (they compete for two cores)
