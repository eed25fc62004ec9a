package connections

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// ViewID tags every result and command of the Connections tab.
const ViewID = "connections"

// connFilters are the statuses the tab cycles through; ALL first.
var connFilters = []pod.ConnectionStatus{
	pod.ConnectionAll, pod.ConnectionPendingIncoming, pod.ConnectionPendingOutgoing,
	pod.ConnectionAccepted, pod.ConnectionRejected,
}

// Tab is the Connections tab: the caller's connections filtered by
// status, with accept, reject, remove and new requests. The pod's list of
// every status is held (ALL: all of the others, in one request) and the
// status filter narrows it locally, so the tab's count is always the
// total, with the hits of the status and the filter beside it.
type Tab struct {
	c *ui.Common
	d tab.Deps

	width, height int
	table         *ui.Table

	filter  int // index in connFilters
	conns   map[int64]pod.Connection
	order   []int64
	gen     ui.Generation
	loading bool
	err     error

	selfID int64 // the caller: only users of other pods can be invited
}

// connsLoaded is the list for one status.
type connsLoaded struct {
	Status pod.ConnectionStatus
	List   []pod.Connection
}

// connNames says the names of the listed users are in the cache now.
type connNames struct{}

// connChange is an accept, reject, remove or request that went through.
type connChange struct {
	Text string
	Done []int64 // the users it was done for: unmarked, while those that failed stay marked
}

// connRequestPayload rides the "request a connection" Picker.
type connRequestPayload struct{}

// connPickerID names the Picker of new requests.
const connPickerID = "connections-request"

// New returns the Connections tab; it loads in Init.
func New(c *ui.Common, d tab.Deps) *Tab {
	v := &Tab{
		c: c,
		d: d,
		table: ui.NewTable(c,
			ui.Column{Title: "User", Min: 16, Max: 32, Flex: true, Priority: 10},
			ui.Column{Title: "Email", Min: 16, Max: 36, Priority: 5},
			ui.Column{Title: "Status", Min: 9, Priority: 9},
			ui.Column{Title: "Requested", Min: 10, Priority: 3},
			ui.Column{Title: "Updated", Min: 10, Priority: 4},
			ui.Column{Title: "Requests", Min: 8, Numeric: true, Priority: 2},
		),
		conns: map[int64]pod.Connection{},
		width: 80, height: 20,
	}
	v.table.SetEmpty("loading connections…")
	v.layout()
	return v
}

// Init loads the list and learns who the caller is.
func (v *Tab) Init() tea.Cmd {
	return tea.Batch(v.reload(), tab.LoadSelf(ViewID, v.d))
}

// Title implements ui.View.
func (v *Tab) Title() string { return "Connections" }

// Tally implements ui.Tallier: every connection held, and those the status
// and the filter let through.
func (v *Tab) Tally() ui.Tally {
	t := ui.Tally{Total: v.table.Len(), Loading: v.loading}
	if v.table.Narrowed() {
		t.Shown, t.Narrowed = v.table.Shown(), true
	}
	return t
}

// Count implements ui.View: the tab's total (Tally says more).
func (v *Tab) Count() (int, bool) { return v.table.Len(), v.loading }

// TabArgs implements ui.TabArger: ":connections STATUS" shows one status.
func (v *Tab) TabArgs() (args, help string) {
	return "STATUS", "show one status"
}

// SetSize implements ui.View.
func (v *Tab) SetSize(w, h int) {
	v.width, v.height = max(w, 1), max(h, 1)
	v.layout()
}

func (v *Tab) layout() { v.table.SetSize(v.width, max(v.height-1, 1)) }

// InputFocused implements ui.View: the table's filter.
func (v *Tab) InputFocused() bool { return v.table.Filtering() }

// Owns implements ui.View.
func (v *Tab) Owns(msg tea.Msg) bool {
	if cmd, ok := msg.(ui.CommandMsg); ok {
		return cmd.Name == "connections" || tab.IsExport(cmd)
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View.
// Actions the session may not perform are left out (see access.go).
func (v *Tab) KeyBindings() []key.Binding {
	a, x, c := v.c.Keys.Action, v.actions(), v.c
	return append([]key.Binding{
		a.FilterStatus, a.Refresh,
		x.accept.Offered(c), x.reject.Offered(c), x.remove.Offered(c), x.request.Offered(c),
		tab.RawKey(c, epInfo),
	}, v.table.KeyBindings()...)
}

// Update implements ui.View.
func (v *Tab) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		v.table.HandleMouse(msg) // the cursor moves, as with the navigation keys
		return v, nil
	case tea.KeyMsg:
		return v, v.key(msg)
	case ui.CommandMsg:
		if tab.IsExport(msg) {
			return v, v.exportShown(msg)
		}
		if s := strings.ToUpper(strings.TrimSpace(msg.Arg)); s != "" {
			for i, f := range connFilters {
				if string(f) == s || strings.ReplaceAll(string(f), "_", "") == strings.ReplaceAll(s, "_", "") {
					v.setFilter(i)
					return v, nil
				}
			}
			return v, ui.Warn("unknown connection status " + strconv.Quote(msg.Arg) + " (ALL, PENDING_INCOMING, PENDING_OUTGOING, ACCEPTED, REJECTED)")
		}
		return v, nil
	case ui.Result[connsLoaded]:
		return v, v.loaded(msg)
	case ui.Result[pod.User]:
		if msg.Err == nil {
			v.selfID = msg.Value.ID
		}
		return v, nil
	case ui.Result[connNames]:
		v.setRows()
		return v, nil
	case ui.Result[connChange]:
		v.table.Unmark(tab.RowIDs(msg.Value.Done)...) // marks the filter hid and rows that failed stay
		if msg.Err != nil {
			return v, tea.Batch(ui.Error(fmt.Errorf("%w (%s reloads)", msg.Err, v.c.Keys.Action.Refresh.Help().Key)), v.reload())
		}
		return v, tea.Batch(ui.Info(msg.Value.Text), v.reload())
	case ui.PickerQueryMsg:
		return v, v.searchUsers(msg)
	case ui.PickerResultMsg:
		return v, v.requestPicked(msg)
	case ui.ConfirmResultMsg:
		return v, v.confirmed(msg)
	}
	return v, nil
}

func (v *Tab) key(k tea.KeyMsg) tea.Cmd {
	if v.table.Filtering() {
		_, cmd := v.table.HandleKey(k)
		return cmd
	}
	a, x, c := v.c.Keys.Action, v.actions(), v.c
	switch {
	case key.Matches(k, a.FilterStatus):
		v.setFilter((v.filter + 1) % len(connFilters))
		return nil
	case key.Matches(k, a.Refresh):
		return v.reload()
	case key.Matches(k, a.Raw):
		return v.raw()
	case key.Matches(k, x.accept.Offered(c)):
		return v.start(connAccept)
	case key.Matches(k, x.reject.Offered(c)):
		return v.start(connReject)
	case key.Matches(k, x.remove.Offered(c)):
		return v.start(connRemove)
	case key.Matches(k, x.request.Offered(c)):
		return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
			ID: connPickerID, Title: "Request a connection with a user of another pod", Placeholder: "name or email", MinQuery: 2,
			Payload: connRequestPayload{},
		}))
	}
	if cmd := tab.WhyNot(c, k, x.accept, x.reject, x.remove, x.request); cmd != nil {
		return cmd
	}
	_, cmd := v.table.HandleKey(k)
	return cmd
}

// setFilter shows the connections of status connFilters[i] (all for 0).
func (v *Tab) setFilter(i int) {
	v.filter = i
	status := connFilters[i]
	var keep func(string) bool
	if status != pod.ConnectionAll {
		keep = func(id string) bool {
			uid, _ := strconv.ParseInt(id, 10, 64)
			return v.conns[uid].Status == status
		}
	}
	v.table.SetScope(keep)
	v.table.SetNoMatch("no " + connStatusText(status) + " connection to show")
}

// reload lists the connections of every status.
func (v *Tab) reload() tea.Cmd {
	gen := v.gen.Next()
	v.loading, v.err = true, nil
	status := pod.ConnectionAll
	d := v.d
	return ui.Run(ViewID, gen, func() (connsLoaded, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		list, err := d.Pod.Connections(ctx, status)
		return connsLoaded{Status: status, List: list}, err
	})
}

// loaded shows a list and resolves its names in the background.
func (v *Tab) loaded(msg ui.Result[connsLoaded]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) {
		return nil
	}
	v.loading = false
	if msg.Err != nil {
		v.err = msg.Err
		v.table.SetEmpty("loading failed")
		return ui.Error(msg.Err)
	}
	v.err = nil
	clear(v.conns)
	v.order = v.order[:0]
	ids := make([]int64, 0, len(msg.Value.List))
	for _, c := range msg.Value.List {
		if _, dup := v.conns[c.UserID]; !dup {
			v.order = append(v.order, c.UserID)
			ids = append(ids, c.UserID)
		}
		v.conns[c.UserID] = c
	}
	v.table.SetEmpty("no connections")
	v.setRows()
	if v.d.Names == nil || len(v.d.Names.Missing(ids)) == 0 {
		return nil
	}
	d := v.d
	return ui.Run(ViewID, msg.Gen, func() (connNames, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		return connNames{}, d.Names.Resolve(ctx, d.Pod, ids) // unresolved users stay "#id"
	})
}

func (v *Tab) setRows() {
	rows := make([]ui.Row, len(v.order))
	for i, id := range v.order {
		c := v.conns[id]
		name, email := v.userText(id)
		rows[i] = ui.Row{ID: strconv.FormatInt(id, 10), Cells: []string{
			name, email, connStatusText(c.Status), tab.Date(c.FirstRequestedAt), tab.Date(c.UpdatedAt), strconv.Itoa(c.RequestCounter),
		}}
	}
	v.table.SetRows(rows)
}

// userText is the name and email of a user, from the name cache.
func (v *Tab) userText(id int64) (name, email string) {
	if v.d.Names == nil {
		return "#" + strconv.FormatInt(id, 10), ""
	}
	if u, ok := v.d.Names.Get(id); ok {
		email = u.EmailAddress
	}
	return v.d.Names.Label(id), email
}

// label names a user for dialogs and status lines.
func (v *Tab) label(id int64) string {
	name, email := v.userText(id)
	if email != "" {
		return name + " <" + ui.Sanitize(email) + ">"
	}
	return name
}

// connStatusText is a status for people: "incoming", "accepted".
func connStatusText(s pod.ConnectionStatus) string {
	switch s {
	case pod.ConnectionPendingIncoming:
		return "incoming"
	case pod.ConnectionPendingOutgoing:
		return "outgoing"
	case pod.ConnectionAll:
		return "any"
	}
	return strings.ToLower(string(s))
}

// View implements ui.View: a status line and the table.
func (v *Tab) View() string {
	st := v.c.Styles
	var head string
	if v.err != nil {
		head = tab.FailedLine(st, "loading failed", v.err, v.c.Keys.Action.Refresh.Help().Key, v.width)
	} else {
		s := "status: " + string(connFilters[v.filter])
		switch t := v.Tally(); {
		case v.loading:
			s += " · loading…"
		case t.Narrowed:
			s += fmt.Sprintf(" · %s of %s connections", ui.Thousands(t.Shown), ui.Thousands(t.Total))
		default:
			s += " · " + ui.Thousands(t.Total) + " connections"
		}
		hint := v.c.Keys.Action.FilterStatus.Help().Key + " next status"
		head = tab.SpreadLine(st.Muted.Render(s), st.Muted.Render(hint), v.width)
	}
	return tab.ClipLines(head+"\n"+v.table.View(), v.height)
}
