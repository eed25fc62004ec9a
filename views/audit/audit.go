// Package audit is the console's :audit page: the agent's audit trail of
// privileged actions for a period (24 hours unless told), paged to its
// end, newest first, filtered locally; enter goes to the user or the room
// an action names.
package audit

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// ViewID tags the page's results.
const ViewID = "audit"

// Endpoint is the audit trail's endpoint: a session on behalf of a user
// may not call it.
const Endpoint = "GET /agent/v1/audittrail/privilegeduser"

// DefaultPeriod is how far back :audit looks unless told.
const DefaultPeriod = 24 * time.Hour

// pageLimit is one page of the trail: the most the agent gives.
const pageLimit = 500

// Column positions.
const (
	colTime = iota
	colActor
	colAction
	colTarget
)

// Page is the audit trail page. It loads when first shown (or when
// :audit names a period), not at start: a console that never looks at
// the trail costs the agent nothing.
type Page struct {
	c *ui.Common
	d tab.Deps

	width, height int
	table         *ui.Table

	period  time.Duration
	since   time.Time // the window loaded: since..until
	until   time.Time
	entries []pod.AuditEntry
	gen     ui.Generation
	started bool
	loading bool
	err     error
	refusal string // why the session may not read the trail ("": it may try)
}

// trailPage is one page of the trail and the cursor of the next ("":
// the end).
type trailPage struct {
	Entries []pod.AuditEntry
	Next    string
}

// New returns the page; nothing loads before it is shown.
func New(c *ui.Common, d tab.Deps) *Page {
	v := &Page{
		c: c, d: d, period: DefaultPeriod, width: 80, height: 20,
		table: ui.NewTable(c,
			ui.Column{Title: "Time", Min: 23, Max: 23, Priority: 10},
			ui.Column{Title: "Actor", Min: 10, Max: 24, Priority: 6},
			ui.Column{Title: "Action", Min: 16, Max: 40, Flex: true, Priority: 8},
			ui.Column{Title: "Target", Min: 16, Max: 60, Flex: true, Priority: 7},
		),
	}
	v.table.SetEmpty("not loaded yet")
	v.table.SetNoMatch("no action matches the filter")
	v.layout()
	return v
}

// Init implements ui.View: nothing until the page is shown.
func (v *Page) Init() tea.Cmd { return nil }

// Title implements ui.View; ":audit" shows the page.
func (v *Page) Title() string { return "Audit" }

// Count implements ui.View.
func (v *Page) Count() (int, bool) { return len(v.entries), v.loading }

// SetSize implements ui.View.
func (v *Page) SetSize(w, h int) {
	v.width, v.height = max(w, 1), max(h, 1)
	v.layout()
}

func (v *Page) layout() { v.table.SetSize(v.width, max(v.height-1, 1)) }

// InputFocused implements ui.View: the table's filter.
func (v *Page) InputFocused() bool { return v.table.Filtering() }

// CanGoBack implements ui.Backer: esc clears the filter before it leaves.
func (v *Page) CanGoBack() bool { return v.table.CanGoBack() }

// Owns implements ui.View.
func (v *Page) Owns(msg tea.Msg) bool {
	if cmd, ok := msg.(ui.CommandMsg); ok {
		return cmd.Name == "audit" || tab.IsExport(cmd)
	}
	return ui.OwnedBy(msg, ViewID)
}

// KeyBindings implements ui.View.
func (v *Page) KeyBindings() []key.Binding {
	a := v.c.Keys.Action
	return append([]key.Binding{
		tab.Relabel(a.Open, "go to the user or room"),
		tab.Relabel(a.Refresh, "reload the period"),
		tab.Relabel(v.c.Keys.Global.Back, "back to the tab"),
	}, v.table.KeyBindings()...)
}

// Shown implements ui.Shower: the first time, the default period loads.
func (v *Page) Shown() tea.Cmd {
	if v.started {
		return nil
	}
	return v.load()
}

// Hidden implements ui.Shower.
func (v *Page) Hidden() {}

// Update implements ui.View.
func (v *Page) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return v, v.key(msg)
	case tea.MouseMsg:
		v.table.HandleMouse(msg)
		return v, nil
	case ui.CommandMsg:
		if tab.IsExport(msg) {
			return v, v.exportShown(msg)
		}
		return v, v.command(msg)
	case ui.Result[trailPage]:
		return v, v.loaded(msg)
	}
	return v, nil
}

// command handles ":audit [PERIOD]".
func (v *Page) command(msg ui.CommandMsg) tea.Cmd {
	arg := strings.TrimSpace(msg.Arg)
	if arg == "" {
		// The last 24 hours, read now: not the rows of the last period
		// asked, which may be another and are as old as their reading.
		v.period = DefaultPeriod
		return v.load()
	}
	d, err := pod.ParsePeriod(arg)
	if err != nil {
		return ui.Warn(":audit " + strconv.Quote(arg) + ": " + err.Error())
	}
	v.period = d
	return v.load()
}

func (v *Page) key(k tea.KeyMsg) tea.Cmd {
	if v.table.Filtering() {
		_, cmd := v.table.HandleKey(k)
		return cmd
	}
	a := v.c.Keys.Action
	switch {
	case key.Matches(k, a.Refresh):
		return v.load()
	case key.Matches(k, a.Open):
		return v.goToTarget()
	}
	_, cmd := v.table.HandleKey(k)
	return cmd
}

// load asks for the first page of the period, from now; the rows held
// go.
func (v *Page) load() tea.Cmd {
	v.started = true
	gen := v.gen.Next()
	v.entries, v.err = nil, nil
	v.table.SetRows(nil)
	if v.refusal = v.c.Refusal(Endpoint); v.refusal != "" {
		v.loading = false
		v.table.SetEmpty("the audit trail needs an administrator")
		return nil
	}
	v.loading = true
	v.until = v.c.Now()
	v.since = v.until.Add(-v.period)
	v.table.SetEmpty("loading the audit trail…")
	return v.fetch(gen, pod.AuditQuery{Start: v.since, End: v.until, Limit: pageLimit}, "")
}

// fetch asks for the page after cursor. Built from copied values only.
func (v *Page) fetch(gen uint64, q pod.AuditQuery, after string) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, gen, func() (trailPage, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		page, err := d.Pod.AuditTrailPage(ctx, q, after)
		next := ""
		if p := page.Pagination; p != nil && p.Next != "" {
			next = p.Cursors.After // "Stop paging when the 'next' link no longer appears"
		}
		return trailPage{Entries: page.Items, Next: next}, err
	})
}

// loaded takes a page in and asks for the next, to the end.
func (v *Page) loaded(msg ui.Result[trailPage]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) {
		return nil
	}
	if msg.Err != nil {
		v.loading, v.err = false, msg.Err
		if v.table.Len() == 0 {
			v.table.SetEmpty("no action loaded")
		}
		return nil
	}
	first := len(v.entries)
	v.entries = append(v.entries, msg.Value.Entries...)
	rows := make([]ui.Row, 0, len(msg.Value.Entries))
	for i, e := range msg.Value.Entries {
		rows = append(rows, v.row(first+i, e))
	}
	v.table.AppendRows(rows)
	if col, _ := v.table.Sort(); col < 0 {
		v.table.SortBy(colTime, true) // newest first
	}
	if first == 0 && len(rows) > 0 {
		v.table.SetCursor(v.table.ShownIDs()[0]) // on the newest, not on the row that came first
	}
	if msg.Value.Next == "" {
		v.loading = false
		v.table.SetEmpty("no privileged action in the last " + periodText(v.period))
		return nil
	}
	q := pod.AuditQuery{Start: v.since, End: v.until, Limit: pageLimit}
	return v.fetch(msg.Gen, q, msg.Value.Next)
}

// row is entry i's row; the filter also finds the initiator's id and
// email and the target's ids.
func (v *Page) row(i int, e pod.AuditEntry) ui.Row {
	at := e.Timestamp
	if t := e.Time(); !t.IsZero() {
		// To the millisecond: the sort, newest first, needs it.
		at = t.In(v.c.Now().Location()).Format("2006-01-02 15:04:05.000")
	}
	actor := e.InitiatorUsername
	if actor == "" {
		actor = "#" + e.InitiatorID
	}
	return ui.Row{
		ID:    strconv.Itoa(i),
		Cells: []string{at, actor, e.ActionName + " (" + e.Action + ")", e.Target()},
		Find:  e.InitiatorID + " " + e.InitiatorEmailAddress + " " + e.TargetUser() + " " + e.TargetRoom(),
	}
}

// cursorEntry is the entry under the cursor.
func (v *Page) cursorEntry() (pod.AuditEntry, bool) {
	i, err := strconv.Atoi(v.table.CursorID())
	if err != nil || i < 0 || i >= len(v.entries) {
		return pod.AuditEntry{}, false
	}
	return v.entries[i], true
}

// goToTarget shows what the action under the cursor was done to: the
// room when it names one (a membership change names the member too, in
// the room), else the user.
func (v *Page) goToTarget() tea.Cmd {
	e, ok := v.cursorEntry()
	if !ok {
		return nil
	}
	var to ui.CommandMsg
	switch {
	case e.TargetRoom() != "":
		to = ui.CommandMsg{Name: "room", Arg: e.TargetRoom()}
	case e.TargetUser() != "":
		to = ui.CommandMsg{Name: "user", Arg: e.TargetUser()}
	default:
		return ui.Info("this action names no user or room")
	}
	return func() tea.Msg { return to }
}

// exportShown writes the actions shown, with the columns of `symtui get
// audit`.
func (v *Page) exportShown(msg ui.CommandMsg) tea.Cmd {
	ids := v.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		if i, err := strconv.Atoi(id); err == nil && i >= 0 && i < len(v.entries) {
			rows = append(rows, export.AuditCells(v.entries[i]))
		}
	}
	return tab.Export(msg, export.Sheet{Headers: export.AuditHeaders, Rows: rows}, "action", "actions", v.loading)
}

// periodText writes a period as :audit reads it: "24h", "90m", "7d",
// "2d12h".
func periodText(d time.Duration) string {
	const day = 24 * time.Hour
	s := ""
	if d >= 2*day {
		s = strconv.Itoa(int(d/day)) + "d"
		d %= day
	}
	if d > 0 || s == "" {
		t := d.String()
		if strings.HasSuffix(t, "m0s") {
			t = strings.TrimSuffix(t, "0s")
		}
		if strings.HasSuffix(t, "h0m") {
			t = strings.TrimSuffix(t, "0m")
		}
		s += t
	}
	return s
}

// View implements ui.View: what is loaded (or why not), and the table.
func (v *Page) View() string {
	st := v.c.Styles
	var head string
	switch {
	case v.refusal != "":
		head = st.StatusError.Render(tab.FitCells("The audit trail needs an administrator: "+ui.Sanitize(v.refusal), v.width))
	case v.err != nil && pod.IsForbidden(v.err):
		head = st.StatusError.Render(tab.FitCells("The account lacks the entitlement to read the audit trail: "+ui.Sanitize(v.err.Error()), v.width))
	case v.err != nil:
		head = tab.FailedLine(st, "loading the audit trail failed", v.err, v.c.Keys.Action.Refresh.Help().Key, v.width)
	default:
		s := "privileged actions of the last " + periodText(v.period)
		if !v.since.IsZero() {
			s += " (since " + v.since.In(v.c.Now().Location()).Format("2006-01-02 15:04") + ")"
		}
		s += " · " + tab.Plural(len(v.entries), "1 action", ui.Thousands(len(v.entries))+" actions")
		if v.loading {
			s += " · loading…"
		}
		hint := v.c.Keys.Action.Open.Help().Key + " go to target · :audit 7d"
		head = tab.SpreadLine(st.Muted.Render(s), st.Muted.Render(hint), v.width)
	}
	return tab.ClipLines(head+"\n"+v.table.View(), v.height)
}
