package rooms

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// roomMembers is the members sub-view of the Rooms tab: one room's members
// with their names, and the membership changes an owner can make.
type roomMembers struct {
	c *ui.Common
	d tab.Deps

	roomID, roomName string
	active           bool
	canInvite        bool             // membersCanInvite: members may add others
	actor            membership.Actor // who makes the changes (ID 0 until known)

	table   *ui.Table
	list    []pod.MemberInfo
	byID    map[int64]pod.MemberInfo
	owners  int // among list, counted when it loads: view only reads it
	gen     ui.Generation
	loading bool
	err     error
	selfID  int64

	// Names are looked up after the members show, memberNameBatch ids a
	// request, memberNameWindow requests at a time.
	unnamed  [][]int64 // batches not asked yet
	inflight int
	naming   bool

	width, height int
}

// memberList is a room's membership.
type memberList struct {
	RoomID  string
	Members []pod.MemberInfo
}

// memberNames says a batch of members' names reached Deps.Names (or could
// not be had: those stay "#id").
type memberNames struct {
	RoomID string
	IDs    []int64
}

const (
	memberNameBatch  = 100 // the most ids one lookup takes
	memberNameWindow = 4   // lookups in flight at once
)

// openMembers shows the members of r and starts loading them.
func (v *Tab) openMembers(r pod.Room) tea.Cmd {
	v.bar.close()
	m := &roomMembers{
		c: v.c, d: v.d,
		roomID: r.RoomSystemInfo.ID, roomName: r.RoomAttributes.Name, active: r.RoomSystemInfo.Active,
		canInvite: r.RoomAttributes.MembersCanInvite,
		byID:      map[int64]pod.MemberInfo{},
		selfID:    v.selfID, actor: v.actor,
		table: ui.NewTable(v.c,
			ui.Column{Title: "Name", Min: 12, Max: 40, Flex: true, Priority: 10},
			ui.Column{Title: "Email", Min: 12, Max: 40, Flex: true, Priority: 6},
			ui.Column{Title: "Owner", Min: 5, Priority: 8},
			ui.Column{Title: "Joined", Min: 10, Priority: 4},
			ui.Column{Title: "External", Min: 8, Priority: 5},
			ui.Column{Title: "ID", Min: 8, Priority: 1, Numeric: true},
		),
	}
	m.table.SetEmpty("loading members…")
	m.setSize(v.width, v.height)
	v.members = m
	return m.load()
}

// closeMembers goes back to the room list.
func (v *Tab) closeMembers() {
	v.members = nil
}

func (m *roomMembers) setSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-2, 1))
}

// load fetches the membership (one request: the pod does not page it);
// the names come after, as they resolve.
func (m *roomMembers) load() tea.Cmd {
	gen := m.gen.Next()
	m.loading, m.err = true, nil
	m.unnamed, m.inflight, m.naming = nil, 0, false
	d, id := m.d, m.roomID
	return ui.Run(ViewID, gen, func() (memberList, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		ms, err := d.Pod.RoomMembers(ctx, id)
		return memberList{RoomID: id, Members: ms}, err
	})
}

// nameMembers queues the members whose names are not known yet, in
// batches, and asks for the first ones.
func (m *roomMembers) nameMembers() tea.Cmd {
	if m.d.Names == nil {
		return nil
	}
	ids := make([]int64, len(m.list))
	for i, mi := range m.list {
		ids[i] = mi.ID
	}
	missing := m.d.Names.Missing(ids)
	for len(missing) > 0 {
		n := min(len(missing), memberNameBatch)
		m.unnamed = append(m.unnamed, missing[:n:n])
		missing = missing[n:]
	}
	return m.askNames()
}

// askNames sends lookups while fewer than the window are in flight.
func (m *roomMembers) askNames() tea.Cmd {
	var cmds []tea.Cmd
	for m.inflight < memberNameWindow && len(m.unnamed) > 0 {
		batch := m.unnamed[0]
		m.unnamed = m.unnamed[1:]
		m.inflight++
		d, room := m.d, m.roomID
		cmds = append(cmds, ui.Run(ViewID, m.gen.Current(), func() (memberNames, error) {
			ctx, cancel := d.CallContext()
			defer cancel()
			_ = d.Names.Resolve(ctx, d.Pod, batch) // unknown names show as "#id"
			return memberNames{RoomID: room, IDs: batch}, nil
		}))
	}
	m.naming = m.inflight > 0
	return tea.Batch(cmds...)
}

// named shows the names of a batch and asks for the next one.
func (m *roomMembers) named(msg ui.Result[memberNames]) tea.Cmd {
	if !m.gen.IsCurrent(msg.Gen) {
		return nil
	}
	m.inflight--
	for _, id := range msg.Value.IDs {
		if mi, ok := m.byID[id]; ok {
			row := m.row(mi)
			m.table.UpdateRow(row.ID, row.Cells)
		}
	}
	return m.askNames()
}

// membersMsg handles the messages of the members sub-view.
func (v *Tab) membersMsg(msg tea.Msg) tea.Cmd {
	m := v.members
	switch msg := msg.(type) {
	case ui.Result[memberList]:
		if msg.Value.RoomID != m.roomID || !m.gen.IsCurrent(msg.Gen) {
			return nil
		}
		return m.loaded(msg)
	case ui.Result[memberNames]:
		if msg.Value.RoomID != m.roomID {
			return nil
		}
		return m.named(msg)
	case ui.PickerQueryMsg:
		return m.pickerQuery(msg)
	case ui.PickerResultMsg:
		return m.picked(msg)
	case bulkTextMsg:
		return m.bulkResolve(msg)
	case ui.Result[bulkResolution]:
		return m.bulkResolved(msg)
	case setTextMsg:
		return m.setPlan(msg)
	case ui.Result[setPlanned]:
		return m.setPlanned(msg)
	}
	return nil
}

func (m *roomMembers) loaded(msg ui.Result[memberList]) tea.Cmd {
	m.loading = false
	if msg.Err != nil {
		m.err = msg.Err
		m.table.SetEmpty("could not load the members")
		return ui.Error(msg.Err)
	}
	m.err = nil
	m.list = msg.Value.Members
	clear(m.byID)
	m.owners = 0
	for _, mi := range m.list {
		m.byID[mi.ID] = mi
		if mi.Owner {
			m.owners++
		}
	}
	m.render()
	m.table.SetEmpty("no members")
	m.presenceInterest()
	return m.nameMembers()
}

// presenceInterest asks the tracker to follow the presence of the external
// members listed.
func (m *roomMembers) presenceInterest() {
	ids := make([]int64, len(m.list))
	for i, mi := range m.list {
		ids[i] = mi.ID
	}
	tab.PresenceInterest(m.d, m.selfID, ids)
}

// render rebuilds the rows (names may have arrived since).
func (m *roomMembers) render() {
	rows := make([]ui.Row, len(m.list))
	for i, mi := range m.list {
		rows[i] = m.row(mi)
	}
	m.table.SetRows(rows)
}

// row is the table row of a member, named as far as Deps.Names knows.
func (m *roomMembers) row(mi pod.MemberInfo) ui.Row {
	var email string
	if m.d.Names != nil {
		if u, ok := m.d.Names.Get(mi.ID); ok {
			email = u.EmailAddress
		}
	}
	owner, external := "", ""
	if mi.Owner {
		owner = "owner"
	}
	if tab.IsExternal(mi.ID, m.selfID) {
		external = "external"
	}
	return ui.Row{ID: strconv.FormatInt(mi.ID, 10), Cells: []string{
		m.label(mi.ID), email, owner, tab.Date(mi.JoinDate), external, strconv.FormatInt(mi.ID, 10),
	}}
}

func (m *roomMembers) label(id int64) string {
	if m.d.Names == nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	return m.d.Names.Label(id)
}

// membersKey handles a key while the members are shown.
func (v *Tab) membersKey(k tea.KeyMsg) tea.Cmd {
	m := v.members
	if m.table.Filtering() {
		_, cmd := m.table.HandleKey(k)
		return cmd
	}
	a, x, c := v.c.Keys.Action, v.memberActions(), v.c
	switch {
	case key.Matches(k, v.c.Keys.Global.Back) && v.job.Stoppable():
		// esc stops a change in flight before it backs out of anything.
		return v.job.Stop()
	case key.Matches(k, v.c.Keys.Global.Back):
		// esc clears the filter, then the marks, then goes back.
		if handled, cmd := m.table.HandleKey(k); handled {
			return cmd
		}
		v.closeMembers()
		v.refreshDetail()
		return nil
	case key.Matches(k, a.Refresh):
		return m.load()
	case key.Matches(k, x.add.Offered(c)):
		return m.openPicker()
	case key.Matches(k, x.bulkAdd.Offered(c)):
		return m.openBulk()
	case key.Matches(k, x.remove.Offered(c)):
		return m.confirmOp(opRemoveMember)
	case key.Matches(k, x.promote.Offered(c)):
		return m.confirmOp(opPromoteMember)
	case key.Matches(k, x.demote.Offered(c)):
		return m.confirmOp(opDemoteMember)
	case key.Matches(k, a.Raw):
		return m.raw()
	}
	if cmd := tab.WhyNot(c, k, x.all()...); cmd != nil {
		return cmd
	}
	_, cmd := m.table.HandleKey(k)
	return cmd
}

// view renders the title line, the table and the error line, or the
// line of a change in flight.
func (m *roomMembers) view(job *tab.Job) string {
	st := m.c.Styles
	const inactive = "INACTIVE (membership locked)"
	count := tab.Plural(len(m.list), "1 member", ui.Thousands(len(m.list))+" members") + " · " + tab.Plural(m.owners, "1 owner", ui.Thousands(m.owners)+" owners")
	if m.table.Narrowed() {
		count = ui.Thousands(m.table.Shown()) + " of " + count
	}
	switch {
	case m.loading:
		count = "loading… · " + count
	case m.naming:
		count += " · names ↻"
	}
	back := m.c.Keys.Global.Back.Help().Key + " rooms"
	// The name gets what the rest leaves: a long one must not hide the
	// counts and the state.
	rest := ansi.StringWidth("Rooms ›  · "+count) + ansi.StringWidth(back) + 1
	if !m.active {
		rest += 1 + len(inactive)
	}
	title := st.DialogTitle.Render(ansi.Truncate(ui.Sanitize(m.roomName), max(m.width-rest, 12), "…"))
	if !m.active {
		title += " " + st.StatusWarn.Render(inactive)
	}
	head := tab.SpreadLine(st.Muted.Render("Rooms › ")+title+st.Muted.Render(" · "+count), st.Muted.Render(back), m.width)
	var foot string
	switch {
	case job != nil:
		foot = job.Line(st, m.c.Keys.Global.Back.Help().Key)
	case m.err != nil:
		foot = tab.FailedLine(st, "could not load the members", m.err, m.c.Keys.Action.Refresh.Help().Key, m.width)
	}
	return head + "\n" + m.table.View() + "\n" + tab.SpreadLine(foot, "", m.width)
}

// targets are the marked members, or the one under the cursor.
func (m *roomMembers) targets() (recs []pod.MemberInfo, hidden string, refuse tea.Cmd) {
	return tab.TargetsIn(m.table, m.byID)
}

// targetLabel names a user in dialogs: "Name <email>".
func (m *roomMembers) targetLabel(id int64) string {
	l := m.label(id)
	if m.d.Names != nil {
		if u, ok := m.d.Names.Get(id); ok && u.EmailAddress != "" {
			l += " <" + ui.Sanitize(u.EmailAddress) + ">"
		}
	}
	return l
}
