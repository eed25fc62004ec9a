package users

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// ViewID tags every result and command of the Users tab, so the root
// routes them here even while another tab is shown.
const ViewID = "users"

// Column positions of the users table.
const (
	userColName = iota
	userColUsername
	userColEmail
	userColCompany
	userColTitle
	userColStatus
	userColPresence
)

// usersMode is what the table shows: the pod's directory (its admin list,
// loaded whole in the background), or the answer to a pod search.
type usersMode int

const (
	usersList usersMode = iota
	usersSearch
)

// Tab is the Users tab: every user of the pod, loaded in the background
// a few pages at a time and filtered, sorted and counted locally; a pod
// search for users of other pods; a detail pane, and the user admin
// actions.
type Tab struct {
	c *ui.Common
	d tab.Deps

	width, height int
	table         *ui.Table // what is shown: list or found
	list          *ui.Table // the directory: every user loaded, and those looked up or created since
	found         *ui.Table // the pod search's answer

	recs    map[int64]userRec // every user seen, by id
	listIDs []int64           // the admin list, pod order
	mode    usersMode         // what the table shows

	// The admin list, loaded whole: pages in flight, the generation of the
	// load, whether it is done.
	pages    *tab.Pages[userRec]
	listGen  ui.Generation
	listDone bool
	window   int // list pages in flight at most
	listErr  error

	// The local filter ("/") and the status shown (f).
	filter string
	status statusScope

	// The pod search (":users QUERY"): its own generation, so that a search
	// never drops the list's pages, and its own pages.
	query    string
	count    int64 // search total, per the pod
	exact    int   // exact lookup hits the search itself did not return
	search   *tab.Pages[userRec]
	gen      ui.Generation // bumped by every new search or lookup
	loading  bool          // a search is loading
	err      error         // last search failure, shown with the retry key
	lookedUp string        // the filter an automatic exact lookup already ran for
	note     string        // the status line's note that details take the cursor row only, while it holds

	ticking  bool      // a highlight repaint tick is scheduled
	hlUntil  time.Time // when the last highlight ends
	synced   bool      // the presence column was loaded from the tracker once
	learned  uint64    // the tracker's Learned when the column last followed it
	after    func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	copyText func(text string) (how string, err error)

	input     textinput.Model // the filter input
	inputOpen bool

	detail usersDetail
	rooms  *userRooms // the rooms of one user, when shown (o)

	roles []pod.RoleDetail // the pod's roles, loaded once
	job   *tab.Job         // a change of many users in flight

	selfID int64 // the caller (sessioninfo): who is external, who must not be locked out

	shared shared // one copy of the values most users repeat
}

// usersPageSize is one admin list page: the most the pod accepts.
const usersPageSize = 1000

// usersLoadWindow is how many admin list pages are in flight at once.
const usersLoadWindow = 8

// usersSearchPageSize is one search page (the pod's maximum).
const usersSearchPageSize = 100

// usersSearchMax is the most search results loaded: a search is for what
// the directory lacks (users of other pods); a wider one should be narrowed.
const usersSearchMax = 2000

// usersLookupDelay is the pause in typing before a filter that matches
// nobody and reads like an email or an id is looked up on the pod.
const usersLookupDelay = 300 * time.Millisecond

// usersHighlight is how long a row whose presence changed stays highlighted.
const usersHighlight = 4 * time.Second

// New returns the Users tab. Its list starts loading in Init.
func New(c *ui.Common, d tab.Deps) *Tab {
	in := textinput.New()
	in.Prompt = "filter: "
	in.Placeholder = "name, username, email, company, title, status or id"
	in.Cursor.SetMode(cursor.CursorStatic)
	v := &Tab{
		c:        c,
		d:        d,
		list:     newUsersTable(c),
		found:    newUsersTable(c),
		recs:     map[int64]userRec{},
		window:   usersLoadWindow,
		after:    tea.Tick,
		copyText: tab.SystemClipboard,
		input:    in,
		width:    80,
		height:   20,
	}
	v.table = v.list
	v.list.SetCellSource(v.cell)
	v.found.SetCellSource(v.cell)
	v.list.SetEmpty("loading users…")
	v.list.SetNoMatch("no user matches here · :users QUERY searches the pod (users of other pods)")
	v.found.SetNoMatch("no user of this search matches the filter")
	v.found.SetMarksAside(v.list.MarkCount) // the list's marks, hidden while a search shows
	v.layout()
	return v
}

// newUsersTable is the table of users: the list's and the search's.
func newUsersTable(c *ui.Common) *ui.Table {
	return ui.NewTable(c,
		ui.Column{Title: "Name", Min: 16, Max: 32, Flex: true, Priority: 10},
		ui.Column{Title: "Username", Min: 12, Max: 20, Priority: 3},
		ui.Column{Title: "Email", Min: 24, Max: 36, Priority: 8},
		ui.Column{Title: "Company", Min: 8, Max: 20, Priority: 2},
		ui.Column{Title: "Title", Min: 8, Max: 24, Priority: 1},
		ui.Column{Title: "Status", Min: 8, Max: 9, Priority: 7},
		ui.Column{Title: "Presence", Min: 12, Max: 14, Priority: 6, NoFilter: true},
	)
}

// WithClipboard replaces how copy reaches the clipboard (tests; a
// terminal that should only ever get OSC 52). fn reports how it copied.
func (v *Tab) WithClipboard(fn func(text string) (how string, err error)) *Tab {
	v.copyText = fn
	return v
}

// WithTimer replaces the timer behind the search debounce and the detail
// pane's delay (tea.Tick): tests fire it at once.
func (v *Tab) WithTimer(after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd) *Tab {
	v.after = after
	return v
}

// Init starts loading the admin list, and learns who the caller is:
// presence interest goes to users of other pods, and the console must not
// disable or suspend the account it signs in as.
// A session that may not list the directory searches it instead
// (asuser.go): nothing loads until the first search.
func (v *Tab) Init() tea.Cmd {
	if v.searchOnly() {
		v.startSearchOnly()
		return tab.LoadSelf(ViewID, v.d)
	}
	return tea.Batch(v.reload(), tab.LoadSelf(ViewID, v.d))
}

// Title implements ui.View.
func (v *Tab) Title() string { return "Users" }

// Tally implements ui.Tallier: every user loaded (those looked up or
// created included), with the rows a filter or a pod search shows beside
// it.
func (v *Tab) Tally() ui.Tally {
	if v.searchOnly() {
		return v.searchOnlyTally()
	}
	t := ui.Tally{Total: v.list.Len(), Loading: !v.listDone || v.loading}
	if v.mode == usersSearch {
		t.Shown, t.Narrowed = v.found.Shown(), true
	} else if v.list.Narrowed() {
		t.Shown, t.Narrowed = v.list.Shown(), true
	}
	return t
}

// Count implements ui.View: the tab's total (Tally says more).
func (v *Tab) Count() (int, bool) {
	t := v.Tally()
	return t.Total, t.Loading
}

// SetSize implements ui.View.
func (v *Tab) SetSize(w, h int) {
	v.width, v.height = max(w, 1), max(h, 1)
	v.layout()
}

// InputFocused implements ui.View: the filter input.
func (v *Tab) InputFocused() bool {
	return v.inputOpen || (v.rooms != nil && v.rooms.table.Filtering())
}

// Owns implements ui.View.
func (v *Tab) Owns(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case ui.CommandMsg:
		return msg.Name == "user" || msg.Name == "users" || tab.IsExport(msg)
	case tab.PresenceChangedMsg:
		return true
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View; disabled (read-only) bindings are skipped
// by the root. Generic actions are relabelled with what they do to a user.
// Actions the session may not perform are left out (see access.go).
func (v *Tab) KeyBindings() []key.Binding {
	if v.rooms != nil {
		return v.roomsBindings()
	}
	a, x, c := v.c.Keys.Action, v.actions(), v.c
	filter := tab.Relabel(v.c.Keys.Table.Filter, "filter every user loaded")
	if v.searchOnly() {
		filter = x.search.Offered(c)
	}
	return append(append(v.job.Bindings(v.c.Keys.Global.Back),
		filter,
		x.status.Offered(c),
		tab.Relabel(a.Open, "details"),
		a.Refresh,
		a.Copy, a.CopyEmail,
		x.create.Offered(c), x.edit.Offered(c), x.addRole.Offered(c), x.removeRole.Offered(c),
		x.features.Offered(c), x.disable.Offered(c), x.enable.Offered(c), x.suspend.Offered(c),
		x.message.Offered(c), x.rooms.Offered(c), x.offboard.Offered(c), tab.RawKey(c, epRawLookup),
	), v.navBindings()...)
}

// navBindings are the table's bindings minus its filter ("/" is the tab's).
// While the detail pane has more than it shows, the half-page keys scroll it.
func (v *Tab) navBindings() []key.Binding {
	k := v.c.Keys
	up, down := k.Nav.HalfPageUp, k.Nav.HalfPageDown
	if v.detailOverflows() {
		up, down = tab.Relabel(up, "scroll details up"), tab.Relabel(down, "scroll details down")
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Top, k.Nav.Bottom, k.Nav.PageUp, k.Nav.PageDown,
		up, down, k.Table.Select, k.Table.SelectAll, k.Table.Sort, k.Table.SortReverse, k.Table.SortClear}
}

// Update implements ui.View. Whatever the message did to the rows, the
// detail pane then follows the cursor.
func (v *Tab) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	cmd := v.update(msg)
	return v, tea.Batch(cmd, v.followCursor())
}

func (v *Tab) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := v.offboardMsg(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd := v.key(msg)
		return tea.Batch(cmd, v.refreshNote())
	case tea.MouseMsg:
		return v.mouse(msg)
	case ui.CommandMsg:
		return v.command(msg)
	case ui.Result[usersPage]:
		if msg.Value.Search {
			return v.searchLoaded(msg)
		}
		return v.pageLoaded(msg)
	case usersLookupDue:
		return v.lookupDue(msg)
	case ui.Result[usersLookup]:
		return v.lookupDone(msg)
	case ui.Result[pod.User]:
		if msg.Err == nil {
			v.selfID = msg.Value.ID
			tab.PresenceInterest(v.d, v.selfID, v.listIDs)
		}
		return nil
	case tab.PresenceChangedMsg:
		return v.presenceChanged(msg)
	case ui.Result[presenceLookup]:
		v.presenceLooked(msg.Value)
		return nil
	case usersRepaint:
		v.ticking = false
		return v.scheduleRepaint()
	case usersDetailDue:
		return v.detailDue(msg)
	case ui.Result[userInfo]:
		v.detailLoaded(msg)
		return nil
	case ui.Result[userPrep]:
		return v.prepared(msg)
	case ui.Result[userChange]:
		return v.changed(msg)
	case tab.JobProgressMsg:
		cmd, _ := v.job.Progress(msg)
		return cmd
	case ui.Result[userOpDone]:
		return v.opDone(msg)
	case ui.Result[userFound]:
		return v.found1(msg)
	case ui.Result[copyDone]:
		if msg.Err != nil {
			return ui.Error(msg.Err)
		}
		return ui.Info("copied " + msg.Value.What + " " + ui.Sanitize(msg.Value.Text) + " (" + msg.Value.How + ")" + msg.Value.Note)
	case ui.ConfirmResultMsg:
		return v.confirmed(msg)
	case ui.FormResultMsg:
		return v.formDone(msg)
	case ui.PickerResultMsg:
		return v.picked(msg)
	case featuresResultMsg:
		return v.featuresDone(msg)
	}
	return nil
}

// key handles a key for the tab.
func (v *Tab) key(k tea.KeyMsg) tea.Cmd {
	if v.inputOpen && v.searchOnly() {
		return v.searchInputKey(k)
	}
	if v.inputOpen {
		return v.inputKey(k)
	}
	if v.rooms != nil {
		return v.roomsKey(k)
	}
	km := v.c.Keys
	a, x, c := km.Action, v.actions(), v.c
	switch {
	case key.Matches(k, km.Global.Back) && v.job.Stoppable():
		return v.job.Stop() // before it backs out of anything
	case key.Matches(k, km.Table.Filter) && v.searchOnly():
		if !x.search.Offered(c).Enabled() {
			return tab.WhyNot(c, k, x.search)
		}
		return v.openSearchInput()
	case key.Matches(k, km.Table.Filter):
		v.inputOpen = true
		v.input.SetValue(v.filter)
		v.input.CursorEnd()
		v.layout()
		return v.input.Focus()
	case key.Matches(k, km.Global.Back) && (v.filter != "" || v.mode == usersSearch):
		// esc drops the filter, then the pod search.
		if v.filter != "" {
			v.input.SetValue("")
			return v.filterChanged("")
		}
		v.showList()
		return nil
	case key.Matches(k, x.status.Offered(c)):
		v.setStatus(v.status.next())
		return nil
	case key.Matches(k, a.Open):
		v.detail.open = !v.detail.open
		v.layout()
		if note := v.cursorOnly("details"); note != "" && v.detail.open {
			v.note = strings.TrimPrefix(note, " · ")
			return tea.Batch(v.scheduleDetail(), ui.Info(v.note))
		}
		return v.scheduleDetail()
	case key.Matches(k, km.Nav.HalfPageDown) && v.detailOverflows():
		v.scrollDetail(1)
		return nil
	case key.Matches(k, km.Nav.HalfPageUp) && v.detailOverflows():
		v.scrollDetail(-1)
		return nil
	case key.Matches(k, a.Refresh):
		if v.mode == usersSearch && v.query != "" {
			return v.startSearch(v.query)
		}
		if v.searchOnly() {
			return nil // nothing searched yet
		}
		return v.reload()
	case key.Matches(k, a.Copy):
		return v.copyCmd("id")
	case key.Matches(k, a.CopyEmail):
		return v.copyCmd("email")
	case key.Matches(k, x.create.Offered(c)):
		return v.createForm()
	case key.Matches(k, x.edit.Offered(c)):
		return v.prepare(prepEdit)
	case key.Matches(k, x.addRole.Offered(c)):
		return v.prepare(prepAddRole)
	case key.Matches(k, x.removeRole.Offered(c)):
		return v.prepare(prepRemoveRole)
	case key.Matches(k, x.features.Offered(c)):
		return v.prepare(prepFeatures)
	case key.Matches(k, x.disable.Offered(c)):
		return v.confirmStatus(pod.UserDisabled)
	case key.Matches(k, x.enable.Offered(c)):
		return v.confirmStatus(pod.UserEnabled)
	case key.Matches(k, x.suspend.Offered(c)):
		return v.suspendOrLift()
	case key.Matches(k, x.message.Offered(c)):
		return v.startIM()
	case key.Matches(k, a.Raw):
		return v.raw()
	case key.Matches(k, x.rooms.Offered(c)):
		return v.openRooms()
	case key.Matches(k, x.offboard.Offered(c)):
		if r, ok := v.cursorRec(); ok {
			return v.startOffboard(r.ID, r.Name, nil, offboardHidden{})
		}
		return nil
	}
	if cmd := tab.WhyNot(c, k, x.all()...); cmd != nil {
		return cmd
	}
	if _, cmd := v.table.HandleKey(k); cmd != nil {
		return cmd
	}
	return v.scheduleDetail()
}

// TabArgs implements ui.TabArger: ":users QUERY" searches the pod.
func (v *Tab) TabArgs() (args, help string) {
	return "QUERY", "search the pod's users"
}

// command handles ":user ID|EMAIL" and ":users [QUERY]": the pod's search,
// for users the directory does not hold (other pods').
func (v *Tab) command(msg ui.CommandMsg) tea.Cmd {
	if tab.IsExport(msg) {
		return v.exportShown(msg)
	}
	arg := strings.TrimSpace(msg.Arg)
	if msg.Name == "users" {
		if arg == "" {
			v.showList()
			return nil
		}
		return v.startSearch(arg)
	}
	if arg == "" {
		return ui.Warn("usage: :user ID|EMAIL|USERNAME")
	}
	return v.lookup(arg)
}

// View implements ui.View.
func (v *Tab) View() string { return v.render() }

// cursorRec is the user under the cursor.
func (v *Tab) cursorRec() (userRec, bool) {
	id, err := strconv.ParseInt(v.table.CursorID(), 10, 64)
	if err != nil {
		return userRec{}, false
	}
	r, ok := v.recs[id]
	return r, ok
}
