package ui

import (
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// helpDescs maps each group title to the descriptions it lists.
func helpDescs(groups []helpGroup) map[string][]string {
	out := map[string][]string{}
	for _, g := range groups {
		for _, b := range g.bindings {
			out[g.title] = append(out[g.title], b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}

// A keymap binding a view relabels is listed under the view with what it
// does there; one it offers as is stays in its keymap group; read-only
// leaves the mutating ones out.
func TestHelpGroupsViewLabels(t *testing.T) {
	for _, ro := range []bool{false, true} {
		km := DefaultKeyMap()
		km.SetReadOnly(ro)
		a := km.Action
		addRole := a.Promote
		addRole.SetHelp(addRole.Help().Key, "add role")
		got := helpDescs(helpGroups(km, "Users", []key.Binding{addRole, a.CopyEmail, a.Suspend, a.Refresh}))
		if has := slices.Contains(got["Users"], "+ add role"); has == ro {
			t.Errorf("ro=%v: Users group %q", ro, got["Users"])
		}
		if has := slices.Contains(got["Actions"], "Z suspend / unsuspend"); has == ro {
			t.Errorf("ro=%v: Actions group %q", ro, got["Actions"])
		}
		if !slices.Contains(got["Actions"], "C copy email") || !slices.Contains(got["Actions"], "r refresh") {
			t.Errorf("ro=%v: Actions group %q", ro, got["Actions"])
		}
		for _, descs := range got {
			if slices.Contains(descs, "+ make owner") {
				t.Errorf("ro=%v: the generic label of a relabelled key is listed: %q", ro, got)
			}
		}
	}
}

// helpRoot is the console's shape: four tabs, the fourth also the side
// pane, and a view binding with a long description.
func helpRoot(t *testing.T, w, h int) *Model {
	t.Helper()
	c := testCommon(t)
	m := New(c, newListView(c, "users", "Users", "alice"), newListView(c, "rooms", "Rooms", "ops"),
		newListView(c, "conns", "Connections", "bob"), newListView(c, "presence", "Presence", "alice AVAILABLE"))
	m.SetSidePaneTab(3)
	m.AddCommand(Command{Name: "presence-of", Args: "USER", Help: "show one user's presence history and the devices it came from"})
	drive(t, m, tea.WindowSizeMsg{Width: w, Height: h}, tea.BatchMsg{m.Init()}, keyMsg("?"))
	if m.modal == nil {
		t.Fatal("? did not open help")
	}
	return m
}

// G (and end) scroll help to its real end at 80x24.
func TestHelpBottomReachesTheEnd(t *testing.T) {
	for _, end := range []string{"G", "end"} {
		m := helpRoot(t, 80, 24)
		drive(t, m, keyMsg(end))
		out := m.View()
		for _, want := range []string{":q", "show one user", "esc/? close"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: help does not show %q at its end:\n%s", end, want, out)
			}
		}
		drive(t, m, keyMsg("g"))
		if out := m.View(); !strings.Contains(out, "Global") {
			t.Errorf("g: help not back at the top:\n%s", out)
		}
	}
}

// Sections sit in as many columns as fit, with a gap, none overlapping the
// next; a long description is cut within its own column.
func TestHelpColumnsDoNotOverlap(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		m := helpRoot(t, w, 60)
		h := m.modal.(*helpOverlay)
		ls := h.lines()
		starts := []int{0} // where each column begins: Global is at 0
		first := ls[0]
		for i := 1; i < len(first); i++ {
			if first[i-1] == ' ' && first[i] != ' ' && strings.HasSuffix(first[:i], strings.Repeat(" ", helpGap)) {
				starts = append(starts, i)
			}
		}
		cols := len(starts)
		if want := (w + helpGap) / (helpMaxCol + helpGap); cols < want {
			t.Errorf("%d cols: %d help columns, want at least %d:\n%s", w, cols, want, strings.Join(ls, "\n"))
		}
		for _, l := range ls {
			if cellWidth(l) > w {
				t.Errorf("%d cols: help line %d wide: %q", w, cellWidth(l), l)
			}
			for _, s := range starts[1:] {
				if gap := l[s-helpGap : s]; gap != strings.Repeat(" ", helpGap) {
					t.Errorf("%d cols: columns run together at %d: %q", w, s, l)
				}
			}
		}
		joined := strings.Join(ls, "\n")
		if !strings.Contains(joined, "show one user's") || strings.Contains(joined, "devices it came from") || !strings.Contains(joined, "…") {
			t.Errorf("%d cols: the long description is not cut within its column:\n%s", w, joined)
		}
	}
}

// Help never draws wider than the terminal, however narrow, and its
// lines are all as wide (the columns stay aligned).
func TestHelpFitsNarrowTerminals(t *testing.T) {
	for _, w := range []int{1, 2, 5, 12, 20, 33} {
		m := helpRoot(t, w, 12)
		ls := m.modal.(*helpOverlay).lines()
		for _, l := range ls {
			if cellWidth(l) > w || cellWidth(l) != cellWidth(ls[0]) {
				t.Errorf("%d cols: help line %d wide (first %d): %q", w, cellWidth(l), cellWidth(ls[0]), l)
			}
		}
	}
}

// :help opens the same help as ?, for the view in focus; it completes from
// :he and is listed among the commands; esc closes it.
func TestCommandLineHelp(t *testing.T) {
	m, _, _ := newRoot(t)
	drive(t, m, keyMsg("2"), keyMsg(":"))
	drive(t, m, typeKeys("he")...)
	drive(t, m, keyMsg("tab"))
	if v := m.cmdline.input.Value(); v != "help " {
		t.Fatalf(":he<tab> completed to %q", v)
	}
	drive(t, m, keyMsg("enter"))
	h, ok := m.modal.(*helpOverlay)
	if !ok || m.cmdline.active {
		t.Fatalf(":help opened %T (command line open %v)\n%s", m.modal, m.cmdline.active, m.View())
	}
	if out := m.View(); !strings.Contains(out, "Global") || !strings.Contains(strings.Join(h.lines(), "\n"), ":help") || m.status.text != "" {
		t.Errorf(":help: no help shown, not listing :help, or a status %q:\n%s", m.status.text, out)
	}
	if m.Active() != 1 || h.groups == nil {
		t.Errorf(":help left tab %d, groups %v", m.Active(), h.groups)
	}
	drive(t, m, keyMsg("esc"))
	if m.modal != nil {
		t.Error("esc did not close the help")
	}
}

// searchView is a list view whose tab command takes a query as well.
type searchView struct{ *listView }

func (v *searchView) TabArgs() (string, string) { return "QUERY", "search the pod's users" }

func (v *searchView) Update(msg tea.Msg) (View, tea.Cmd) {
	_, cmd := v.listView.Update(msg)
	return v, cmd
}

// A tab whose command takes an argument says so in :help (":users QUERY"
// beside ":users") and when its name completes; a tab whose command takes
// none completes as before.
func TestTabCommandArgumentsInHelpAndCompletion(t *testing.T) {
	c := testCommon(t)
	m := New(c, &searchView{newListView(c, "users", "Users", "alice")}, newListView(c, "rooms", "Rooms", "ops"))
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, tea.BatchMsg{m.Init()}, keyMsg("?"))
	h, ok := m.modal.(*helpOverlay)
	if !ok {
		t.Fatal("? did not open help")
	}
	help := strings.Join(h.lines(), "\n")
	if !regexp.MustCompile(`:users +switch tab`).MatchString(help) || !regexp.MustCompile(`:users QUERY +search the pod's users`).MatchString(help) {
		t.Errorf("help does not list :users and :users QUERY:\n%s", help)
	}
	if !regexp.MustCompile(`:rooms +switch tab`).MatchString(help) {
		t.Errorf("help does not list :rooms:\n%s", help)
	}
	drive(t, m, keyMsg("esc"), keyMsg(":"))
	drive(t, m, typeKeys("use")...)
	drive(t, m, keyMsg("tab"))
	if v, hint := m.cmdline.input.Value(), m.cmdline.hint; v != "user" || hint != "user users" {
		t.Fatalf(":use<tab> = %q, hint %q; want user, and both candidates", v, hint)
	}
	drive(t, m, keyMsg("s"), keyMsg("tab"))
	if v, hint := m.cmdline.input.Value(), m.cmdline.hint; v != "users " || hint != "QUERY  search the pod's users" {
		t.Fatalf(":users<tab> = %q, hint %q", v, hint)
	}
	if !strings.Contains(m.View(), "QUERY  search the pod's users") {
		t.Errorf("the hint is not shown:\n%s", m.View())
	}
	drive(t, m, keyMsg("ctrl+c"), typeKeys("roo")[0], typeKeys("roo")[1], typeKeys("roo")[2], keyMsg("tab"))
	if v, hint := m.cmdline.input.Value(), m.cmdline.hint; v != "room" || hint != "room rooms" {
		t.Fatalf(":roo<tab> = %q, hint %q", v, hint)
	}
	drive(t, m, keyMsg("s"), keyMsg("tab"))
	if v, hint := m.cmdline.input.Value(), m.cmdline.hint; v != "rooms " || hint != "" {
		t.Fatalf(":rooms<tab> = %q, hint %q; a tab command without argument has no hint", v, hint)
	}
}
