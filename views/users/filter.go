package users

import (
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// The filter ("/") narrows every user loaded, locally, at each keystroke:
// name, username, email, company, title, status and id. Rows that load
// later are filtered as they arrive. What the directory cannot hold (users
// of other pods) is the pod's to find: ":users QUERY" searches it, and a
// filter that matches nobody and reads like an email or an id is looked up
// on the pod by itself, after a pause in typing.

// statusScope is which users the status filter (f) shows.
type statusScope int

const (
	statusAll statusScope = iota
	statusEnabled
	statusDisabled
)

func (s statusScope) next() statusScope { return (s + 1) % 3 }

func (s statusScope) String() string {
	return [...]string{"all", "enabled", "disabled"}[s]
}

// keeps reports whether the scope shows r: the account's status as its
// admin record says (suspension aside); users no admin record described
// show under "all" only.
func (s statusScope) keeps(r userRec) bool {
	switch s {
	case statusEnabled:
		return r.Known && r.Status == pod.UserEnabled
	case statusDisabled:
		return r.Known && r.Status == pod.UserDisabled
	}
	return true
}

// setStatus shows the users of one status (or all) in both tables.
func (v *Tab) setStatus(s statusScope) {
	v.status = s
	var keep func(string) bool
	if s != statusAll {
		keep = func(id string) bool { return s.keeps(v.recs[rowUserID(id)]) }
	}
	v.list.SetScope(keep)
	v.found.SetScope(keep)
	v.detail.invalidate()
}

// inputKey edits the filter: the rows are filtered at every keystroke.
// enter keeps the filter, esc drops it, ctrl+c clears the text (and closes
// an empty input).
func (v *Tab) inputKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEnter:
		v.closeInput()
		return nil
	case tea.KeyEsc:
		v.closeInput()
		v.input.SetValue("")
		return v.filterChanged("")
	case tea.KeyCtrlC:
		if v.input.Value() == "" {
			v.closeInput()
			return nil
		}
		v.input.SetValue("")
		return v.filterChanged("")
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
	return tea.Batch(cmd, v.filterChanged(v.input.Value()))
}

func (v *Tab) closeInput() {
	v.inputOpen = false
	v.input.Blur()
	v.layout()
}

// filterChanged applies the filter to both tables, and schedules a pod
// lookup when it matches nobody and reads like an email or an id.
func (v *Tab) filterChanged(raw string) tea.Cmd {
	q := strings.TrimSpace(ui.Sanitize(raw))
	v.filter = q
	v.list.SetFilter(q)
	v.found.SetFilter(q)
	v.detail.invalidate()
	if v.mode != usersList || v.list.Shown() > 0 || !lookupWorthy(q) || q == v.lookedUp {
		return nil
	}
	gen := v.gen.Next()
	return v.after(usersLookupDelay, func(time.Time) tea.Msg { return usersLookupDue{Gen: gen, Query: q} })
}

// lookupWorthy: an email or a user id names one user the pod can look up
// exactly, whichever pod it is on.
func lookupWorthy(q string) bool {
	if strings.ContainsAny(q, " \t,") {
		return false
	}
	if id, err := strconv.ParseInt(q, 10, 64); err == nil {
		return id > 0
	}
	at := strings.IndexByte(q, '@')
	return at > 0 && strings.Contains(q[at+1:], ".")
}
