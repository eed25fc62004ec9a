package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// newRoot builds a root with two loaded list tabs at 80x20.
func newRoot(t *testing.T) (*Model, *listView, *listView) {
	t.Helper()
	c := testCommon(t)
	users := newListView(c, "users", "Users", "alice", "bob", "carol")
	rooms := newListView(c, "rooms", "Rooms", "ops", "dev")
	m := New(c, users, rooms)
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20}, tea.BatchMsg{m.Init()})
	return m, users, rooms
}

func TestRootRoutesResultsToTheirOwnerAndDropsStaleOnes(t *testing.T) {
	m, users, rooms := newRoot(t)
	if users.table.Len() != 3 || rooms.table.Len() != 2 {
		t.Fatalf("loaded users=%d rooms=%d", users.table.Len(), rooms.table.Len())
	}
	// A result for the inactive tab reaches it, and only it.
	n := len(users.got)
	gen := rooms.gen.Next()
	drive(t, m, loadedMsg{View: "rooms", Gen: gen, Value: []string{"a", "b", "c", "d"}})
	if rooms.table.Len() != 4 || len(users.got) != n {
		t.Fatalf("rooms=%d, users saw %d new messages", rooms.table.Len(), len(users.got)-n)
	}
	// A result from an older query is dropped by the view.
	drive(t, m, loadedMsg{View: "rooms", Gen: gen - 1, Value: []string{"stale"}})
	if rooms.table.Len() != 4 {
		t.Errorf("stale result applied: %d rows", rooms.table.Len())
	}
	if !strings.Contains(lines(m.View())[1], "2 Rooms 4") {
		t.Errorf("tab bar: %q", lines(m.View())[1])
	}
}

func TestRootTabSwitching(t *testing.T) {
	m, _, _ := newRoot(t)
	steps := []struct {
		key  string
		want int
	}{{"tab", 1}, {"tab", 0}, {"shift+tab", 1}, {"shift+tab", 0}, {"2", 1}, {"1", 0}, {"4", 0}, {"3", 0}}
	for _, s := range steps {
		drive(t, m, keyMsg(s.key))
		if m.Active() != s.want {
			t.Fatalf("after %q active = %d, want %d", s.key, m.Active(), s.want)
		}
	}
	drive(t, m, keyMsg("2"))
	if body := lines(m.View())[3]; !strings.Contains(body, "ops") {
		t.Errorf("rooms tab not shown: %q", body)
	}
}

func TestRootQuitAndCtrlC(t *testing.T) {
	m, users, _ := newRoot(t)
	// With the filter open, q and 1 and ? are typed, not global.
	drive(t, m, keyMsg("/"))
	if !users.InputFocused() {
		t.Fatal("filter not focused")
	}
	if quit := drive(t, m, keyMsg("q"), keyMsg("1"), keyMsg("?")); quit {
		t.Fatal("q quit from inside the filter")
	}
	if got := users.table.Filter(); got != "q1?" || m.modal != nil || m.Active() != 0 {
		t.Fatalf("filter = %q, modal %v, active %d", got, m.modal, m.Active())
	}
	if quit := drive(t, m, keyMsg("ctrl+c")); quit || users.table.Filter() != "" || !users.InputFocused() {
		t.Fatalf("ctrl+c in the filter: quit=%v filter=%q", quit, users.table.Filter())
	}
	if quit := drive(t, m, keyMsg("ctrl+c")); quit || users.InputFocused() {
		t.Fatal("ctrl+c on an empty filter should close it, not quit")
	}
	if quit := drive(t, m, keyMsg("ctrl+c")); !quit {
		t.Fatal("ctrl+c at top level did not quit")
	}
	if quit := drive(t, m, keyMsg("q")); !quit {
		t.Fatal("q at top level did not quit")
	}
}

func TestRootConfirmTakesEveryKey(t *testing.T) {
	m, users, _ := newRoot(t)
	drive(t, m, keyMsg("j"), keyMsg("X"))
	if m.modal == nil {
		t.Fatal("X did not open the confirm")
	}
	if !strings.Contains(m.View(), "Remove: 1 item?") {
		t.Fatalf("confirm not shown:\n%s", m.View())
	}
	if quit := drive(t, m, keyMsg("q"), keyMsg("j"), keyMsg("2"), keyMsg("?")); quit {
		t.Fatal("q quit through the confirm")
	}
	if m.modal == nil || users.table.CursorID() != "2" || m.Active() != 0 {
		t.Fatalf("keys leaked past the confirm: modal=%v cursor=%s active=%d", m.modal, users.table.CursorID(), m.Active())
	}
	drive(t, m, keyMsg("enter")) // default is No
	res := lastOf[ConfirmResultMsg](users.got)
	if m.modal != nil || res == nil || res.Confirmed {
		t.Fatalf("enter on the default: modal %v result %+v", m.modal, res)
	}
	drive(t, m, keyMsg("X")) // one drive per key: the modal opens through a message
	drive(t, m, keyMsg("y"))
	res = lastOf[ConfirmResultMsg](users.got)
	if res == nil || !res.Confirmed || strings.Join(res.Payload.([]string), ",") != "2" {
		t.Fatalf("y: %+v", res)
	}
	drive(t, m, keyMsg("X"))
	drive(t, m, keyMsg("ctrl+c"))
	if res = lastOf[ConfirmResultMsg](users.got); m.modal != nil || res.Confirmed {
		t.Fatalf("ctrl+c in the confirm: modal %v result %+v", m.modal, res)
	}
}

// lastOf returns the last message of type T in msgs.
func lastOf[T any](msgs []tea.Msg) *T {
	for i := len(msgs) - 1; i >= 0; i-- {
		if v, ok := msgs[i].(T); ok {
			return &v
		}
	}
	return nil
}

func TestRootCommandLine(t *testing.T) {
	m, users, rooms := newRoot(t)
	drive(t, m, keyMsg(":"))
	if !m.cmdline.active {
		t.Fatal(": did not open the command line")
	}
	if quit := drive(t, m, keyMsg("q")); quit {
		t.Fatal("q typed in the command line quit")
	}
	drive(t, m, keyMsg("ctrl+c")) // clears
	if !m.cmdline.active || m.cmdline.input.Value() != "" {
		t.Fatalf("ctrl+c: active=%v value=%q", m.cmdline.active, m.cmdline.input.Value())
	}
	drive(t, m, typeKeys("ro")...)
	drive(t, m, keyMsg("tab"))
	if v := m.cmdline.input.Value(); v != "room" || !strings.Contains(m.View(), "room rooms") {
		t.Fatalf("completion of %q: %q\n%s", "ro", v, m.View())
	}
	drive(t, m, keyMsg("s"), keyMsg("tab"))
	if v := m.cmdline.input.Value(); v != "rooms " {
		t.Fatalf("unique completion: %q", v)
	}
	drive(t, m, keyMsg("enter"))
	if m.Active() != 1 || m.cmdline.active {
		t.Fatalf(":rooms: active %d, line open %v", m.Active(), m.cmdline.active)
	}
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("users  alice\u202e@example.com ")...)
	drive(t, m, keyMsg("enter"))
	if m.Active() != 0 || len(users.commands) != 1 || users.commands[0] != (CommandMsg{Name: "users", Arg: "alice@example.com"}) {
		t.Fatalf("active %d commands %+v", m.Active(), users.commands)
	}
	if len(rooms.commands) != 0 {
		t.Errorf("rooms got %+v", rooms.commands)
	}
	// History: up recalls, down returns to the draft.
	drive(t, m, keyMsg(":"), keyMsg("x"), keyMsg("up"))
	if v := m.cmdline.input.Value(); !strings.HasPrefix(v, "users ") {
		t.Fatalf("up: %q", v)
	}
	drive(t, m, keyMsg("up"))
	if v := m.cmdline.input.Value(); v != "rooms" {
		t.Fatalf("up twice: %q", v)
	}
	drive(t, m, keyMsg("down"), keyMsg("down"))
	if v := m.cmdline.input.Value(); v != "x" {
		t.Fatalf("down back to the draft: %q", v)
	}
	drive(t, m, keyMsg("esc"))
	if m.cmdline.active {
		t.Fatal("esc did not close the command line")
	}
	// Unknown command: an error that stays until the next key.
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("frobnicate")...)
	drive(t, m, keyMsg("enter"))
	if st := lines(m.View())[19]; !strings.Contains(st, "unknown command :frobnicate") {
		t.Fatalf("status: %q", st)
	}
	drive(t, m, keyMsg("j"))
	if m.status.text != "" {
		t.Error("error not cleared by the next key")
	}
	if quit := drive(t, m, keyMsg(":"), keyMsg("q"), keyMsg("enter")); !quit {
		t.Error(":q did not quit")
	}
}

func TestRootStatusTTL(t *testing.T) {
	m, _, _ := newRoot(t)
	timers := manualTicks(m)
	drive(t, m, StatusMsg{Level: LevelInfo, Text: "copied 42"})
	if len(*timers) != 1 || (*timers)[0].d != infoTTL {
		t.Fatalf("timers %+v", *timers)
	}
	if !strings.Contains(m.View(), "copied 42") {
		t.Fatal("info not shown")
	}
	drive(t, m, StatusMsg{Level: LevelWarning, Text: "slow \x1b[2Jpod"})
	if !strings.Contains(m.View(), "! slow pod") {
		t.Fatalf("warning not shown sanitised:\n%s", m.View())
	}
	drive(t, m, (*timers)[0].fn(fixedNow)) // the first message's timer: must not clear the second
	if m.status.text == "" {
		t.Fatal("an old timer cleared a newer message")
	}
	if (*timers)[1].d != warningTTL {
		t.Errorf("warning TTL %v", (*timers)[1].d)
	}
	drive(t, m, keyMsg("j")) // keys do not clear warnings
	drive(t, m, (*timers)[1].fn(fixedNow))
	if m.status.text != "" {
		t.Fatal("warning not cleared by its timer")
	}
	drive(t, m, tea.Msg(StatusMsg{Level: LevelError, Text: "403 forbidden"}))
	if len(*timers) != 2 {
		t.Error("an error scheduled a timer")
	}
	if !strings.Contains(m.View(), "error: 403 forbidden") {
		t.Fatal("error not shown")
	}
	drive(t, m, keyMsg("j"))
	if m.status.text != "" {
		t.Error("error survived a key")
	}
	if cmd := Error(nil); cmd != nil {
		t.Error("Error(nil) should be nil")
	}
	if msg := Error(errors.New("boom"))(); msg != (StatusMsg{Level: LevelError, Text: "boom"}) {
		t.Errorf("Error() = %+v", msg)
	}
}

func TestRootHelpListsOnlyEnabledBindings(t *testing.T) {
	for _, ro := range []bool{false, true} {
		m, _, _ := newRoot(t)
		m.c.Keys.SetReadOnly(ro)
		m.c.Height = 60 // room for every group
		m.c.Width = 140
		drive(t, m, keyMsg("?"))
		out := m.View()
		for _, want := range []string{"Global", "quit", "Navigation", "half page down", "Table", "mark all", "refresh", ":room ID|NAME"} {
			if !strings.Contains(out, want) {
				t.Errorf("ro=%v: help lacks %q:\n%s", ro, want, out)
			}
		}
		if got := strings.Contains(out, "remove"); got == ro {
			t.Errorf("ro=%v: remove listed = %v:\n%s", ro, got, out)
		}
		drive(t, m, keyMsg("?"))
		if m.modal != nil {
			t.Error("? did not close help")
		}
	}
}

func TestRootHelpFollowsRebinding(t *testing.T) {
	m, _, _ := newRoot(t)
	if err := m.c.Keys.Rebind(map[string][]string{"action.refresh": {"F5"}, "global.help": {"f1"}}); err != nil {
		t.Fatal(err)
	}
	m.c.Height, m.c.Width = 60, 140
	drive(t, m, keyMsg("?"))
	if m.modal != nil {
		t.Fatal("? still opens help after rebinding it")
	}
	drive(t, m, tea.KeyMsg{Type: tea.KeyF1})
	if out := m.View(); !strings.Contains(out, "f5") {
		t.Errorf("help shows the old refresh key:\n%s", out)
	}
}

func TestRootReadOnly(t *testing.T) {
	c := testCommon(t)
	c.ReadOnly = true
	c.Keys.SetReadOnly(true)
	users := newListView(c, "users", "Users", "alice")
	m := New(c, users)
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 10}, tea.BatchMsg{m.Init()})
	if h := lines(m.View())[0]; !strings.Contains(h, " RO ") {
		t.Errorf("no RO badge: %q", h)
	}
	drive(t, m, keyMsg("X"))
	if m.modal != nil {
		t.Error("a mutating key opened a confirm in read-only mode")
	}
	if st := lines(m.View())[9]; strings.Contains(st, "remove") {
		t.Errorf("status hints show a disabled binding: %q", st)
	}
}

func TestRootHeader(t *testing.T) {
	m, _, _ := newRoot(t)
	if h := lines(m.View())[0]; !strings.Contains(h, "pod.example.com") || !strings.Contains(h, "ops-bot") || strings.Contains(h, " RO ") {
		t.Errorf("header: %q", h)
	}
	drive(t, m, ConnStateMsg{State: ConnConnected}, FreshnessMsg{Label: "presence", Updated: fixedNow.Add(-12 * time.Second)})
	if h := lines(m.View())[0]; !strings.Contains(h, "connected") || !strings.Contains(h, "presence 12s ago") {
		t.Errorf("header: %q", h)
	}
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 20})
	drive(t, m, ConnStateMsg{State: ConnOffline, Err: errors.New("dial tcp: \x1b]52;c;AAAA\x07refused")},
		FreshnessMsg{Label: "presence", Updated: fixedNow.Add(-3 * time.Minute), Stale: true})
	h := lines(m.View())[0]
	if !strings.Contains(h, "offline: dial tcp: refused") || !strings.Contains(h, "presence STALE 3m ago") || strings.Contains(h, "\x1b") {
		t.Errorf("header: %q", h)
	}
	drive(t, m, ConnStateMsg{State: ConnReauthenticating})
	if h := lines(m.View())[0]; !strings.Contains(h, "re-authenticating") {
		t.Errorf("header: %q", h)
	}
}

func TestRootSidePane(t *testing.T) {
	m, users, _ := newRoot(t)
	m.c.Width = 100
	presence := newListView(m.c, "presence", "Presence", "alice AVAILABLE", "bob AWAY")
	m.SetSidePane(presence)
	drive(t, m, tea.BatchMsg{presence.Init()})
	if presence.table.Len() != 2 {
		t.Fatal("pane did not receive its owned result")
	}
	if strings.Contains(m.View(), "AVAILABLE") {
		t.Fatal("pane shown before toggling")
	}
	drive(t, m, keyMsg("p"))
	out := m.View()
	if !strings.Contains(out, "AVAILABLE") || !strings.Contains(out, "alice") || m.PaneMode() != PaneBeside {
		t.Fatalf("pane beside:\n%s", out)
	}
	if users.w+presence.w+1 != 100 {
		t.Errorf("widths %d + %d + border != 100", users.w, presence.w)
	}
	drive(t, m, keyMsg("j")) // the tab keeps the keys
	if users.table.CursorID() != "2" || presence.table.CursorID() != "1" {
		t.Fatalf("j went to the wrong view: users %s presence %s", users.table.CursorID(), presence.table.CursorID())
	}
	drive(t, m, keyMsg("P"), keyMsg("j")) // zoomed: the pane has the keys
	if m.PaneMode() != PaneZoomed || presence.table.CursorID() != "2" || presence.w != 100 {
		t.Fatalf("zoom: mode %v cursor %s width %d", m.PaneMode(), presence.table.CursorID(), presence.w)
	}
	drive(t, m, keyMsg("2")) // switching tabs leaves the zoom
	if m.PaneMode() != PaneBeside || m.Active() != 1 {
		t.Fatalf("after 2: mode %v active %d", m.PaneMode(), m.Active())
	}
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("presence")...)
	drive(t, m, keyMsg("enter"))
	if m.PaneMode() != PaneZoomed {
		t.Fatal(":presence did not zoom the pane")
	}
	m.c.Width = 50 // too narrow to show it beside
	drive(t, m, keyMsg("P"), tea.WindowSizeMsg{Width: 50, Height: 20})
	if strings.Contains(m.View(), "AVAILABLE") {
		t.Error("pane drawn beside at 50 columns")
	}
	drive(t, m, keyMsg("p"))
	if m.PaneMode() != PaneHidden {
		t.Error("p did not hide the pane")
	}
}

func TestRootSidePaneTab(t *testing.T) {
	m, _, rooms := newRoot(t)
	m.c.Width = 100
	m.SetSidePaneTab(1)
	drive(t, m, keyMsg("p"))
	if !strings.Contains(m.View(), "dev") || rooms.w == 100 {
		t.Fatal("tab 2 not drawn beside tab 1")
	}
	drive(t, m, keyMsg("2")) // the pane's own tab: not drawn twice
	if rooms.w != 100 {
		t.Errorf("rooms width %d on its own tab", rooms.w)
	}
}

func TestRootResizeNeverPanics(t *testing.T) {
	m, _, _ := newRoot(t)
	m.SetSidePaneTab(1)
	drive(t, m, keyMsg("p"))
	for _, sz := range [][2]int{{40, 10}, {200, 60}, {40, 10}, {1, 1}, {10, 3}, {80, 24}} {
		drive(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		out := m.View()
		if n := len(lines(out)); n != max(sz[1], chromeHeight+1) {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], n)
		}
		drive(t, m, keyMsg("X"), keyMsg("esc"), keyMsg("?"), keyMsg("esc"))
	}
}

func TestIdentityMsgUpdatesHeader(t *testing.T) {
	m, _, _ := newRoot(t)
	m.Update(IdentityMsg{Identity: "Ops Bot (ops-bot)\x1b[2J"})
	header := strings.SplitN(m.View(), "\n", 2)[0]
	if !strings.Contains(header, "Ops Bot (ops-bot)") || strings.Contains(header, "\x1b[2J") {
		t.Errorf("header = %q; want the new identity, sanitised", header)
	}
}
