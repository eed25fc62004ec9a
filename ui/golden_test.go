package ui

import (
	"bytes"
	"errors"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// step is one thing a golden scenario does: send messages, then (when
// waitFor is set) wait until that text has been drawn.
type step struct {
	send    []tea.Msg
	waitFor string
}

func keys(ks ...string) []tea.Msg {
	out := make([]tea.Msg, len(ks))
	for i, k := range ks {
		out[i] = keyMsg(k)
	}
	return out
}

// runGolden runs the root in a real program at a fixed size and compares
// the final frame with testdata/<test name>.golden (go test -update
// rewrites it). The frame is the model's View, not the byte stream, so the
// renderer's timing cannot make it flaky.
func runGolden(t *testing.T, w, h int, setup func(c *Common, m *Model), steps ...step) {
	t.Helper()
	c := testCommon(t)
	users := newListView(c, "users", "Users", "alice", "bob", "carol\x1b]52;c;cm0gLXJmIH4=\x07 \u202eevil", "dave", "erin")
	rooms := newListView(c, "rooms", "Rooms", "ops", "dev")
	m := New(c, users, rooms)
	if setup != nil {
		setup(c, m)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}
	wait("erin") // loaded
	for _, s := range steps {
		for _, msg := range s.send {
			if l, ok := msg.(lazyMsg); ok {
				msg = l()
			}
			tm.Send(msg)
		}
		if s.waitFor != "" {
			wait(s.waitFor)
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	teatest.RequireEqualOutput(t, []byte(final.View()))
}

// lazyMsg builds its message when the scenario reaches it (after setup).
type lazyMsg func() tea.Msg

func lazy(f func() tea.Msg) lazyMsg { return f }

func TestGolden(t *testing.T) {
	connected := []tea.Msg{
		ConnStateMsg{State: ConnConnected},
		FreshnessMsg{Label: "presence", Updated: fixedNow.Add(-4 * time.Second)},
	}
	t.Run("main", func(t *testing.T) {
		runGolden(t, 80, 16, nil, step{send: append(connected, keys("j", " ", "j")...), waitFor: "1 marked"})
	})
	t.Run("confirm", func(t *testing.T) {
		runGolden(t, 80, 16, nil, step{send: keys("j", " ", "j", " ", "X"), waitFor: "Remove"})
	})
	t.Run("help", func(t *testing.T) {
		runGolden(t, 100, 30, nil, step{send: keys("?"), waitFor: "scroll"})
	})
	t.Run("read_only", func(t *testing.T) {
		ro := func(c *Common, m *Model) { c.ReadOnly = true; c.Keys.SetReadOnly(true) }
		runGolden(t, 100, 30, ro, step{send: keys("?"), waitFor: "scroll"})
	})
	t.Run("narrow", func(t *testing.T) {
		offline := ConnStateMsg{State: ConnOffline, Err: errors.New("dial tcp 10.0.0.1:443: connection refused")}
		runGolden(t, 40, 10, nil, step{send: []tea.Msg{offline, keyMsg("G")}, waitFor: "off"})
	})
	t.Run("filter", func(t *testing.T) {
		runGolden(t, 80, 12, nil, step{send: keys("/", "a", "r"), waitFor: "of 5"})
	})
	t.Run("command_line", func(t *testing.T) {
		runGolden(t, 80, 12, nil, step{send: keys(":", "r", "o", "tab"), waitFor: "rooms"})
	})
	t.Run("side_pane", func(t *testing.T) {
		pane := func(c *Common, m *Model) {
			m.SetSidePane(newListView(c, "presence", "Presence", "alice AVAILABLE", "bob BUSY"))
		}
		runGolden(t, 100, 12, pane, step{send: append(connected, keyMsg("p")), waitFor: "BUSY"})
	})
	t.Run("form", func(t *testing.T) {
		var c *Common
		grab := func(cc *Common, m *Model) { c = cc }
		open := func() tea.Msg {
			return OpenModalMsg{Modal: NewForm(c, "Create room", []Field{
				{Key: "name", Label: "Name", Required: true},
				{Key: "desc", Label: "Description", Value: "Escalations"},
				{Key: "public", Label: "Public", Kind: FieldBool, Checked: true},
			}, nil)}
		}
		runGolden(t, 80, 16, grab, step{send: []tea.Msg{lazy(open)}, waitFor: "Create room"},
			step{send: keys("enter"), waitFor: "required"})
	})
	t.Run("picker", func(t *testing.T) {
		var c *Common
		grab := func(cc *Common, m *Model) { c = cc }
		open := func() tea.Msg {
			return OpenModalMsg{Modal: NewPicker(c, PickerOptions{ID: "role", Title: "Add role", Items: []PickerItem{
				{ID: "L1_SUPPORT", Label: "L1 Support", Detail: "L1_SUPPORT"},
				{ID: "SUPER_ADMINISTRATOR", Label: "Super Administrator", Detail: "SUPER_ADMINISTRATOR"},
				{ID: "USER_PROVISIONING", Label: "User Provisioning", Detail: "USER_PROVISIONING"},
			}})}
		}
		runGolden(t, 80, 16, grab, step{send: []tea.Msg{lazy(open)}, waitFor: "Add role"},
			step{send: keys("s", "u", "p", "down"), waitFor: "Super"})
	})
	t.Run("error_status", func(t *testing.T) {
		runGolden(t, 80, 12, nil, step{send: []tea.Msg{StatusMsg{Level: LevelError, Text: "403: not entitled \x1b[2J"}}, waitFor: "403"})
	})
}
