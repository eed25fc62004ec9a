package presence

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/session"
	"symtui/ui"
	"symtui/views/tab"
)

// presenceRig is the presence pane's world in tests: an emulator on
// loopback, a real client, a tracker polling fast, and an ASCII Common on
// the real clock (staleness is about time passing).
type presenceRig struct {
	emu    *emulator.Emulator
	client *pod.Client
	tr     *presence.Tracker
	common *ui.Common
	deps   tab.Deps
}

const rigInterval = 100 * time.Millisecond

func newPresenceRig(t testing.TB, opts emulator.Options, readOnly bool) *presenceRig {
	t.Helper()
	if opts.Users == 0 {
		opts.Users = 300
	}
	if opts.Rooms == 0 {
		opts.Rooms = 10
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	client := pod.New(s, pod.Options{ReadOnly: readOnly, Retry: &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond}})
	tr := presence.New(client, presence.Options{Interval: rigInterval, CallTimeout: 5 * time.Second})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tr.Close(ctx)
	})
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, readOnly)
	c.Pod, c.Identity = "emulator", emulator.BotUsername
	return &presenceRig{
		emu: emu, client: client, tr: tr, common: c,
		deps: tab.Deps{Pod: client, Names: tab.NewNames(), Presence: tr, Timeout: 10 * time.Second},
	}
}

func (r *presenceRig) ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// presenceBlankTab is a tab with nothing in it, for the pane to sit beside.
type presenceBlankTab struct{}

func (presenceBlankTab) Init() tea.Cmd                       { return nil }
func (b presenceBlankTab) Update(tea.Msg) (ui.View, tea.Cmd) { return b, nil }
func (presenceBlankTab) View() string                        { return "blank tab" }
func (presenceBlankTab) Title() string                       { return "Blank" }
func (presenceBlankTab) Count() (int, bool)                  { return 0, false }
func (presenceBlankTab) SetSize(int, int)                    {}
func (presenceBlankTab) KeyBindings() []key.Binding          { return nil }
func (presenceBlankTab) InputFocused() bool                  { return false }
func (presenceBlankTab) Owns(tea.Msg) bool                   { return false }
