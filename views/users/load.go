package users

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// The admin list loads whole, in the background: the first page paints
// first, then up to window pages are in flight at once (the pod pages it
// by skip and limit, so pages can be asked side by side), and each page
// joins the table as soon as the ones before it are in. The list carries
// no total, so the tab counts what has loaded until the end is found.
// Presence comes from the presence tracker, which loads everyone's in
// its own requests meanwhile: a page costs one request.

// usersPage is one page of the admin list or of a pod search.
type usersPage struct {
	Search bool
	Query  string
	Skip   int
	Users  []userRec // the page, as the pod served it, with presence when known
	Exact  []userRec // a search's first page: exact lookup hits (they may be disabled)
	Count  int64     // search total (list pages carry none)
}

// reload starts the admin list again from its first page. The rows held
// stay until their page brings them again.
func (v *Tab) reload() tea.Cmd {
	gen := v.listGen.Next()
	v.pages = tab.NewPages[userRec](usersPageSize, v.window)
	v.listDone, v.listErr = false, nil
	return v.fetchPages(gen, v.pages.Start())
}

// fetchPages asks for the list pages at skips, each with the presence of
// its users the tracker knows (or, without a tracker, one presence
// request).
func (v *Tab) fetchPages(gen uint64, skips []int) tea.Cmd {
	d := v.d
	return tab.FetchPages(ViewID, gen, d, skips, func(ctx context.Context, skip int) (usersPage, error) {
		list, err := d.Pod.ListUserBriefs(ctx, skip, usersPageSize)
		if err != nil {
			return usersPage{Skip: skip}, err
		}
		p := usersPage{Skip: skip, Users: make([]userRec, len(list))}
		for i, u := range list {
			p.Users[i] = recFromBrief(u)
		}
		withPresence(p.Users, pagePresence(ctx, d, p.Users))
		return p, nil
	})
}

// pagePresence is the presence of a page's users: the tracker's when there
// is one (it loads everyone's; no request here), else one request: the pod
// lists presence by ascending user id, so one page of that list from the
// smallest id covers pages whose ids are close together. Best effort: the
// column stays empty when it fails, and live changes fill it in.
func pagePresence(ctx context.Context, d tab.Deps, users []userRec) map[int64]pod.Category {
	if len(users) == 0 {
		return nil
	}
	if d.Presence != nil {
		ids := make([]int64, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		return d.Presence.Lookup(ids)
	}
	out := make(map[int64]pod.Category, len(users))
	if !mayCall(d, epAllPresence) {
		return out // everyone's presence is an administrator's; the tracker follows those shown
	}
	lo, hi := users[0].ID, users[0].ID
	for _, u := range users {
		lo, hi = min(lo, u.ID), max(hi, u.ID)
	}
	limit := int(min(hi-lo+2, 5000)) // one more: the pod may count lastUserId itself
	ps, err := d.Pod.PresencePage(ctx, lo-1, true, limit)
	if err != nil {
		return out
	}
	for _, p := range ps {
		if p.UserID >= lo && p.UserID <= hi {
			out[p.UserID] = p.Category
		}
	}
	return out
}

// withPresence fills in the presence of users from m.
func withPresence(users []userRec, m map[int64]pod.Category) {
	for i := range users {
		users[i].Presence = m[users[i].ID]
	}
}

// pageLoaded takes a list page of the current load into the table (with
// those that waited for it) and asks for the next ones.
func (v *Tab) pageLoaded(msg ui.Result[usersPage]) tea.Cmd {
	if !v.listGen.IsCurrent(msg.Gen) || v.pages == nil {
		return nil // an older load's answer
	}
	if msg.Err != nil {
		cmd := tab.PageFailed(v.pages, msg.Err, v.list, "loading failed")
		v.listErr, v.listDone = v.pages.Err(), v.pages.Done()
		return cmd
	}
	p := msg.Value
	ready, ask := v.pages.Arrived(p.Skip, p.Users, -1)
	missing := v.addListed(ready)
	if v.listDone = v.pages.Done(); v.listDone {
		v.list.SetEmpty("no users")
	}
	var lookup tea.Cmd
	if v.synced && len(missing) > 0 {
		// The tracker loaded after this page was read: ask it again.
		lookup = v.lookupPresence(missing)
	}
	return tea.Batch(v.fetchPages(msg.Gen, ask), lookup, v.scheduleDetail())
}

// addListed takes users of the admin list into the directory and its
// table; it returns those whose presence is not known yet.
func (v *Tab) addListed(recs []userRec) (noPresence []int64) {
	if len(recs) == 0 {
		return nil
	}
	rows := make([]ui.Row, len(recs))
	ids := make([]int64, len(recs))
	for i, r := range recs {
		if old, had := v.recs[r.ID]; !had || !old.Listed {
			v.listIDs = append(v.listIDs, r.ID)
		}
		r.Listed = true
		r = v.remember(r)
		rows[i], ids[i] = v.row(r), r.ID
		if r.Presence == "" {
			noPresence = append(noPresence, r.ID)
		}
	}
	v.list.AppendRows(rows)
	v.detail.invalidate()
	tab.PresenceInterest(v.d, v.selfID, ids)
	return noPresence
}

// addSeen puts users looked up or created into the directory (a user of
// another pod, or one its pages have not brought yet), and their rows.
func (v *Tab) addSeen(recs ...userRec) {
	rows := make([]ui.Row, len(recs))
	for i, r := range recs {
		rows[i] = v.row(v.remember(r))
	}
	v.list.AppendRows(rows)
	v.detail.invalidate()
}

// show puts the cursor on r in the directory, dropping the filter and the
// status that hide it; a pod search gives way to the list.
func (v *Tab) show(r userRec) {
	if v.searchOnly() {
		v.showFound(r)
		return
	}
	if !v.list.Has(r.key()) {
		v.addSeen(r)
	} else {
		v.updateRec(r)
	}
	if v.mode == usersSearch {
		v.showList()
	}
	if !v.list.SetCursor(r.key()) {
		v.input.SetValue("")
		v.filterChanged("")
		v.setStatus(statusAll)
		v.list.SetCursor(r.key())
	}
}

// cell is a user's cell in column col: the tables keep no cells of their
// own (the records have them).
func (v *Tab) cell(id string, col int) string {
	if col == userColPresence { // the one a sort asks of every row: no copy of the record
		return presenceText(v.recs[rowUserID(id)].Presence)
	}
	r := v.recs[rowUserID(id)]
	switch col {
	case userColName:
		return r.Name
	case userColUsername:
		return r.Username
	case userColEmail:
		return r.Email
	case userColCompany:
		return r.Company
	case userColTitle:
		return r.Title
	case userColStatus:
		return statusText(r)
	}
	return ""
}

// rowUserID is the user id of a row id (0 for none): strconv.ParseInt
// without its generality, as the tables ask for every row's cell when
// they sort.
func rowUserID(id string) int64 {
	if len(id) == 0 || len(id) > 18 {
		n, _ := strconv.ParseInt(id, 10, 64)
		return n
	}
	var n int64
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// row is the table row of r.
func (v *Tab) row(r userRec) ui.Row {
	return ui.Row{ID: r.key(), Find: r.key(), Cells: []string{
		r.Name, r.Username, r.Email, r.Company, r.Title, statusText(r), presenceText(r.Presence),
	}}
}

// remember stores r, keeping the status and suspension an earlier admin
// record said when r comes from a search or lookup (UserV2 has neither),
// and whether the admin list holds it.
func (v *Tab) remember(r userRec) userRec {
	r.Status, r.Roles = v.shared.str(r.Status), v.shared.roleSet(r.Roles)
	if old, ok := v.recs[r.ID]; ok {
		if !r.Known && old.Known {
			r.Known, r.Status, r.Suspended, r.SuspendedUntil = true, old.Status, old.Suspended, old.SuspendedUntil
			if r.Roles == nil {
				r.Roles = old.Roles
			}
		}
		r.Listed = r.Listed || old.Listed
		if r.Presence == "" {
			r.Presence = old.Presence
		}
	}
	v.recs[r.ID] = r
	return r
}

// updateRec stores r and re-renders its row wherever it shows.
func (v *Tab) updateRec(r userRec) {
	r = v.remember(r)
	row := v.row(r)
	v.list.UpdateRow(row.ID, row.Cells)
	v.found.UpdateRow(row.ID, row.Cells)
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
