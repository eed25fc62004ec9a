package views

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/tab"
)

// snapshot is what the console draws at one moment: the root's frame, each
// view's own rendering (the tabs not shown too), and how many frames the
// root's last-step guard had to clean so far.
type snapshot struct {
	frame   string
	parts   map[string]string
	guarded int
	w, h    int
}

type snapshotMsg struct{ reply chan snapshot }

// probe runs the root in teatest and renders on request from inside the
// program's loop, so a test reads every View() without racing Update.
type probe struct{ m *ui.Model }

func (p probe) Init() tea.Cmd { return p.m.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(snapshotMsg); ok {
		snap := snapshot{frame: p.m.View(), parts: map[string]string{}, guarded: p.m.GuardedFrames()}
		for _, v := range p.m.Views() {
			snap.parts[v.Title()] = v.View()
		}
		s.reply <- snap
		return p, nil
	}
	_, cmd := p.m.Update(msg)
	return p, cmd
}

func (p probe) View() string { return p.m.View() }

// corpusConsole is the whole console (the four tabs, presence as the side
// pane) on an emulator full of hostile values, in teatest.
type corpusConsole struct {
	t      *testing.T
	h      *harness
	tm     *teatest.TestModel
	w, hgt int
	shots  int
}

func (c *corpusConsole) waitFor(texts ...string) {
	c.t.Helper()
	teatest.WaitFor(c.t, c.tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(flowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

func (c *corpusConsole) send(keys ...tea.KeyMsg) {
	for _, k := range keys {
		c.tm.Send(k)
	}
}

func (c *corpusConsole) command(line string) {
	c.send(runeKey(":"))
	c.tm.Type(line)
	c.send(typeKey(tea.KeyEnter))
}

// check renders now and asserts that nothing drawn can drive the terminal
// or hide text: no control byte but the line breaks, no C1, bidi,
// zero-width or separator rune, valid UTF-8, no escape-sequence leftover
// outside an edit form's placeholder, every line within the width, and no
// frame the root's guard had to clean.
func (c *corpusConsole) check(where string) snapshot {
	c.t.Helper()
	reply := make(chan snapshot, 1)
	c.tm.Send(snapshotMsg{reply: reply})
	var s snapshot
	select {
	case s = <-reply:
	case <-time.After(flowWait):
		c.t.Fatalf("%s: no snapshot", where)
	}
	c.shots++
	checkInert(c.t, where+": frame", s.frame)
	for name, part := range s.parts {
		checkInert(c.t, where+": "+name+" view", part)
	}
	if s.guarded != 0 {
		c.t.Fatalf("%s: the root's guard cleaned %d frames: a component drew something unsafe", where, s.guarded)
	}
	lines := strings.Split(s.frame, "\n")
	if len(lines) != c.hgt {
		c.t.Fatalf("%s: %d lines, want %d", where, len(lines), c.hgt)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != c.w {
			c.t.Fatalf("%s: line %d is %d cells wide, want %d: %q", where, i, w, c.w, l)
		}
	}
	return s
}

func (c *corpusConsole) resize(w, h int) {
	c.w, c.hgt = w, h
	c.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

// leftovers are the tails of the corpus's escape sequences: drawn as text
// they mean a sequence was cut instead of removed whole.
var leftovers = []string{leakMark, "]8;;", "]52;", "]0;", "[31;1m", "[2J", "[6n", "[?1049h", "Pq#0", "_G"}

// checkDrawable fails when s holds a character unsafe to draw.
func checkDrawable(t *testing.T, where, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: invalid UTF-8", where)
	}
	for i, r := range s {
		if r != '\n' && ui.Unsafe(r) {
			t.Fatalf("%s: draws %U at byte %d: %q", where, r, i, around(s, i))
		}
	}
}

// checkInert is checkDrawable, and no tail of the corpus's sequences.
func checkInert(t *testing.T, where, s string) {
	t.Helper()
	checkDrawable(t, where, s)
	for _, line := range strings.Split(s, "\n") {
		for _, l := range leftovers {
			for off := 0; ; {
				j := strings.Index(line[off:], l)
				if j < 0 {
					break
				}
				j += off
				// Only an edit form shows a sequence's text, and then after
				// the placeholder of its introducer.
				before := line[:j]
				if !strings.Contains(before, "⟨ESC⟩") && !strings.Contains(before, "⟨U+009") {
					t.Fatalf("%s: leftover %q of an escape sequence: %q", where, l, around(line, j))
				}
				off = j + len(l)
			}
		}
	}
}

func around(s string, i int) string {
	from, to := max(i-40, 0), min(i+40, len(s))
	return s[from:to]
}

// hostileRefusal is a pod error message holding every hostile class.
func hostileRefusal() string {
	var b strings.Builder
	b.WriteString("refused by policy: ")
	for _, h := range hostile[:len(hostile)-1] {
		b.WriteString(h.value + " | ")
	}
	return b.String()
}

// Every tab, pane, dialog and form, drawn over users, rooms, members,
// connections, presence changes, config values and pod errors that hold
// the hostile corpus, at 120x40 and 80x24: nothing drawn can drive the
// terminal or hide text.
func TestRenderHostileCorpusEverywhere(t *testing.T) {
	refusal := hostileRefusal()
	var refuse atomic.Bool // once the hostile data is in
	// 2,000 people: about 200 on other pods, a few of them hostile.
	h := newHarness(t, emulator.Options{Users: 2000, Rooms: 40}, withPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case refuse.Load() && r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/admin/user/create") || strings.HasSuffix(r.URL.Path, "/v3/room/create")):
			podRefusal(w, http.StatusBadRequest, refusal)
			return true
		}
		return false
	}))
	ctx := h.ctx(t)

	// Users: one per class, each field another class; rooms the same, with
	// the hostile users as members.
	var users []pod.UserDetail
	var ids []int64
	for i := range hostile {
		u := createHostileUser(t, h, "Crp", i)
		users = append(users, u)
		ids = append(ids, u.UserSystemInfo.ID)
	}
	var rooms []pod.Room
	for i := range hostile {
		rooms = append(rooms, createHostileRoom(t, h, "Crp"+strconv.Itoa(i), i, ids[i], ids[(i+1)%len(ids)]))
	}
	// Connections with the seed's hostile users of other pods.
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	external := 0
	for u, err := range h.Admin.SearchAllUsers(ctx, pod.UserSearchQuery{}, false) {
		if err != nil {
			t.Fatal(err)
		}
		if tab.IsExternal(u.ID, me.ID) && (u.DisplayName != ui.Sanitize(u.DisplayName) || u.Title != ui.Sanitize(u.Title)) {
			if _, err := h.Admin.CreateConnection(ctx, u.ID); err == nil {
				external++
			}
		}
	}
	if external == 0 {
		t.Fatal("the seed has no hostile user of another pod to connect to")
	}

	refuse.Store(true)

	// Config values: the pod host and who we are.
	c := h.Common
	c.Pod = "pod\x1b]52;c;" + leakMark + "\x07.example\u202e:443\r"
	c.Identity = "bot\x1b[2J\u2066ops\u2069\x00"

	tr := presence.New(h.Client, presence.Options{Interval: 100 * time.Millisecond, CallTimeout: 5 * time.Second})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tr.Close(ctx)
	})
	d := h.Deps
	d.Presence = tr
	root := ui.New(c,
		NewUsers(c, d).WithClipboard(func(string) (string, error) { return "test", nil }),
		NewRooms(c, d), NewConnections(c, d), NewPresencePane(c, d))
	root.SetSidePaneTab(3)
	cc := &corpusConsole{t: t, h: h, w: 120, hgt: 40}
	cc.tm = teatest.NewTestModel(t, probe{root}, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(func() { _ = cc.tm.Quit() })

	cc.waitFor("all users · ")
	cc.check("users list")
	// Presence changes of the hostile users, once the feed is up.
	for i, id := range ids {
		cat := []pod.Category{pod.CategoryBusy, pod.CategoryAway, pod.CategoryAvailable}[i%3]
		if _, err := h.Admin.SetUserPresence(ctx, id, cat, false); err != nil {
			t.Fatal(err)
		}
	}

	// Each hostile user's detail pane, then its dialogs and forms.
	for i, u := range users {
		cc.command("user " + strconv.FormatInt(u.UserSystemInfo.ID, 10))
		cc.waitFor("hostile.crp." + strconv.Itoa(i))
		cc.check(fmt.Sprintf("user %d (%s) detail", i, hostile[i].class))
	}
	cc.send(runeKey("e"))
	cc.waitFor("Edit user")
	cc.check("edit form")
	cc.send(typeKey(tea.KeyEnd), runeKey("!"), typeKey(tea.KeyEnter))
	cc.waitFor("Save 1 change?")
	cc.check("edit review")
	cc.send(typeKey(tea.KeyEsc), typeKey(tea.KeyEsc))
	cc.send(runeKey("D"))
	cc.waitFor("Disable user")
	cc.check("disable confirm")
	cc.send(runeKey("n"))
	cc.send(runeKey("Z"))
	cc.waitFor("Suspend user")
	cc.check("suspend form")
	cc.send(typeKey(tea.KeyEsc), runeKey("+"))
	cc.waitFor("Add a role to")
	cc.check("role picker")
	cc.send(typeKey(tea.KeyEsc), runeKey("F"))
	cc.waitFor("postReadEnabled")
	cc.check("features")
	cc.send(typeKey(tea.KeyEsc))
	// A create the pod refuses with a hostile reason: the form comes back
	// with it, and the status line shows it.
	cc.send(runeKey("a"))
	cc.waitFor("Create user")
	cc.tm.Type("x@example.com")
	cc.send(typeKey(tea.KeyTab))
	cc.tm.Type("x.user")
	cc.send(typeKey(tea.KeyTab))
	cc.tm.Type("X User")
	cc.send(typeKey(tea.KeyEnter))
	cc.waitFor("refused by policy")
	cc.check("create user refused")
	cc.send(typeKey(tea.KeyEsc))
	// A paste of the corpus into the search and the command line.
	cc.send(runeKey("/"))
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(hostile[2].value + hostile[9].value), Paste: true})
	cc.check("users search input")
	cc.send(typeKey(tea.KeyEsc), runeKey(":"))
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(hostile[3].value + hostile[13].value), Paste: true})
	cc.check("command line")
	cc.send(typeKey(tea.KeyEsc))

	// Rooms, their detail, forms, members and pickers.
	cc.send(runeKey("2"))
	cc.waitFor("search: all rooms")
	cc.send(runeKey("/"))
	cc.tm.Type("crp")
	cc.send(typeKey(tea.KeyEnter))
	cc.waitFor(fmt.Sprintf("of %d rooms", len(rooms)))
	for i := range rooms {
		cc.check(fmt.Sprintf("room row %d", i))
		cc.send(runeKey("j"))
	}
	cc.send(runeKey("g"), runeKey("e"))
	cc.waitFor("Edit room")
	cc.check("room edit form")
	cc.send(typeKey(tea.KeyEsc), runeKey("D"))
	cc.waitFor("Deactivate room")
	cc.check("deactivate confirm")
	cc.send(runeKey("n"), runeKey("a"))
	cc.waitFor("Create room")
	cc.tm.Type("Crp new")
	cc.send(typeKey(tea.KeyEnter))
	cc.waitFor("refused by policy")
	cc.check("create room refused")
	cc.send(typeKey(tea.KeyEsc), typeKey(tea.KeyEnter))
	cc.waitFor("3 members ·") // the bot and two hostile users
	cc.check("members")
	cc.send(runeKey("a"))
	cc.waitFor("Add a member")
	cc.tm.Type("hostile")
	cc.waitFor("hostile.example")
	cc.check("add member picker")
	cc.send(typeKey(tea.KeyEsc), runeKey("b"))
	cc.waitFor("Add many to")
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(hostile[0].value + "\n" + users[3].UserAttributes.EmailAddress), Paste: true})
	cc.check("bulk add")
	cc.send(typeKey(tea.KeyEsc), typeKey(tea.KeyEsc))

	// Connections and their request picker.
	cc.send(runeKey("3"))
	cc.waitFor("outgoing")
	cc.check("connections")
	cc.send(runeKey("a"))
	cc.waitFor("Request")
	cc.tm.Type("a")
	cc.check("connection request picker")
	cc.send(typeKey(tea.KeyEsc))

	// Presence, as a tab and beside the users.
	cc.send(runeKey("4"))
	cc.check("presence tab")
	cc.send(runeKey("E"))
	cc.check("set presence picker")
	cc.send(typeKey(tea.KeyEsc), runeKey("1"), runeKey("p"))
	cc.check("users with the presence pane")

	// Help and the message log (it holds the pod's hostile refusals).
	cc.send(runeKey("?"))
	cc.check("help")
	cc.send(typeKey(tea.KeyEsc))
	cc.command("messages")
	cc.waitFor("Messages: the last")
	cc.check(":messages")
	cc.send(typeKey(tea.KeyEsc))

	// Smaller: the same screens at 80x24.
	cc.resize(80, 24)
	cc.check("80x24 users")
	cc.command("user " + strconv.FormatInt(ids[len(ids)-1], 10))
	cc.waitFor("hostile.crp." + strconv.Itoa(len(ids)-1))
	cc.check("80x24 detail of the 10,000-character user")
	cc.send(runeKey("e"))
	cc.waitFor("Edit user")
	cc.check("80x24 edit form")
	cc.send(typeKey(tea.KeyEsc))
	cc.command("messages")
	cc.waitFor("Messages: the last")
	cc.check("80x24 :messages")
	cc.send(typeKey(tea.KeyEsc), runeKey("2"))
	cc.check("80x24 rooms")

	_ = cc.tm.Quit()
	t.Logf("%d snapshots checked, %d hostile users, %d rooms, %d hostile connections", cc.shots, len(users), len(rooms), external)
}
