package users

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// usersPage is one page of the admin list or of a search. Skip 0 replaces
// the rows; later pages append.
type usersPage struct {
	Search   bool
	Query    string
	Skip     int
	Users    []userRec
	Count    int64 // search total (list pages carry none)
	Last     bool  // a short page: nothing after it
	Served   int   // rows the pod's search returned (exact lookups come on top)
	Presence map[int64]pod.Category
}

// usersSearchDue fires when the operator paused typing.
type usersSearchDue struct {
	Gen   uint64
	Query string
}

func (usersSearchDue) OwnerView() string { return ViewID }

// reload starts the admin list again from its first page.
func (v *Tab) reload() tea.Cmd {
	gen := v.gen.Next()
	v.loading, v.loadingMore, v.err = true, false, nil
	return v.fetchList(gen, 0)
}

// fetchList loads one admin list page from skip, with the presence of its
// users. Built from copied values only.
func (v *Tab) fetchList(gen uint64, skip int) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, gen, func() (usersPage, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		list, err := d.Pod.ListUsers(ctx, skip, usersPageSize)
		if err != nil {
			return usersPage{}, err
		}
		p := usersPage{Skip: skip, Last: len(list) < usersPageSize, Users: make([]userRec, len(list))}
		for i, u := range list {
			p.Users[i] = recFromDetail(u)
		}
		p.Presence = pagePresence(ctx, d, p.Users)
		return p, nil
	})
}

// startSearch starts a new search generation: debounced while typing
// (delay > 0), at once otherwise.
func (v *Tab) startSearch(q string, delay time.Duration) tea.Cmd {
	gen := v.gen.Next()
	v.query = q
	v.loading, v.loadingMore, v.err = true, false, nil
	if delay > 0 {
		return v.after(delay, func(time.Time) tea.Msg { return usersSearchDue{Gen: gen, Query: q} })
	}
	return v.fetchSearch(gen, q, 0)
}

// fetchSearch loads one page of the pod's search for q from skip.
func (v *Tab) fetchSearch(gen uint64, q string, skip int) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, gen, func() (usersPage, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q}, true, skip, usersSearchPageSize)
		if err != nil {
			return usersPage{}, err
		}
		p := usersPage{Search: true, Query: q, Skip: skip, Count: res.Count, Last: len(res.Users) < usersSearchPageSize,
			Served: len(res.Users)}
		if skip == 0 {
			p.Users = exactMatches(ctx, d, q)
		}
		seen := make(map[int64]bool, len(p.Users))
		for _, u := range p.Users {
			seen[u.ID] = true
		}
		for _, u := range res.Users {
			if !seen[u.ID] {
				p.Users = append(p.Users, recFromUser(u))
			}
		}
		if d.Names != nil {
			d.Names.Put(res.Users...)
		}
		p.Presence = pagePresence(ctx, d, p.Users)
		return p, nil
	})
}

// exactMatchMax bounds the admin records read for exact lookup hits.
const exactMatchMax = 5

// exactMatches looks q up exactly as an email, a username or a user id when
// it looks like one. The pod's search returns active users only; the v3
// lookup without "active" also finds disabled ones, which an operator
// searching for a user to enable needs. Hits get their admin record (so
// the row says DISABLED) when the caller may read it. Best effort: a
// failed lookup leaves the search's answer alone.
func exactMatches(ctx context.Context, d tab.Deps, q string) []userRec {
	if q == "" || strings.ContainsAny(q, " \t,") {
		return nil
	}
	opts := pod.LookupOptions{Local: true}
	var list pod.UserList
	var err error
	switch id, perr := strconv.ParseInt(q, 10, 64); {
	case perr == nil && id > 0:
		list, err = d.Pod.UsersByID(ctx, []int64{id}, opts)
	case strings.Contains(q, "@"):
		list, err = d.Pod.UsersByEmail(ctx, []string{q}, opts)
	default:
		list, err = d.Pod.UsersByUsername(ctx, []string{q}, opts)
	}
	if err != nil {
		return nil
	}
	out := make([]userRec, 0, len(list.Users))
	for i, u := range list.Users {
		r := recFromUser(u)
		if i < exactMatchMax {
			if det, err := d.Pod.UserDetail(ctx, u.ID); err == nil {
				r = recFromDetail(det)
			}
		}
		out = append(out, r)
	}
	if d.Names != nil {
		d.Names.Put(list.Users...)
	}
	return out
}

// pagePresence is the presence of a page's users: from the presence
// tracker when it knows them, else in one request: the pod lists presence
// by ascending user id, so one page of that list from the smallest id
// covers pages whose ids are close together. Best effort: the column stays
// empty when it fails, and live changes fill it in.
func pagePresence(ctx context.Context, d tab.Deps, users []userRec) map[int64]pod.Category {
	if len(users) == 0 {
		return nil
	}
	var out map[int64]pod.Category
	if d.Presence != nil {
		ids := make([]int64, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		if out = d.Presence.Lookup(ids); len(out) == len(users) {
			return out
		}
	}
	if out == nil {
		out = make(map[int64]pod.Category, len(users))
	}
	lo, hi := users[0].ID, users[0].ID
	for _, u := range users {
		if _, known := out[u.ID]; !known {
			lo, hi = min(lo, u.ID), max(hi, u.ID)
		}
	}
	limit := int(min(hi-lo+2, 5000)) // one more: the pod may count lastUserId itself
	ps, err := d.Pod.PresencePage(ctx, lo-1, true, limit)
	if err != nil {
		return out
	}
	for _, p := range ps {
		if _, known := out[p.UserID]; !known && p.UserID >= lo && p.UserID <= hi {
			out[p.UserID] = p.Category
		}
	}
	return out
}

// pageLoaded applies a page of the current generation.
func (v *Tab) pageLoaded(msg ui.Result[usersPage]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) {
		return nil // an older query's answer
	}
	v.loading, v.loadingMore = false, false
	if msg.Err != nil {
		v.err = msg.Err
		v.table.SetEmpty("loading failed")
		return ui.Error(msg.Err)
	}
	v.err = nil
	p := msg.Value
	for id, c := range p.Presence {
		v.presence[id] = c
	}
	ids := make([]int64, len(p.Users))
	for i, u := range p.Users {
		v.remember(u)
		ids[i] = u.ID
	}
	if p.Search {
		if p.Skip == 0 {
			v.found, v.searched = v.found[:0], 0
		}
		v.found = appendUnique(v.found, ids)
		v.searched += p.Served
		if p.Skip == 0 {
			v.extra = len(v.found) - p.Served // exact lookup hits the search did not return
		}
		v.count = max(p.Count+int64(v.extra), int64(len(v.found)))
		if p.Last {
			v.count = int64(len(v.found))
		}
		v.mode = usersSearch
		v.table.SetFilter("")
		v.table.SetEmpty("no user matches " + strconv.Quote(p.Query))
	} else {
		if p.Skip == 0 {
			v.listIDs = v.listIDs[:0]
		}
		v.listIDs = appendNew(v.listIDs, ids)
		v.listDone = p.Last
		for id := range v.pending {
			if slices.Contains(ids, id) {
				delete(v.pending, id)
			}
		}
		v.table.SetEmpty("no users")
	}
	v.setRows()
	tab.PresenceInterest(v.d, v.selfID, ids)
	return v.scheduleDetail()
}

// appendNew appends the ids dst does not hold yet (a user created between
// two page loads shifts the pages by one).
func appendNew(dst, ids []int64) []int64 {
	if len(dst) == 0 {
		return append(dst, ids...)
	}
	tail := dst[max(len(dst)-len(ids)-8, 0):]
	for _, id := range ids {
		if !slices.Contains(tail, id) {
			dst = append(dst, id)
		}
	}
	return dst
}

// appendUnique appends the ids dst does not hold yet: an exact lookup hit
// may come again in a later page of the search.
func appendUnique(dst, ids []int64) []int64 {
	have := make(map[int64]bool, len(dst))
	for _, id := range dst {
		have[id] = true
	}
	for _, id := range ids {
		if !have[id] {
			have[id] = true
			dst = append(dst, id)
		}
	}
	return dst
}

// showList shows the admin list again (from memory: no request).
func (v *Tab) showList() {
	v.mode = usersList
	v.found, v.count = v.found[:0], 0
	v.gen.Next()
	v.loading, v.loadingMore = false, false
	v.setRows()
	if len(v.listIDs) == 0 && !v.listDone {
		v.table.SetEmpty("loading users…")
	}
}

// shown is the order the table holds.
func (v *Tab) shown() []int64 {
	if v.mode == usersSearch {
		return v.found
	}
	if len(v.pending) == 0 {
		return v.listIDs
	}
	listed := make(map[int64]bool, len(v.listIDs))
	for _, id := range v.listIDs {
		listed[id] = true
	}
	var extra []int64
	for id := range v.pending {
		if !listed[id] {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	return append(slices.Clone(v.listIDs), extra...)
}

// setRows rebuilds the table from the shown users.
func (v *Tab) setRows() {
	ids := v.shown()
	rows := make([]ui.Row, len(ids))
	clear(v.pos)
	for i, id := range ids {
		rows[i] = v.row(v.recs[id])
		v.pos[id] = i
	}
	v.table.SetRows(rows)
	if v.focusID != 0 && v.table.SetCursor(strconv.FormatInt(v.focusID, 10)) {
		v.focusID = 0
	}
	v.detail.invalidate()
}

// row is the table row of r.
func (v *Tab) row(r userRec) ui.Row {
	if _, ok := v.pending[r.ID]; ok {
		v.pending[r.ID] = r
	}
	return ui.Row{ID: strconv.FormatInt(r.ID, 10), Cells: []string{
		r.Name, r.Username, r.Email, r.Company, r.Title, statusText(r), presenceText(v.presence[r.ID]),
	}}
}

// remember stores r, keeping the status and suspension an earlier admin
// record said when r comes from a search or lookup (UserV2 has neither).
func (v *Tab) remember(r userRec) userRec {
	if old, ok := v.recs[r.ID]; ok && !r.Known && old.Known {
		r.Known, r.Status, r.Suspended, r.SuspendedUntil = true, old.Status, old.Suspended, old.SuspendedUntil
		if r.Roles == nil {
			r.Roles = old.Roles
		}
	}
	v.recs[r.ID] = r
	return r
}

// updateRec stores r and re-renders its row.
func (v *Tab) updateRec(r userRec) {
	r = v.remember(r)
	row := v.row(r)
	v.table.UpdateRow(row.ID, row.Cells)
	v.detail.invalidate()
}

// statusText is the status cell: enabled, DISABLED or suspended, and a
// dash while no admin record said (a user only a search returned).
func statusText(r userRec) string {
	switch {
	case !r.Known:
		return "—"
	case r.Suspended:
		return "suspended"
	case r.Status == pod.UserDisabled:
		return "DISABLED"
	case r.Status == pod.UserEnabled:
		return "enabled"
	}
	return ""
}

// presenceText is the presence cell: the pane's short label, blank while
// unknown.
func presenceText(c pod.Category) string {
	if c == "" {
		return ""
	}
	return tab.PresenceLabel(c)
}

// maybeLoadMore asks for the next page when the cursor is near the last
// loaded row and there is more to load.
func (v *Tab) maybeLoadMore() tea.Cmd {
	if v.loading || v.loadingMore || v.table.Filter() != "" {
		return nil
	}
	id, err := strconv.ParseInt(v.table.CursorID(), 10, 64)
	if err != nil {
		return nil
	}
	// Sorted rows have no "end" to approach: paging waits for the pod's order.
	if col, _ := v.table.Sort(); col >= 0 {
		return nil
	}
	if p, ok := v.pos[id]; !ok || p < len(v.pos)-usersLoadAhead {
		return nil
	}
	switch v.mode {
	case usersSearch:
		if int64(len(v.found)) >= v.count {
			return nil
		}
		v.loadingMore = true
		return v.fetchSearch(v.gen.Current(), v.query, v.searched)
	default:
		if v.listDone {
			return nil
		}
		v.loadingMore = true
		return v.fetchList(v.gen.Current(), len(v.listIDs))
	}
}
