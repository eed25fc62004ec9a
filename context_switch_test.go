package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
	"symtui/settings"
	"symtui/ui"
)

const (
	feedCreate = "POST /pod/v1/presence/feed/create"
	feedRead   = "GET /pod/v1/presence/feed/{feedId}/read"
	feedDelete = "POST /pod/v1/presence/feed/{feedId}/delete"
)

// twoPods are two emulators with different people, listed as the contexts
// alpha (red) and beta in a settings file under a fresh $HOME.
type twoPods struct {
	alpha, beta       *emulator.Emulator
	alphaCfg, betaCfg string
	settings          *settings.File
}

func startTwoPods(t *testing.T, extra string) *twoPods {
	t.Helper()
	p := &twoPods{}
	p.alpha, p.alphaCfg = startEmulator(t, emulator.Options{Users: 40, Rooms: 3, Seed: 1})
	p.beta, p.betaCfg = startEmulator(t, emulator.Options{Users: 70, Rooms: 3, Seed: 7})
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, settings.FileRel)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf("contexts:\n  - name: alpha\n    config: %s\n    color: red\n  - name: beta\n    config: %s\n%s", p.alphaCfg, p.betaCfg, extra)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	f, _, err := settings.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p.settings = f
	return p
}

// adminList is the pod's admin list of users, read with a session of its
// own.
func adminList(t *testing.T, cfgPath string) []pod.UserDetail {
	t.Helper()
	cfg, _, err := session.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	us, err := pod.New(s, pod.Options{ReadOnly: true}).ListUsers(t.Context(), 0, 1000)
	if err != nil || len(us) == 0 {
		t.Fatalf("list users: %v (%d)", err, len(us))
	}
	return us
}

// podUsers are the display names of the pod's admin list, in its order.
func podUsers(t *testing.T, cfgPath string) []string {
	t.Helper()
	us := adminList(t, cfgPath)
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.UserAttributes.DisplayName
	}
	return names
}

// ownUser is the first of the first ten names that the other pod has not.
func ownUser(t *testing.T, names, other []string) string {
	t.Helper()
	for _, n := range names[:min(10, len(names))] {
		if !slices.Contains(other, n) && n == strings.TrimSpace(n) && len(n) < 16 {
			return n
		}
	}
	t.Fatalf("no name of %v is the pod's own", names)
	return ""
}

// testBuilder builds stacks as the console does, with an ASCII renderer,
// the default keys and a quick presence poll.
func testBuilder(set *settings.File, mouse bool) *stackBuilder {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	return &stackBuilder{
		version: "test", interval: 100 * time.Millisecond, keys: ui.DefaultKeyMap(),
		styles: ui.NewStyles(r), mouse: mouse, settings: set,
	}
}

// titles records the terminal titles a console writes.
type titles struct {
	mu   sync.Mutex
	list []string
}

func (tt *titles) write(s string) {
	tt.mu.Lock()
	tt.list = append(tt.list, s)
	tt.mu.Unlock()
}

func (tt *titles) last() string {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	if len(tt.list) == 0 {
		return ""
	}
	return tt.list[len(tt.list)-1]
}

// startConsole runs the console on context name in teatest.
func startConsole(t *testing.T, b *stackBuilder, name string) (*console, *teatest.TestModel, *titles) {
	t.Helper()
	def, err := b.settings.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	first, err := b.build(cli.FromContext(def), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	link := newProgramLink()
	tt := &titles{}
	c := newConsole(b, first, link, tt.write)
	tm := teatest.NewTestModel(t, c, teatest.WithInitialTermSize(120, 30))
	link.set(tm.Send)
	t.Cleanup(func() {
		_ = tm.Quit()
		_ = c.cur.close(t.Context())
	})
	return c, tm, tt
}

// waitOutput waits until the terminal has been sent every text.
func waitOutput(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	var missing []string
	var seen []byte
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := io.ReadAll(tm.Output())
		seen = append(seen, b...)
		missing = missing[:0]
		for _, s := range texts {
			if !bytes.Contains(seen, []byte(s)) {
				missing = append(missing, s)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal was never sent %q; it got %d bytes, ending:\n%s", missing, len(seen), seen[max(len(seen)-3000, 0):])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func typeCommand(tm *teatest.TestModel, line string) {
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{':'}})
	tm.Type(line)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

func routeCount(emu *emulator.Emulator, route string) int { return emu.Stats().Routes[route].Requests }

// goroutinesIn counts the goroutines with fn on their stack.
func goroutinesIn(fn string) int {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	n := 0
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, fn) {
			n++
		}
	}
	return n
}

// :ctx beta on a console showing alpha: the header names beta, alpha's
// presence feed is deleted and alpha hears nothing more from the console,
// and beta's users load in the tabs.
func TestContextSwitchBetweenTwoPods(t *testing.T) {
	pods := startTwoPods(t, "")
	alphaUsers, betaUsers := podUsers(t, pods.alphaCfg), podUsers(t, pods.betaCfg)
	alphaFirst, betaFirst := ownUser(t, alphaUsers, betaUsers), ownUser(t, betaUsers, alphaUsers)
	alphaN, betaN := len(alphaUsers), len(betaUsers)
	c, tm, tt := startConsole(t, testBuilder(pods.settings, false), "alpha")
	waitOutput(t, tm, " alpha ", alphaFirst, " 1 Users "+strconv.Itoa(alphaN)+" ")
	waitUntil(t, "alpha's presence feed", func() bool { return routeCount(pods.alpha, feedRead) > 0 })
	if routeCount(pods.beta, feedCreate) != 0 {
		t.Fatal("beta was asked for a feed before the switch")
	}

	typeCommand(tm, "ctx beta")
	waitOutput(t, tm, " beta ", betaFirst, " 1 Users "+strconv.Itoa(betaN)+" ")
	waitUntil(t, "alpha's feed to be deleted", func() bool { return pods.alpha.Stats().Routes[feedDelete].ByStatus["200"] == 1 })
	// Once its stack is closed, alpha hears nothing more, while beta is
	// polled on.
	settled := pods.alpha.Stats().Requests
	reads := routeCount(pods.beta, feedRead)
	waitUntil(t, "beta to be polled three times more", func() bool { return routeCount(pods.beta, feedRead) >= reads+3 })
	if got := pods.alpha.Stats().Requests; got != settled {
		t.Errorf("alpha got %d requests after its stack closed", got-settled)
	}
	if n := routeCount(pods.beta, feedCreate); n != 1 {
		t.Errorf("beta has %d feeds, want 1", n)
	}
	// What waited on alpha has ended: one tracker loop and one pane wait,
	// beta's, are left.
	for _, fn := range []string{"symtui/pod/presence.(*Tracker).run", "waitPresence.func1"} {
		waitUntil(t, "one "+fn+" left", func() bool { return goroutinesIn(fn) == 1 })
	}

	_ = tm.Quit()
	final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*console)
	frame := final.View()
	lines := strings.Split(frame, "\n")
	if !strings.Contains(lines[0], " beta ") || strings.Contains(lines[0], "alpha") {
		t.Errorf("header after the switch: %q", lines[0])
	}
	if !strings.Contains(lines[0], "127.0.0.1:") || !strings.Contains(lines[0], strings.TrimPrefix(pods.beta.URL, "http://")) {
		t.Errorf("header does not name beta's pod %s: %q", pods.beta.URL, lines[0])
	}
	if !strings.Contains(frame, betaFirst) || strings.Contains(frame, alphaFirst) {
		t.Errorf("the Users tab after the switch:\n%s", frame)
	}
	if want := "symtui · beta · " + strings.TrimPrefix(pods.beta.URL, "http://"); tt.last() != want {
		t.Errorf("terminal title %q, want %q", tt.last(), want)
	}
	if c.cur.target.Context != "beta" || c.epoch != 2 {
		t.Errorf("current context %q at epoch %d", c.cur.target.Context, c.epoch)
	}
}

// normalUser is the username and display name of the pod's first person.
func normalUser(t *testing.T, cfgPath string) (string, string) {
	t.Helper()
	for _, u := range adminList(t, cfgPath) {
		if a := u.UserAttributes; a.AccountType == "NORMAL" && a.DisplayName == strings.TrimSpace(a.DisplayName) {
			return a.UserName, a.DisplayName
		}
	}
	t.Fatal("no person on the pod")
	return "", ""
}

// :ctx lists the contexts, the current one marked, and switching picks
// one; a context whose asUser is set logs in on behalf of that user; a
// context that cannot be opened (its config is missing) says why on the
// status line and leaves the console on its pod.
func TestContextPickerAndRefusals(t *testing.T) {
	pods := startTwoPods(t, "")
	username, display := normalUser(t, pods.alphaCfg)
	extra := fmt.Sprintf("  - name: broken\n    config: /nonexistent/symtui.yaml\n  - name: obo\n    config: %s\n    asUser: %s\n    readOnly: true\n", pods.alphaCfg, username)
	data, _ := os.ReadFile(pods.settings.Path)
	if err := os.WriteFile(pods.settings.Path, append(data, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	set, _, err := settings.Load(pods.settings.Path)
	if err != nil {
		t.Fatal(err)
	}
	betaFirst := ownUser(t, podUsers(t, pods.betaCfg), podUsers(t, pods.alphaCfg))
	_, tm, _ := startConsole(t, testBuilder(set, false), "alpha")
	waitOutput(t, tm, " alpha ")

	typeCommand(tm, "ctx broken")
	broken, _ := set.Lookup("broken") // the error names where the context is written
	waitOutput(t, tm, "error: cannot switch to broken:", fmt.Sprintf("%s:%d: context", filepath.Base(pods.settings.Path), broken.Line), "/nonexistent/symtui.yaml")
	typeCommand(tm, "ctx staging")
	waitOutput(t, tm, `error: no context "staging" in `, "alpha, beta, broken, obo)")
	typeCommand(tm, "ctx alpha")
	waitOutput(t, tm, "already on alpha")

	// Wide enough for the header to name the user and the app beside the
	// presence freshness, which a session on behalf of a user has too.
	tm.Send(tea.WindowSizeMsg{Width: 140, Height: 30})
	typeCommand(tm, "ctx")
	waitOutput(t, tm, "Switch to the pod context", "● alpha", "read-only · as "+username[:8])
	tm.Type("obo")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitOutput(t, tm, " obo ", display+" ("+username+") via app "+emulator.AppID, " RO ")
	if n := routeCount(pods.alpha, "POST /login/pubkey/app/username/{username}/authenticate"); n != 1 {
		t.Errorf("%d logins on behalf of %s, want 1", n, username)
	}

	typeCommand(tm, "ctx beta")
	waitOutput(t, tm, " beta ", betaFirst)
	_ = tm.Quit()
	final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*console)
	if final.cur.target.Context != "beta" || final.epoch != 3 {
		t.Errorf("after the refusals and two switches: context %q, epoch %d; want beta, 3", final.cur.target.Context, final.epoch)
	}
	if header := strings.Split(final.View(), "\n")[0]; strings.Contains(header, " RO ") || strings.Contains(header, "via app") {
		t.Errorf("beta is neither read-only nor on behalf of anyone: %q", header)
	}
}

// probe is a tab that records the messages it owns.
type probe struct {
	name string
	got  []string
}

type probeMsg struct{ text string }

func (p *probe) Init() tea.Cmd              { return nil }
func (p *probe) View() string               { return p.name }
func (p *probe) Title() string              { return p.name }
func (p *probe) Count() (int, bool)         { return len(p.got), false }
func (p *probe) SetSize(int, int)           {}
func (p *probe) KeyBindings() []key.Binding { return nil }
func (p *probe) InputFocused() bool         { return false }
func (p *probe) Owns(msg tea.Msg) bool      { _, ok := msg.(probeMsg); return ok }
func (p *probe) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	p.got = append(p.got, msg.(probeMsg).text)
	return p, nil
}

// probeStack is a stack with only a root over one probe tab.
func probeStack(b *stackBuilder, name string) (*podStack, *probe) {
	p := &probe{name: name}
	c := ui.NewCommon(b.styles.Renderer, ui.DefaultKeyMap(), false)
	c.Context = name
	return &podStack{target: cli.Target{Context: name}, common: c, root: ui.New(c, p)}, p
}

// deliver runs cmd the way the program does (a batch's or a sequence's
// commands each in turn) and hands every message to c.
func deliver(c *console, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if cmds, ok := commandList(msg); ok {
		for _, sub := range cmds {
			deliver(c, sub)
		}
		return
	}
	if msg != nil {
		c.Update(msg)
	}
}

func commandList(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

// What the pod left behind still sends — a result, a batch's, a
// sequence's — never reaches the new tabs; the new stack's own does.
func TestResultsOfThePodLeftBehindAreDropped(t *testing.T) {
	b := testBuilder(settings.Empty(""), false)
	alpha, alphaTab := probeStack(b, "alpha")
	beta, betaTab := probeStack(b, "beta")
	c := newConsole(b, alpha, newProgramLink(), nil)
	result := func(text string) tea.Cmd { return func() tea.Msg { return probeMsg{text} } }

	deliver(c, tag(c.epoch, result("alpha before")))
	late := []tea.Cmd{
		tag(c.epoch, result("alpha late")),
		tag(c.epoch, tea.Batch(result("alpha batch 1"), result("alpha batch 2"))),
		tag(c.epoch, tea.Sequence(result("alpha sequence 1"), result("alpha sequence 2"))),
	}
	c.finishSwitch(stackBuilt{name: "beta", stack: beta}) // its commands would close alpha: not run here
	for _, cmd := range late {
		deliver(c, cmd)
	}
	deliver(c, tag(c.epoch, tea.Sequence(result("beta 1"), result("beta 2"))))

	if got := strings.Join(alphaTab.got, ","); got != "alpha before" {
		t.Errorf("alpha's tab got %q", got)
	}
	if got := strings.Join(betaTab.got, ","); got != "beta 1,beta 2" {
		t.Errorf("beta's tab got %q, want only beta's results", got)
	}
	if !strings.Contains(c.View(), " beta ") {
		t.Errorf("header after the switch:\n%s", c.View())
	}
}

// Tagging keeps what the program acts on itself: a batch stays a batch, a
// sequence a sequence (bubbletea tells them by type), quit stays quit.
func TestTagKeepsTheProgramsOwnMessages(t *testing.T) {
	noop := func() tea.Msg { return nil }
	for _, cmd := range []tea.Cmd{tea.Batch(noop, noop), tea.Sequence(noop, noop)} {
		msg := cmd()
		tagged := tagMsg(3, msg)
		if reflect.TypeOf(tagged) != reflect.TypeOf(msg) {
			t.Errorf("%T became %T", msg, tagged)
		}
	}
	if _, ok := tagMsg(3, tea.Quit()).(tea.QuitMsg); !ok {
		t.Error("quit was wrapped")
	}
	if m, ok := tagMsg(3, probeMsg{"x"}).(epochMsg); !ok || m.epoch != 3 {
		t.Errorf("a tab's message tagged as %#v", tagMsg(3, probeMsg{"x"}))
	}
}
