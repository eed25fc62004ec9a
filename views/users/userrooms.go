package users

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// userRooms is the sub-view of one user's rooms (o on a user): every room,
// IM and MIM they belong to, inactive ones too, with their role in each,
// read afresh from the pod (membership.ReadUserRooms: the admin user
// streams list, then each room's membership list, a few at a time).
type userRooms struct {
	c *ui.Common
	d tab.Deps

	uid  int64
	name string // the user, raw

	table    *ui.Table
	rooms    []userRoom
	byID     map[string]*userRoom
	owned    int // rooms where the user is an owner: view only reads it
	requests int // what the last read cost
	gen      ui.Generation
	loading  bool
	err      error

	width, height int
}

// userRoom is a room as the sub-view keeps it: what its row and its
// export say. Not the room's member list: an account in thousands of rooms
// would keep millions of members, which no row shows (offboarding reads
// the rooms again).
type userRoom struct {
	ID, Name, Type string // raw
	Label          string // raw: sanitise before display
	Role           string
	Active         bool
	IsRoom         bool
	Counted        bool // a room whose members were read: Members and Owners hold
	Members        int
	Owners         int
}

// newUserRoom keeps of r what the sub-view shows of it for the user uid.
func newUserRoom(r *membership.Room, uid int64) userRoom {
	u := userRoom{ID: r.ID, Name: r.Name, Type: r.Type, Label: r.Label(), Role: roleIn(r, uid), Active: r.Active, IsRoom: r.IsRoom()}
	if r.IsRoom() && r.Err == nil {
		u.Counted, u.Members, u.Owners = true, len(r.Members), len(r.Owners())
	}
	return u
}

// userRoomsLoaded is a read of the user's rooms.
type userRoomsLoaded struct {
	UID   int64
	Rooms membership.UserRooms
}

// openRooms shows the rooms of the user under the cursor.
func (v *Tab) openRooms() tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	m := &userRooms{c: v.c, d: v.d, uid: r.ID, name: r.Name, byID: map[string]*userRoom{},
		table: ui.NewTable(v.c,
			ui.Column{Title: "Room", Min: 16, Max: 48, Flex: true, Priority: 10},
			ui.Column{Title: "Type", Min: 4, Priority: 6},
			ui.Column{Title: "Role", Min: 6, Priority: 9},
			ui.Column{Title: "State", Min: 8, Priority: 7},
			ui.Column{Title: "Members", Min: 7, Priority: 5, Numeric: true},
			ui.Column{Title: "Owners", Min: 6, Priority: 4, Numeric: true},
			ui.Column{Title: "ID", Min: 8, Priority: 1},
		)}
	m.table.SetEmpty("loading rooms…")
	m.setSize(v.width, v.height)
	v.rooms = m
	return m.load()
}

func (m *userRooms) setSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-2, 1))
}

// load reads the rooms afresh.
func (m *userRooms) load() tea.Cmd {
	gen := m.gen.Next()
	m.loading, m.err = true, nil
	d, uid := m.d, m.uid
	return ui.Run(ViewID, gen, func() (userRoomsLoaded, error) {
		ctx, cancel := d.RunContext()
		defer cancel()
		rs, err := membership.ReadUserRooms(ctx, d.Pod, uid, d.BulkOptions())
		return userRoomsLoaded{UID: uid, Rooms: rs}, err
	})
}

func (m *userRooms) loaded(msg ui.Result[userRoomsLoaded]) tea.Cmd {
	if msg.Value.UID != m.uid || !m.gen.IsCurrent(msg.Gen) {
		return nil
	}
	m.loading = false
	if msg.Err != nil {
		m.err = msg.Err
		m.table.SetEmpty("could not read the rooms")
		return ui.Error(fmt.Errorf("reading the rooms of %s: %w", ui.Sanitize(m.name), msg.Err))
	}
	read := msg.Value.Rooms.Rooms
	m.requests = msg.Value.Rooms.Requests
	m.rooms = make([]userRoom, len(read))
	clear(m.byID)
	m.owned = 0
	rows := make([]ui.Row, len(read))
	for i := range read {
		r := newUserRoom(&read[i], m.uid)
		m.rooms[i] = r
		m.byID[r.ID] = &m.rooms[i]
		if r.Role == "owner" || r.Role == "last owner" {
			m.owned++
		}
		state := "active"
		if !r.Active {
			state = "inactive"
		}
		members, owners := "", ""
		if r.Counted {
			members, owners = ui.Thousands(r.Members), ui.Thousands(r.Owners)
		}
		rows[i] = ui.Row{ID: r.ID, Cells: []string{r.Label, r.Type, r.Role, state, members, owners, r.ID}}
	}
	m.table.SetRows(rows)
	m.table.SetEmpty("in no room, IM or MIM")
	return nil
}

// roleIn is the user's role in r as the table shows it.
func roleIn(r *membership.Room, uid int64) string {
	if r.Err != nil {
		return "unknown"
	}
	me, ok := r.Member(uid)
	switch {
	case !ok:
		return "gone"
	case !r.IsRoom():
		return "member"
	case me.Owner && len(r.Owners()) == 1:
		return "last owner"
	case me.Owner:
		return "owner"
	}
	return "member"
}

// roomsKey handles a key while the user's rooms are shown.
func (v *Tab) roomsKey(k tea.KeyMsg) tea.Cmd {
	m := v.rooms
	if m.table.Filtering() {
		_, cmd := m.table.HandleKey(k)
		return cmd
	}
	km := v.c.Keys
	switch {
	case key.Matches(k, km.Global.Back) && v.job.Stoppable():
		return v.job.Stop()
	case key.Matches(k, km.Global.Back):
		if handled, cmd := m.table.HandleKey(k); handled {
			return cmd
		}
		v.rooms = nil
		return nil
	case key.Matches(k, km.Action.Refresh):
		return m.load()
	case key.Matches(k, km.Action.Offboard):
		// Marked rooms all hidden: not all of the user's rooms instead.
		if refuse := tab.AllMarksHidden(m.table); refuse != nil {
			return refuse
		}
		return v.startOffboard(m.uid, m.name, m.marked(), m.hiddenMarked())
	case key.Matches(k, km.Action.Open):
		// The room's members, on the Rooms tab.
		if r := m.byID[m.table.CursorID()]; r != nil && r.IsRoom {
			id := r.ID
			return func() tea.Msg { return ui.CommandMsg{Name: "room", Arg: id} }
		}
		return nil
	}
	_, cmd := m.table.HandleKey(k)
	return cmd
}

// marked are the rooms marked, nil when none is (offboarding acts on all).
func (m *userRooms) marked() map[string]bool {
	ids := m.table.Marked()
	if len(ids) == 0 {
		return nil
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// hiddenMarked is the marked rooms the filter hides, each with the
// preview's reason for leaving it out, and the confirm's sentence.
func (m *userRooms) hiddenMarked() offboardHidden {
	ids := m.table.HiddenMarked()
	if len(ids) == 0 {
		return offboardHidden{}
	}
	why := "marked, but hidden by the " + tab.HiddenBy(m.table) + ": left out"
	h := offboardHidden{Note: tab.HiddenLeftOut(m.table), Rooms: make(map[string]string, len(ids))}
	for _, id := range ids {
		h.Rooms[id] = why
	}
	return h
}

// roomsBindings are the keys of the sub-view, for help and the hints.
func (v *Tab) roomsBindings() []key.Binding {
	km := v.c.Keys
	return append(append(v.job.Bindings(km.Global.Back),
		tab.Relabel(km.Global.Back, "back to the users"),
		tab.Relabel(km.Action.Open, "the room's members"),
		km.Action.Refresh,
		tab.Relabel(km.Action.Offboard, "offboard: out of the marked rooms, or all"),
		tab.Relabel(km.Table.Filter, "filter the rooms")),
		km.Nav.Up, km.Nav.Down, km.Nav.Top, km.Nav.Bottom, km.Nav.PageUp, km.Nav.PageDown,
		km.Table.Select, km.Table.SelectAll, km.Table.Sort, km.Table.SortReverse, km.Table.SortClear)
}

// view renders the title line, the table and the foot line.
func (m *userRooms) view(job *tab.Job) string {
	st := m.c.Styles
	rooms, ims := 0, 0
	for i := range m.rooms {
		if m.rooms[i].IsRoom {
			rooms++
		} else {
			ims++
		}
	}
	count := tab.Plural(rooms, "1 room", "%d rooms")
	if ims > 0 {
		count += " · " + tab.Plural(ims, "1 IM or MIM", "%d IMs and MIMs")
	}
	count += " · owner of " + strconv.Itoa(m.owned)
	if m.table.Narrowed() {
		count = ui.Thousands(m.table.Shown()) + " shown · " + count
	}
	switch {
	case m.loading:
		count = "reading… · " + count
	case m.requests > 0:
		count += " · read in " + tab.Plural(m.requests, "1 request", "%d requests")
	}
	back := m.c.Keys.Global.Back.Help().Key + " users"
	head := tab.SpreadLine(st.Muted.Render("Users › ")+st.DialogTitle.Render(ansi.Truncate(ui.Sanitize(m.name), max(m.width/3, 12), "…"))+
		st.Muted.Render(" · "+count), st.Muted.Render(back), m.width)
	var foot string
	switch {
	case job != nil:
		foot = job.Line(st, m.c.Keys.Global.Back.Help().Key)
	case m.err != nil:
		foot = tab.FailedLine(st, "could not read the rooms", m.err, m.c.Keys.Action.Refresh.Help().Key, m.width)
	default:
		foot = st.Muted.Render(strings.Join([]string{
			m.c.Keys.Action.Offboard.Help().Key + " offboard", m.c.Keys.Table.Select.Help().Key + " mark", m.c.Keys.Action.Open.Help().Key + " members",
		}, " · "))
	}
	return head + "\n" + m.table.View() + "\n" + tab.SpreadLine(foot, "", m.width)
}
