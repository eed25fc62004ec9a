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

// usersMode is what the table shows: the admin list of the whole pod, or
// the answer to a server search.
type usersMode int

const (
	usersList usersMode = iota
	usersSearch
)

// Tab is the Users tab: the whole pod (admin list, paged as the operator
// scrolls) or a server search, a detail pane, and the user admin actions.
type Tab struct {
	c *ui.Common
	d tab.Deps

	width, height int
	table         *ui.Table

	recs     map[int64]userRec      // every user seen, by id
	presence map[int64]pod.Category // last known presence, by id
	listIDs  []int64                // the admin list, pod order
	listDone bool                   // the last list page was short
	mode     usersMode              // what the table shows
	query    string                 // the search shown (mode usersSearch)
	found    []int64                // search results, pod order
	count    int64                  // search total, per the pod
	pos      map[int64]int          // id -> position in the shown order
	gen      ui.Generation          // bumped by every new list or search
	pending  map[int64]userRec      // a user created or looked up: shown when the list has it
	focusID  int64                  // put the cursor here when it shows
	ticking  bool                   // a highlight repaint tick is scheduled
	hlUntil  time.Time              // when the last highlight ends
	synced   bool                   // the presence column was loaded from the tracker once
	after    func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	copyText func(text string) (how string, err error)

	loading, loadingMore bool
	err                  error // last load failure, shown with the retry key

	input     textinput.Model // the search input
	inputOpen bool

	detail usersDetail

	roles []pod.RoleDetail // the pod's roles, loaded once
	job   *tab.Job         // a change of many users in flight

	selfID int64 // the caller (sessioninfo): who is external, who must not be locked out

	searched int // how many rows of the pod's search are loaded (exact lookups come on top)
	extra    int // exact lookup hits the search itself did not return
}

// usersPageSize is one admin list page; the pod accepts up to 1000.
const usersPageSize = 500

// usersSearchPageSize is one search page.
const usersSearchPageSize = 100

// usersSearchDebounce is the pause in typing before the search goes out.
const usersSearchDebounce = 300 * time.Millisecond

// usersLoadAhead: the next page is asked for when the cursor is this close
// to the last loaded row.
const usersLoadAhead = 50

// usersHighlight is how long a row whose presence changed stays highlighted.
const usersHighlight = 4 * time.Second

// New returns the Users tab. Its first page loads in Init.
func New(c *ui.Common, d tab.Deps) *Tab {
	in := textinput.New()
	in.Prompt = "search: "
	in.Placeholder = "name or email (whole pod)"
	in.Cursor.SetMode(cursor.CursorStatic)
	v := &Tab{
		c: c,
		d: d,
		table: ui.NewTable(c,
			ui.Column{Title: "Name", Min: 16, Max: 32, Flex: true, Priority: 10},
			ui.Column{Title: "Username", Min: 12, Max: 20, Priority: 3},
			ui.Column{Title: "Email", Min: 24, Max: 36, Priority: 8},
			ui.Column{Title: "Company", Min: 8, Max: 20, Priority: 2},
			ui.Column{Title: "Title", Min: 8, Max: 24, Priority: 1},
			ui.Column{Title: "Status", Min: 8, Max: 9, Priority: 7},
			ui.Column{Title: "Presence", Min: 12, Max: 14, Priority: 6},
		),
		recs:     map[int64]userRec{},
		presence: map[int64]pod.Category{},
		pos:      map[int64]int{},
		pending:  map[int64]userRec{},
		after:    tea.Tick,
		copyText: tab.SystemClipboard,
		input:    in,
		width:    80,
		height:   20,
	}
	v.table.SetEmpty("loading users…")
	v.layout()
	return v
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

// Init loads the first page of the admin list, and learns who the caller
// is: presence interest goes to users of other pods, and the console must
// not disable or suspend the account it signs in as.
func (v *Tab) Init() tea.Cmd {
	return tea.Batch(v.reload(), tab.LoadSelf(ViewID, v.d))
}

// Title implements ui.View.
func (v *Tab) Title() string { return "Users" }

// Count implements ui.View: the rows loaded, users looked up one by one
// included, as the header says (the search's total while a search is shown).
func (v *Tab) Count() (int, bool) {
	busy := v.loading || v.loadingMore
	if v.mode == usersSearch {
		return int(max(v.count, int64(len(v.found)))), busy
	}
	return v.table.Len(), busy
}

// SetSize implements ui.View.
func (v *Tab) SetSize(w, h int) {
	v.width, v.height = max(w, 1), max(h, 1)
	v.layout()
}

// InputFocused implements ui.View: the search input or the table's filter.
func (v *Tab) InputFocused() bool { return v.inputOpen || v.table.Filtering() }

// Owns implements ui.View.
func (v *Tab) Owns(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case ui.CommandMsg:
		return msg.Name == "user" || msg.Name == "users"
	case tab.PresenceChangedMsg:
		return true
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View; disabled (read-only) bindings are skipped
// by the root. Generic actions are relabelled with what they do to a user.
func (v *Tab) KeyBindings() []key.Binding {
	a := v.c.Keys.Action
	return append(append(v.job.Bindings(v.c.Keys.Global.Back),
		tab.Relabel(v.c.Keys.Table.Filter, "search the pod"),
		tab.Relabel(a.Open, "details"),
		a.Refresh,
		a.Copy, a.CopyEmail,
		tab.Relabel(a.Add, "create user"),
		tab.Relabel(a.Edit, "edit user"),
		tab.Relabel(a.Promote, "add role"),
		tab.Relabel(a.Demote, "remove role"),
		a.Features,
		tab.Relabel(a.Deactivate, "disable user"),
		tab.Relabel(a.Reactivate, "enable user"),
		a.Suspend,
		a.Message,
	), v.navBindings()...)
}

// navBindings are the table's bindings minus its filter ("/" searches).
// While the detail pane has more than it shows, the half-page keys scroll it.
func (v *Tab) navBindings() []key.Binding {
	k := v.c.Keys
	up, down := k.Nav.HalfPageUp, k.Nav.HalfPageDown
	if v.detailOverflows() {
		up, down = tab.Relabel(up, "scroll details up"), tab.Relabel(down, "scroll details down")
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Top, k.Nav.Bottom, k.Nav.PageUp, k.Nav.PageDown,
		up, down, k.Table.Select, k.Table.SelectAll, k.Table.Sort, k.Table.SortReverse}
}

// Update implements ui.View. Whatever the message did to the rows, the
// detail pane then follows the cursor.
func (v *Tab) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	cmd := v.update(msg)
	return v, tea.Batch(cmd, v.followCursor())
}

func (v *Tab) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return v.key(msg)
	case ui.CommandMsg:
		return v.command(msg)
	case usersSearchDue:
		if v.gen.IsCurrent(msg.Gen) {
			return v.fetchSearch(msg.Gen, msg.Query, 0)
		}
		return nil
	case ui.Result[usersPage]:
		return v.pageLoaded(msg)
	case ui.Result[pod.User]:
		if msg.Err == nil {
			v.selfID = msg.Value.ID
			tab.PresenceInterest(v.d, v.selfID, v.shown())
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
	if v.inputOpen {
		return v.inputKey(k)
	}
	km := v.c.Keys
	a := km.Action
	switch {
	case key.Matches(k, km.Global.Back) && v.job.Stoppable():
		return v.job.Stop() // before it backs out of anything
	case key.Matches(k, km.Table.Filter):
		v.inputOpen = true
		v.input.SetValue(v.query)
		v.input.CursorEnd()
		v.layout()
		return v.input.Focus()
	case key.Matches(k, km.Global.Back) && (v.mode == usersSearch || v.query != ""):
		v.query = ""
		v.input.SetValue("")
		v.table.SetFilter("")
		if v.mode == usersSearch {
			v.showList()
		}
		return nil
	case key.Matches(k, a.Open):
		v.detail.open = !v.detail.open
		v.layout()
		if note := v.cursorOnly("details"); note != "" && v.detail.open {
			return tea.Batch(v.scheduleDetail(), ui.Info(strings.TrimPrefix(note, " · ")))
		}
		return v.scheduleDetail()
	case key.Matches(k, km.Nav.HalfPageDown) && v.detailOverflows():
		v.scrollDetail(1)
		return nil
	case key.Matches(k, km.Nav.HalfPageUp) && v.detailOverflows():
		v.scrollDetail(-1)
		return nil
	case key.Matches(k, a.Refresh):
		if v.mode == usersSearch {
			return v.startSearch(v.query, 0)
		}
		return v.reload()
	case key.Matches(k, a.Copy):
		return v.copyCmd("id")
	case key.Matches(k, a.CopyEmail):
		return v.copyCmd("email")
	case key.Matches(k, a.Add):
		return v.createForm()
	case key.Matches(k, a.Edit):
		return v.prepare(prepEdit)
	case key.Matches(k, a.Promote):
		return v.prepare(prepAddRole)
	case key.Matches(k, a.Demote):
		return v.prepare(prepRemoveRole)
	case key.Matches(k, a.Features):
		return v.prepare(prepFeatures)
	case key.Matches(k, a.Deactivate):
		return v.confirmStatus(pod.UserDisabled)
	case key.Matches(k, a.Reactivate):
		return v.confirmStatus(pod.UserEnabled)
	case key.Matches(k, a.Suspend):
		return v.suspendOrLift()
	case key.Matches(k, a.Message):
		return v.startIM()
	}
	if _, cmd := v.table.HandleKey(k); cmd != nil {
		return cmd
	}
	return tea.Batch(v.maybeLoadMore(), v.scheduleDetail())
}

// inputKey edits the search: the loaded rows are filtered at once, and the
// whole pod is searched when the operator pauses. enter keeps the search,
// esc drops it, ctrl+c clears the text (and closes an empty input).
func (v *Tab) inputKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEnter:
		v.closeInput()
		return nil
	case tea.KeyEsc:
		v.closeInput()
		v.input.SetValue("")
		return v.queryChanged("")
	case tea.KeyCtrlC:
		if v.input.Value() == "" {
			v.closeInput()
			return nil
		}
		v.input.SetValue("")
		return v.queryChanged("")
	}
	k, ok := ui.CleanKey(k)
	if !ok {
		return nil
	}
	before := v.input.Value()
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(k)
	if v.input.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, v.queryChanged(v.input.Value()))
}

func (v *Tab) closeInput() {
	v.inputOpen = false
	v.input.Blur()
	v.layout()
}

// queryChanged filters the loaded rows now and schedules the pod search.
// With the whole list loaded the local filter is already the answer.
func (v *Tab) queryChanged(raw string) tea.Cmd {
	q := strings.TrimSpace(ui.Sanitize(raw))
	if q == "" {
		v.query = ""
		v.table.SetFilter("")
		if v.mode == usersSearch {
			v.showList()
		}
		v.gen.Next() // drop a search still in flight
		v.loading = false
		return nil
	}
	if v.mode == usersList {
		v.table.SetFilter(q)
		if v.listDone {
			v.query = q
			v.gen.Next()
			return nil
		}
	}
	return v.startSearch(q, usersSearchDebounce)
}

// command handles ":user ID|EMAIL" and ":users [QUERY]".
func (v *Tab) command(msg ui.CommandMsg) tea.Cmd {
	arg := strings.TrimSpace(msg.Arg)
	if msg.Name == "users" {
		if arg == "" {
			v.query = ""
			v.table.SetFilter("")
			v.showList()
			return nil
		}
		v.input.SetValue(arg)
		return v.startSearch(arg, 0)
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
