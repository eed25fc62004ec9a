package rooms

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// ViewID tags every result and command of the Rooms tab (and of its
// members sub-view), so the root routes them here even while another tab is
// shown.
const ViewID = "rooms"

// Tab is the Rooms tab: every room of the pod, loaded in the background
// and sorted and narrowed by state and access locally; the pod's room
// search for a query, a member or an owner; a detail pane, room
// create/edit/deactivate, and the members sub-view of one room.
type Tab struct {
	c *ui.Common
	d tab.Deps

	width, height int

	table  *ui.Table           // what is shown: list or found
	list   *ui.Table           // every room of the pod (or that the caller can see)
	found  *ui.Table           // the pod's room search
	rooms  map[string]pod.Room // every room seen, by stream id
	listed map[string]int      // members count of rooms the admin list described (in part)
	source roomSource          // where the list came from: the admin list, or the search standing in for it

	// The list, loaded whole: its pages, the generation of the load, the
	// pod's count, whether it is done, the last failure.
	pages     *tab.Pages[pod.Room]
	listGen   ui.Generation
	listTotal int
	listDone  bool
	listErr   error

	crit roomCriteria // the criteria shown (or being loaded)
	bar  *roomSearchBar
	// The search: its generation (bumped by every new search; pages carry
	// it), its pages, the pod's count of hits and its criteria, resolved.
	gen         ui.Generation
	searchPages *tab.Pages[pod.Room]
	count       int64
	searchFor   pod.RoomSearchCriteria

	loading bool  // a search is loading
	err     error // last search failure, shown with the retry key

	selfID int64            // the caller, for the external column of members
	actor  membership.Actor // the caller and its rights: which endpoint a change takes

	focusID string // a room just created: put the cursor on it when it shows

	detailFor   string // cache key of detail: room id and size
	detailLines []string

	members *roomMembers // nil while the room list is shown
	job     *tab.Job     // a membership change in flight

	copyText func(text string) (how string, err error) // the clipboard
}

// New returns the Rooms tab. Its first search (every room) starts in
// Init.
func New(c *ui.Common, d tab.Deps) *Tab {
	v := &Tab{
		c:        c,
		d:        d,
		rooms:    map[string]pod.Room{},
		listed:   map[string]int{},
		list:     newRoomsTable(c),
		found:    newRoomsTable(c),
		bar:      newRoomSearchBar(c),
		copyText: tab.SystemClipboard,
	}
	v.table = v.list
	v.list.SetCellSource(v.cell)
	v.found.SetCellSource(v.cell)
	v.list.SetEmpty("loading rooms…")
	v.width, v.height = 80, 20
	v.layout()
	return v
}

// newRoomsTable is the table of rooms: the list's and the search's.
func newRoomsTable(c *ui.Common) *ui.Table {
	return ui.NewTable(c,
		ui.Column{Title: "Name", Min: 16, Flex: true, Priority: 10},
		ui.Column{Title: "State", Min: 8, Priority: 6},
		ui.Column{Title: "Access", Min: 7, Priority: 5},
		ui.Column{Title: "Created", Min: 10, Priority: 3},
		ui.Column{Title: "Creator", Min: 8, Max: 20, Priority: 4},
	)
}

// Init starts loading every room and learns who the caller is.
func (v *Tab) Init() tea.Cmd {
	return tea.Batch(v.reload(), tab.LoadSelf(ViewID, v.d))
}

// Title implements ui.View.
func (v *Tab) Title() string { return "Rooms" }

// Tally implements ui.Tallier: the pod's rooms, with the rooms a search
// or the state and access criteria show beside them. It stays the rooms'
// while a room's members are open: those are counted on the members'
// own title line, not on the tab.
func (v *Tab) Tally() ui.Tally {
	t := ui.Tally{Total: v.list.Len(), Expected: v.listTotal, Loading: !v.listDone || v.loading}
	switch {
	case v.table == v.found:
		t.Shown, t.Narrowed = int(max(v.count, int64(v.found.Len()))), true
		if v.found.Narrowed() {
			t.Shown = v.found.Shown()
		}
	case v.list.Narrowed():
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
	if v.members != nil {
		v.members.setSize(v.width, v.height)
	}
}

// InputFocused implements ui.View: the search bar, the table's filter.
func (v *Tab) InputFocused() bool {
	if v.members != nil {
		return v.members.table.Filtering()
	}
	return v.bar.open || v.table.Filtering()
}

// Owns implements ui.View.
func (v *Tab) Owns(msg tea.Msg) bool {
	if cmd, ok := msg.(ui.CommandMsg); ok {
		return cmd.Name == "room" || cmd.Name == "rooms" || cmd.Name == "members" || tab.IsExport(cmd)
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View; disabled (read-only) bindings are skipped
// by the root.
// Actions the session may not perform are left out (see access.go).
func (v *Tab) KeyBindings() []key.Binding {
	a, g, c := v.c.Keys.Action, v.c.Keys.Global, v.c
	if v.members != nil {
		back := g.Back
		if v.job.Stoppable() {
			back = tab.Relabel(g.Back, "stop the change")
		}
		x := v.memberActions()
		return withoutDuplicates([]key.Binding{x.add.Offered(c), x.bulkAdd.Offered(c), x.remove.Offered(c), x.promote.Offered(c),
			x.demote.Offered(c), a.Refresh, tab.RawKey(c, epRawMembers), back},
			v.members.table.KeyBindings())
	}
	// In the room list "/" edits the server search, not a local filter.
	x := v.roomActions()
	back := tab.Relabel(g.Back, "clear search")
	if v.job.Stoppable() {
		back = tab.Relabel(g.Back, "stop the change")
	}
	return withoutDuplicates([]key.Binding{x.search.Offered(c), x.open.Offered(c), a.Refresh, x.create.Offered(c), x.edit.Offered(c),
		x.deactivate.Offered(c), x.reactivate.Offered(c), tab.Relabel(a.Copy, "copy stream id"), tab.RawKey(c, epRawRoom), back},
		v.table.KeyBindings())
}

// withoutDuplicates appends to own the bindings of more that use other keys.
func withoutDuplicates(own, more []key.Binding) []key.Binding {
	used := map[string]bool{}
	for _, b := range own {
		for _, k := range b.Keys() {
			used[k] = true
		}
	}
	for _, b := range more {
		if ks := b.Keys(); len(ks) > 0 && !used[ks[0]] {
			own = append(own, b)
		}
	}
	return own
}

// Update implements ui.View.
func (v *Tab) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if v.members != nil {
			return v, v.membersKey(msg)
		}
		return v, v.listKey(msg)
	case tea.MouseMsg:
		return v, v.mouse(msg)
	case ui.CommandMsg:
		return v, v.command(msg)
	case roomSearchDue:
		if v.gen.IsCurrent(msg.Gen) {
			return v, v.fetchSearch(msg.Gen, msg.Crit, 0)
		}
		return v, nil
	case ui.Result[roomPage]:
		if msg.Value.Source == sourceSearch {
			return v, v.searchLoaded(msg)
		}
		return v, v.listLoaded(msg)
	case ui.Result[pod.User]:
		if msg.Err == nil {
			v.selfID = msg.Value.ID
			v.actor = membership.ActorOf(msg.Value, v.d.Pod != nil && v.d.Pod.Access().OnBehalf())
			if v.members != nil {
				v.members.selfID, v.members.actor = v.selfID, v.actor
				v.members.render()
				v.members.presenceInterest()
			}
		}
		return v, nil
	case ui.Result[roomSaved]:
		return v, v.roomSaved(msg)
	case ui.Result[setActiveDone]:
		return v, v.setActiveFinished(msg)
	case ui.Result[roomLookup]:
		return v, v.roomLookedUp(msg)
	case ui.Result[roomForEdit]:
		if msg.Err != nil {
			return v, ui.Error(fmt.Errorf("cannot edit %s: %s", ui.Sanitize(msg.Value.Name), tab.PodReason(msg.Err)))
		}
		return v, v.editForm(msg.Value.Room)
	case ui.Result[roomCopied]:
		if msg.Err != nil {
			return v, ui.Error(fmt.Errorf("cannot copy the stream id: %w", msg.Err))
		}
		return v, ui.Info("copied stream id " + msg.Value.ID + " (" + msg.Value.How + ")")
	case tab.JobProgressMsg:
		cmd, _ := v.job.Progress(msg)
		return v, cmd
	case ui.Result[memberOpDone]:
		// Said even when the operator went back to the list meanwhile.
		v.job = nil
		cmd := memberOpStatus(msg.Value)
		if m := v.members; m != nil && m.roomID == msg.Value.Payload.RoomID {
			// Marks the filter hid and rows that failed stay: a retry is one key.
			m.table.Unmark(tab.RowIDs(tab.Succeeded(msg.Value.Report, msg.Value.Payload.IDs))...)
			if self := msg.Value.Payload.HeldBack; self != 0 {
				m.table.Unmark(tab.RowIDs([]int64{self})...)
			}
			cmd = tea.Batch(cmd, m.load())
		}
		return v, cmd
	case ui.ConfirmResultMsg:
		return v, v.confirmed(msg)
	case ui.Result[setDone]:
		return v, v.setFinished(msg)
	case ui.FormResultMsg:
		return v, v.formDone(msg)
	}
	if v.members != nil {
		return v, v.membersMsg(msg)
	}
	return v, nil
}

// listKey handles a key while the room list is shown.
func (v *Tab) listKey(k tea.KeyMsg) tea.Cmd {
	if v.bar.open {
		return v.barKey(k)
	}
	if v.table.Filtering() {
		_, cmd := v.table.HandleKey(k)
		return cmd
	}
	km, x, c := v.c.Keys, v.roomActions(), v.c
	switch {
	case key.Matches(k, km.Global.Back) && v.job.Stoppable():
		return v.job.Stop()
	case key.Matches(k, x.search.Offered(c)):
		// The room list is a server search: "/" edits its criteria.
		return v.bar.openBar(v.crit)
	case key.Matches(k, km.Global.Back):
		// esc clears the filter, then the marks, then the search.
		if handled, cmd := v.table.HandleKey(k); handled {
			return cmd
		}
		if !v.crit.empty() {
			v.crit = roomCriteria{}
			return v.search(0)
		}
		return nil
	case key.Matches(k, x.open.Offered(c)):
		if r, ok := v.cursorRoom(); ok {
			return tea.Batch(v.openMembers(r), v.cursorOnly("opened", r))
		}
		return nil
	case key.Matches(k, km.Action.Refresh):
		if v.table == v.found {
			return v.search(0)
		}
		return v.reload()
	case key.Matches(k, x.create.Offered(c)):
		return v.createForm()
	case key.Matches(k, x.edit.Offered(c)):
		if r, ok := v.cursorRoom(); ok {
			return tea.Batch(v.loadForEdit(r), v.cursorOnly("editing", r))
		}
		return nil
	case key.Matches(k, km.Action.Copy):
		return v.copyID()
	case key.Matches(k, x.deactivate.Offered(c)):
		return v.confirmSetActive(false)
	case key.Matches(k, x.reactivate.Offered(c)):
		return v.confirmSetActive(true)
	case key.Matches(k, km.Action.Raw):
		return v.raw()
	}
	if cmd := tab.WhyNot(c, k, x.all()...); cmd != nil {
		return cmd
	}
	_, cmd := v.table.HandleKey(k)
	v.refreshDetail()
	return cmd
}

// cursorOnly says that a single-room action took the cursor row, not the
// marked rooms (nil when none is marked).
func (v *Tab) cursorOnly(doing string, r pod.Room) tea.Cmd {
	n := v.table.MarkCount()
	if n == 0 {
		return nil
	}
	s := doing + " the cursor row " + ui.Sanitize(r.RoomAttributes.Name) + ", not the " +
		tab.Plural(n, "marked room", ui.Thousands(n)+" marked rooms")
	if h := v.table.HiddenMarks(); h > 0 {
		s += " (" + tab.Plural(h, "hidden by the filter", ui.Thousands(h)+" hidden by the filter") + ")"
	}
	return ui.Info(s)
}

// cursorRoom is the room under the cursor.
func (v *Tab) cursorRoom() (pod.Room, bool) {
	r, ok := v.rooms[v.table.CursorID()]
	return r, ok
}

// TabArgs implements ui.TabArger: ":rooms QUERY" searches the pod.
func (v *Tab) TabArgs() (args, help string) {
	return "QUERY", "search the pod's rooms"
}

// command handles ":room ID|NAME" and ":rooms QUERY".
func (v *Tab) command(msg ui.CommandMsg) tea.Cmd {
	if tab.IsExport(msg) {
		return v.exportShown(msg)
	}
	arg := strings.TrimSpace(msg.Arg)
	if msg.Name == "members" {
		return v.membersCommand(arg)
	}
	if msg.Name == "rooms" || arg == "" {
		v.closeMembers()
		if arg == "" {
			return nil
		}
		c := v.crit
		c.Query = arg
		v.crit = c
		return v.search(0)
	}
	return v.lookupRoom(arg)
}

// View implements ui.View.
func (v *Tab) View() string {
	if v.members != nil {
		return v.members.view(v.job)
	}
	return v.listView()
}
