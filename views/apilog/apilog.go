// Package apilog is the console's API log page (:log, or its key): every
// request of the run, newest first, from a calllog.Ring that outlives a
// context switch (each entry names its pod); failures stand out, / filters,
// enter shows the pod's message and the request's parameters. It follows
// the ring only while it is shown: hidden, the ring does not wake it.
package apilog

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/pod/calllog"
	"symtui/ui"
	"symtui/views/tab"
)

// Page is the API log page.
type Page struct {
	c    *ui.Common
	ring *calllog.Ring

	width, height int
	table         *ui.Table
	entries       map[string]calllog.Entry // by row id (the entry's Seq)
	shown         bool
	seen          uint64 // the newest entry in the table
	failed        int    // entries that failed
}

// New returns the page of ring.
func New(c *ui.Common, ring *calllog.Ring) *Page {
	v := &Page{
		c: c, ring: ring, width: 80, height: 20, entries: map[string]calllog.Entry{},
		table: ui.NewTable(c,
			ui.Column{Title: "Time", Min: 12, Max: 12, Priority: 10},
			ui.Column{Title: "Pod", Min: 6, Max: 16, Priority: 2},
			ui.Column{Title: "Method", Min: 6, Max: 6, Priority: 7},
			ui.Column{Title: "Route", Min: 20, Max: 60, Flex: true, Priority: 9},
			ui.Column{Title: "Status", Min: 9, Max: 24, Priority: 8},
			ui.Column{Title: "Latency", Min: 7, Max: 9, Numeric: true, Priority: 5},
			ui.Column{Title: "Try", Min: 3, Max: 3, Numeric: true, Priority: 4},
			ui.Column{Title: "Trace", Min: 6, Max: 12, Priority: 3},
		),
	}
	v.table.SetEmpty("no request yet")
	v.table.SetNoMatch("no request matches the filter")
	v.table.SetAlarm(func(id string) bool { return v.entries[id].Failed() })
	v.layout()
	return v
}

// Init implements ui.View.
func (v *Page) Init() tea.Cmd { return nil }

// Title implements ui.View; ":log" shows the page.
func (v *Page) Title() string { return "Log" }

// Count implements ui.View.
func (v *Page) Count() (int, bool) { return len(v.entries), false }

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
	switch msg := msg.(type) {
	case calllog.ChangedMsg:
		return true
	case ui.CommandMsg:
		return tab.IsExport(msg)
	}
	return false
}

// KeyBindings implements ui.View.
func (v *Page) KeyBindings() []key.Binding {
	return append([]key.Binding{
		tab.Relabel(v.c.Keys.Action.Open, "message and parameters"),
		tab.Relabel(v.c.Keys.Global.Back, "back to the tab"),
	}, v.table.KeyBindings()...)
}

// Shown implements ui.Shower: the log as it is now, then followed.
func (v *Page) Shown() tea.Cmd {
	v.shown = true
	v.refresh()
	return nil
}

// Hidden implements ui.Shower: the ring stops waking the page.
func (v *Page) Hidden() { v.shown = false }

// Update implements ui.View.
func (v *Page) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case calllog.ChangedMsg:
		if v.shown {
			v.refresh()
		}
		return v, nil
	case ui.CommandMsg:
		return v, v.exportShown(msg)
	case tea.MouseMsg:
		v.table.HandleMouse(msg)
		return v, nil
	case tea.KeyMsg:
		if !v.table.Filtering() && key.Matches(msg, v.c.Keys.Action.Open) {
			return v, v.openDetail()
		}
		_, cmd := v.table.HandleKey(msg)
		return v, cmd
	}
	return v, nil
}

// refresh takes the ring's entries into the table (newest first) and
// asks the ring for word of the next ones.
func (v *Page) refresh() {
	v.ring.Seen()
	if latest := v.ring.Latest(); latest == v.seen && len(v.entries) > 0 {
		return
	}
	atTop, _ := v.table.Position()
	all := v.ring.Entries()
	clear(v.entries)
	v.failed = 0
	rows := make([]ui.Row, len(all))
	for i, e := range all {
		id := strconv.FormatUint(e.Seq, 10)
		v.entries[id] = e
		rows[i] = v.row(id, e)
		if e.Failed() {
			v.failed++
		}
	}
	if len(all) > 0 {
		v.seen = all[0].Seq
	}
	v.table.SetRows(rows)
	if atTop == 0 && len(all) > 0 {
		// On the newest request, the cursor follows the new ones; moved
		// down, it stays on its request.
		v.table.SetCursor(strconv.FormatUint(all[0].Seq, 10))
	}
}

// row is an entry's row; the filter also finds its message, its error
// and its parameters.
func (v *Page) row(id string, e calllog.Entry) ui.Row {
	find := make([]string, 0, 2+len(e.Params))
	find = append(find, e.Message, e.Err)
	for _, p := range e.Params {
		find = append(find, p.Name+"="+p.Value)
	}
	return ui.Row{ID: id, Find: strings.Join(find, " "), Cells: []string{
		e.At.In(v.c.Now().Location()).Format("15:04:05.000"), e.Pod, e.Method, e.Route, statusText(e),
		strconv.FormatInt(e.Latency.Milliseconds(), 10) + "ms", strconv.Itoa(e.Attempt), e.TraceID,
	}}
}

// statusText is the status as the log shows it: "200", "429 Too Many
// Requests" shortened by the column, "no answer".
func statusText(e calllog.Entry) string {
	if e.Status == 0 {
		return "no answer"
	}
	return strconv.Itoa(e.Status) + " " + http.StatusText(e.Status)
}

// openDetail shows the entry under the cursor whole: what was asked,
// what came back, the pod's message, the parameters (secrets withheld).
func (v *Page) openDetail() tea.Cmd {
	e, ok := v.entries[v.table.CursorID()]
	if !ok {
		return nil
	}
	lines := []string{
		e.Method + " " + e.Route,
		"status:    " + statusText(e),
		fmt.Sprintf("attempt:   %d, %s", e.Attempt, e.Latency.Round(time.Millisecond)),
		"ended:     " + e.At.In(v.c.Now().Location()).Format("2006-01-02 15:04:05.000"),
		"pod:       " + e.Pod,
		"trace id:  " + e.TraceID,
	}
	if e.Message != "" {
		lines = append(lines, "message:   "+e.Message)
	}
	if e.Err != "" {
		lines = append(lines, "error:     "+e.Err)
	}
	if len(e.Params) == 0 {
		lines = append(lines, "", "no parameters")
	} else {
		lines = append(lines, "", "parameters (secrets withheld):")
		for _, p := range e.Params {
			lines = append(lines, "  "+p.Name+": "+p.Value)
		}
	}
	return ui.OpenModal(ui.NewTextView(v.c, "Request "+e.TraceID+" (attempt "+strconv.Itoa(e.Attempt)+")", lines))
}

// logHeaders are the columns of an export of the log.
var logHeaders = []string{"ENDED", "POD", "METHOD", "ROUTE", "STATUS", "LATENCY MS", "ATTEMPT", "TRACE ID", "MESSAGE", "ERROR"}

// exportShown writes the requests shown (the filter and the sort applied).
func (v *Page) exportShown(msg ui.CommandMsg) tea.Cmd {
	ids := v.table.ShownIDs()
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		e := v.entries[id]
		status := ""
		if e.Status != 0 {
			status = strconv.Itoa(e.Status)
		}
		rows = append(rows, []string{e.At.UTC().Format(time.RFC3339Nano), e.Pod, e.Method, e.Route, status,
			strconv.FormatInt(e.Latency.Milliseconds(), 10), strconv.Itoa(e.Attempt), e.TraceID, e.Message, e.Err})
	}
	return tab.Export(msg, export.Sheet{Headers: logHeaders, Rows: rows}, "request", "requests", false)
}

// View implements ui.View.
func (v *Page) View() string {
	st := v.c.Styles
	s := "API log: " + tab.Plural(len(v.entries), "1 request", ui.Thousands(len(v.entries))+" requests") +
		" of this run (the last " + ui.Thousands(v.ring.Size()) + " kept), newest first"
	if v.failed > 0 {
		s += " · " + ui.Thousands(v.failed) + " failed"
	}
	hint := v.c.Keys.Action.Open.Help().Key + " details"
	head := tab.SpreadLine(st.Muted.Render(s), st.Muted.Render(hint), v.width)
	return tab.ClipLines(head+"\n"+v.table.View(), v.height)
}
