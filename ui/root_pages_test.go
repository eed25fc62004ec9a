package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pageView is a page that records when it shows and hides, and the
// commands it gets.
type pageView struct {
	listView
	shown, hidden int
	events        []string // "shown", "hidden", "cmd NAME ARG" in order
	summary       string
	ownsBare      bool // takes ":my-page" alone, as :audit does, else only with an argument
}

func newPageView(c *Common) *pageView {
	p := &pageView{listView: *newListView(c, "page", "My Page", "row one")}
	return p
}

func (p *pageView) Shown() tea.Cmd { p.shown++; p.events = append(p.events, "shown"); return nil }
func (p *pageView) Hidden()        { p.hidden++; p.events = append(p.events, "hidden") }
func (p *pageView) View() string   { return "PAGE BODY" }
func (p *pageView) Summary() string {
	return p.summary
}
func (p *pageView) Owns(msg tea.Msg) bool {
	if c, ok := msg.(CommandMsg); ok {
		return (c.Name == "my-page" && (c.Arg != "" || p.ownsBare)) || strings.HasPrefix(c.Name, exportCommand)
	}
	return false
}
func (p *pageView) Update(msg tea.Msg) (View, tea.Cmd) {
	if c, ok := msg.(CommandMsg); ok {
		p.events = append(p.events, "cmd "+c.Name+" "+c.Arg)
	}
	_, cmd := p.listView.Update(msg)
	return p, cmd
}

func pagesModel(t *testing.T) (*Model, *listView, *pageView) {
	t.Helper()
	c := testCommon(t)
	users := newListView(c, "users", "Users", "ann")
	rooms := newListView(c, "rooms", "Rooms", "ops")
	m := New(c, users, rooms)
	page := newPageView(c)
	m.AddPage(page, c.Keys.Global.Log)
	manualTicks(m)
	drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 20})
	drive(t, m, m.Init()())
	return m, users, page
}

// A page shows over the tabs by its command or its key, takes the keys,
// and leaves with esc, its key again, or a tab switch; it hears each.
func TestPagesShowOverTheTabs(t *testing.T) {
	m, users, page := pagesModel(t)
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("my-page")...), keyMsg("enter"))...)
	v, ok := m.ShownPage()
	if !ok || v != page || page.shown != 1 {
		t.Fatalf("the page is not shown (%v, %d)", ok, page.shown)
	}
	frame := m.View()
	if !strings.Contains(frame, "PAGE BODY") || !strings.Contains(lines(frame)[1], " My Page ") {
		t.Errorf("frame:\n%s", frame)
	}
	before := len(users.got)
	drive(t, m, keyMsg("j"))
	if len(users.got) != before {
		t.Error("a key reached the tab under the page")
	}
	drive(t, m, keyMsg("esc"))
	if _, ok := m.ShownPage(); ok || page.hidden != 1 || strings.Contains(m.View(), "PAGE BODY") || !strings.Contains(m.View(), "ann") {
		t.Fatalf("esc did not go back to the tab: hidden %d\n%s", page.hidden, m.View())
	}
	drive(t, m, keyMsg("L"))
	if _, ok := m.ShownPage(); !ok {
		t.Fatal("the key did not show the page")
	}
	drive(t, m, keyMsg("L"))
	if _, ok := m.ShownPage(); ok {
		t.Fatal("the key again did not hide the page")
	}
	drive(t, m, keyMsg("L"), keyMsg("2"))
	if _, ok := m.ShownPage(); ok || m.Active() != 1 {
		t.Fatal("a tab switch did not leave the page")
	}
	if got := strings.Join(page.events, ","); got != "shown,hidden,shown,hidden,shown,hidden" {
		t.Errorf("events %s", got)
	}
}

// ":page ARG" hands the page its command before it shows, so the page
// loads once, for the argument.
func TestPageCommandBeforeItShows(t *testing.T) {
	m, _, page := pagesModel(t)
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("my-page 7d")...), keyMsg("enter"))...)
	if got := strings.Join(page.events, ","); got != "cmd my-page 7d,shown" {
		t.Errorf("events %s", got)
	}
}

// A page that takes its bare command gets it whenever it is typed, shown
// or not (":audit" reads the last 24 hours afresh); one that does not is
// only shown.
func TestPageTakesItsBareCommand(t *testing.T) {
	m, _, page := pagesModel(t)
	page.ownsBare = true
	typed := append(append([]tea.Msg{keyMsg(":")}, typeKeys("my-page")...), keyMsg("enter"))
	drive(t, m, typed...)
	drive(t, m, typed...)
	if got := strings.Join(page.events, ","); got != "cmd my-page ,shown,cmd my-page " {
		t.Errorf("events %s", got)
	}
}

// :export goes to the view on screen: the page when shown, else the tab,
// which says so when it has nothing to export.
func TestExportGoesToTheViewOnScreen(t *testing.T) {
	m, users, page := pagesModel(t)
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("export /tmp/x.csv")...), keyMsg("enter"))...)
	if len(users.commands) != 0 || !strings.Contains(m.View(), ":export is not available in Users") {
		t.Errorf("the tab got %v; frame:\n%s", users.commands, m.View())
	}
	drive(t, m, keyMsg("L"))
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("export! /tmp/x y.csv")...), keyMsg("enter"))...)
	if got := page.events[len(page.events)-1]; got != "cmd export! /tmp/x y.csv" {
		t.Errorf("the page got %q", got)
	}
}

// :info joins what every view says it holds.
func TestInfoJoinsTheSummaries(t *testing.T) {
	m, _, page := pagesModel(t)
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("info")...), keyMsg("enter"))...)
	if !strings.Contains(m.View(), "nothing loaded yet") {
		t.Errorf("frame:\n%s", m.View())
	}
	page.summary = "3 things (1 odd)"
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("info")...), keyMsg("enter"))...)
	if !strings.Contains(m.View(), "3 things (1 odd)") {
		t.Errorf("frame:\n%s", m.View())
	}
}

// Help lists the log's key only when a page has it, and the pages'
// commands.
func TestHelpListsPages(t *testing.T) {
	c := testCommon(t)
	bare := New(c, newListView(c, "users", "Users"))
	bare.openHelp(0)
	if strings.Contains(bare.modal.View(), "API log") {
		t.Error("help offers the API log key without a log")
	}
	m, _, _ := pagesModel(t)
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 60})
	m.openHelp(0)
	if v := m.modal.View(); !strings.Contains(v, "API log") || !strings.Contains(v, ":my-page") {
		t.Errorf("help:\n%s", v)
	}
	if b := (key.Binding{}); key.Matches(keyMsg("x"), b) {
		t.Error("an empty binding matches")
	}
}

// A side pane set after pages keeps them; SetSidePaneTab after a side
// pane renumbers them.
func TestSidePaneKeepsPages(t *testing.T) {
	c := testCommon(t)
	m := New(c, newListView(c, "users", "Users"), newListView(c, "rooms", "Rooms"))
	m.SetSidePane(newListView(c, "side", "Side"))
	page := newPageView(c)
	m.AddPage(page, key.Binding{})
	m.SetSidePaneTab(1)
	drive(t, m, append(append([]tea.Msg{keyMsg(":")}, typeKeys("my-page")...), keyMsg("enter"))...)
	if v, ok := m.ShownPage(); !ok || v != page {
		t.Fatal("the page was lost")
	}
}
