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

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/connections"
	"symtui/views/internal/viewtest"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/tab"
	"symtui/views/users"
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
	h      *viewtest.Harness
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
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

func (c *corpusConsole) send(keys ...tea.KeyMsg) {
	for _, k := range keys {
		c.tm.Send(k)
	}
}

func (c *corpusConsole) command(line string) {
	c.send(viewtest.RuneKey(":"))
	c.tm.Type(line)
	c.send(viewtest.TypeKey(tea.KeyEnter))
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
	case <-time.After(viewtest.FlowWait):
		c.t.Fatalf("%s: no snapshot", where)
	}
	c.shots++
	viewtest.CheckInert(c.t, where+": frame", s.frame)
	for name, part := range s.parts {
		viewtest.CheckInert(c.t, where+": "+name+" view", part)
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

// hasLongField says whether hostile user i has the 10,000-character value
// in a field: the pane wraps it over more lines than it shows.
func hasLongField(i int) bool {
	for k := range viewtest.UserFields {
		if viewtest.HostileClassOf(i, k).Class == "10,000 characters" {
			return true
		}
	}
	return false
}

// checkEveryFieldShown fails when the user detail pane (the users view
// from the pane's "username" label on) lacks a field's tag: each field is
// sanitized alone, so a hostile field never hides the fields after it.
func checkEveryFieldShown(t *testing.T, where, view string) {
	t.Helper()
	at := strings.Index(view, "username  ")
	if at < 0 {
		t.Fatalf("%s: no detail pane:\n%s", where, view)
	}
	pane := ansi.Strip(view[at:])
	for _, f := range []string{"Company", "Title", "Dept", "Division", "Location"} {
		if !strings.Contains(pane, "Crp"+f) {
			t.Fatalf("%s: the %s field is not drawn:\n%s", where, f, pane)
		}
	}
}

// checkEveryKeywordShown fails when the room detail pane's keywords line
// shows the first, hostile keyword but not the plain one after it
// (unless the line was cut to the pane's width).
func checkEveryKeywordShown(t *testing.T, where, view string) {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		at := strings.Index(l, "keywords desk")
		if at < 0 {
			continue
		}
		if kw := strings.TrimRight(l[at:], " "); !strings.HasSuffix(kw, "…") && !strings.Contains(kw, "plain=v") {
			t.Fatalf("%s: the keyword after a hostile one is not drawn: %q", where, kw)
		}
	}
}

// hostileRefusal is a pod error message holding every hostile class.
func hostileRefusal() string {
	var b strings.Builder
	b.WriteString("refused by policy: ")
	for _, h := range viewtest.Hostile[:len(viewtest.Hostile)-1] {
		b.WriteString(h.Value + " | ")
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
	h := viewtest.New(t, emulator.Options{Users: 2000, Rooms: 40}, viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case refuse.Load() && r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/admin/user/create") || strings.HasSuffix(r.URL.Path, "/v3/room/create")):
			viewtest.PodRefusal(w, http.StatusBadRequest, refusal)
			return true
		}
		return false
	}))
	ctx := h.Ctx(t)

	// Users: one per class, each field another class; rooms the same, with
	// the hostile users as members.
	var hostileUsers []pod.UserDetail
	var ids []int64
	for i := range viewtest.Hostile {
		u := viewtest.CreateHostileUser(t, h, "Crp", i)
		hostileUsers = append(hostileUsers, u)
		ids = append(ids, u.UserSystemInfo.ID)
	}
	var hostileRooms []pod.Room
	for i := range viewtest.Hostile {
		hostileRooms = append(hostileRooms, viewtest.CreateHostileRoom(t, h, "Crp"+strconv.Itoa(i), i, ids[i], ids[(i+1)%len(ids)]))
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
	c.Pod = "pod\x1b]52;c;" + viewtest.LeakMark + "\x07.example\u202e:443\r"
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
		users.New(c, d).WithClipboard(func(string) (string, error) { return "test", nil }),
		rooms.New(c, d), connections.New(c, d), presencetab.NewPane(c, d))
	root.SetSidePaneTab(3)
	cc := &corpusConsole{t: t, h: h, w: 120, hgt: 40}
	cc.tm = viewtest.NewTestModel(t, probe{root}, 120, 40)
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
	for i, u := range hostileUsers {
		cc.command("user " + strconv.FormatInt(u.UserSystemInfo.ID, 10))
		cc.waitFor("hostile.crp." + strconv.Itoa(i))
		long := hasLongField(i)
		if !long {
			cc.waitFor("CrpDept") // the admin details are in
		}
		s := cc.check(fmt.Sprintf("user %d (%s) detail", i, viewtest.Hostile[i].Class))
		if !long {
			checkEveryFieldShown(t, fmt.Sprintf("user %d detail", i), s.parts["Users"])
		}
	}
	cc.send(viewtest.RuneKey("e"))
	cc.waitFor("Edit user")
	cc.check("edit form")
	cc.send(viewtest.TypeKey(tea.KeyEnd), viewtest.RuneKey("!"), viewtest.TypeKey(tea.KeyEnter))
	cc.waitFor("Save 1 change?")
	cc.check("edit review")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.TypeKey(tea.KeyEsc))
	cc.send(viewtest.RuneKey("D"))
	cc.waitFor("Disable user")
	cc.check("disable confirm")
	cc.send(viewtest.RuneKey("n"))
	cc.send(viewtest.RuneKey("Z"))
	cc.waitFor("Suspend user")
	cc.check("suspend form")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("+"))
	cc.waitFor("Add a role to")
	cc.check("role picker")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("F"))
	cc.waitFor("postReadEnabled")
	cc.check("features")
	cc.send(viewtest.TypeKey(tea.KeyEsc))
	// A create the pod refuses with a hostile reason: the form comes back
	// with it, and the status line shows it.
	cc.send(viewtest.RuneKey("a"))
	cc.waitFor("Create user")
	cc.tm.Type("x@example.com")
	cc.send(viewtest.TypeKey(tea.KeyTab))
	cc.tm.Type("x.user")
	cc.send(viewtest.TypeKey(tea.KeyTab))
	cc.tm.Type("X User")
	cc.send(viewtest.TypeKey(tea.KeyEnter))
	cc.waitFor("refused by policy")
	cc.check("create user refused")
	cc.send(viewtest.TypeKey(tea.KeyEsc))
	// A paste of the corpus into the search and the command line.
	cc.send(viewtest.RuneKey("/"))
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(viewtest.Hostile[2].Value + viewtest.Hostile[9].Value), Paste: true})
	cc.check("users search input")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey(":"))
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(viewtest.Hostile[3].Value + viewtest.Hostile[13].Value), Paste: true})
	cc.check("command line")
	cc.send(viewtest.TypeKey(tea.KeyEsc))

	// Rooms, their detail, forms, members and pickers.
	cc.send(viewtest.RuneKey("2"))
	cc.waitFor("search: all rooms")
	cc.send(viewtest.RuneKey("/"))
	cc.tm.Type("crp")
	cc.send(viewtest.TypeKey(tea.KeyEnter))
	all, err := h.Admin.AdminStreams(ctx, pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	cc.waitFor(fmt.Sprintf("%d of %d rooms", len(hostileRooms), all.Count)) // hits of every room
	for i := range hostileRooms {
		s := cc.check(fmt.Sprintf("room row %d", i))
		checkEveryKeywordShown(t, fmt.Sprintf("room row %d", i), s.parts["Rooms"])
		cc.send(viewtest.RuneKey("j"))
	}
	cc.send(viewtest.RuneKey("g"), viewtest.RuneKey("e"))
	cc.waitFor("Edit room")
	cc.check("room edit form")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("D"))
	cc.waitFor("Deactivate room")
	cc.check("deactivate confirm")
	cc.send(viewtest.RuneKey("n"), viewtest.RuneKey("a"))
	cc.waitFor("Create room")
	cc.tm.Type("Crp new")
	cc.send(viewtest.TypeKey(tea.KeyEnter))
	cc.waitFor("refused by policy")
	cc.check("create room refused")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.TypeKey(tea.KeyEnter))
	cc.waitFor("3 members ·") // the bot and two hostile users
	cc.check("members")
	cc.send(viewtest.RuneKey("a"))
	cc.waitFor("Add a member")
	cc.tm.Type("hostile")
	cc.waitFor("hostile.example")
	cc.check("add member picker")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("b"))
	cc.waitFor("Add many to")
	cc.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(viewtest.Hostile[0].Value + "\n" + hostileUsers[3].UserAttributes.EmailAddress), Paste: true})
	cc.check("bulk add")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.TypeKey(tea.KeyEsc))

	// Connections and their request picker.
	cc.send(viewtest.RuneKey("3"))
	cc.waitFor("outgoing")
	cc.check("connections")
	cc.send(viewtest.RuneKey("a"))
	cc.waitFor("Request")
	cc.tm.Type("a")
	cc.check("connection request picker")
	cc.send(viewtest.TypeKey(tea.KeyEsc))

	// Presence, as a tab and beside the users.
	cc.send(viewtest.RuneKey("4"))
	cc.check("presence tab")
	cc.send(viewtest.RuneKey("E"))
	cc.check("set presence picker")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("1"), viewtest.RuneKey("p"))
	cc.check("users with the presence pane")

	// Help and the message log (it holds the pod's hostile refusals).
	cc.send(viewtest.RuneKey("?"))
	cc.check("help")
	cc.send(viewtest.TypeKey(tea.KeyEsc))
	cc.command("messages")
	cc.waitFor("Messages: the last")
	cc.check(":messages")
	cc.send(viewtest.TypeKey(tea.KeyEsc))

	// Smaller: the same screens at 80x24.
	cc.resize(80, 24)
	cc.check("80x24 users")
	cc.command("user " + strconv.FormatInt(ids[len(ids)-1], 10))
	cc.waitFor("hostile.crp." + strconv.Itoa(len(ids)-1))
	cc.check("80x24 detail of the 10,000-character user")
	cc.send(viewtest.RuneKey("e"))
	cc.waitFor("Edit user")
	cc.check("80x24 edit form")
	cc.send(viewtest.TypeKey(tea.KeyEsc))
	cc.command("messages")
	cc.waitFor("Messages: the last")
	cc.check("80x24 :messages")
	cc.send(viewtest.TypeKey(tea.KeyEsc), viewtest.RuneKey("2"))
	cc.check("80x24 rooms")

	_ = cc.tm.Quit()
	t.Logf("%d snapshots checked, %d hostile users, %d rooms, %d hostile connections", cc.shots, len(hostileUsers), len(hostileRooms), external)
}
