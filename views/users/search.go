package users

import (
	"context"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/redact"
	"symtui/ui"
	"symtui/views/tab"
)

// The pod's search (":users QUERY") finds what the directory cannot hold:
// users of other pods. Its pages load in the background like the list's,
// up to usersSearchMax rows, into a table of their own; the directory
// stays as it is behind it (esc goes back).

// startSearch shows the pod's answer to q, loading it from its first page.
func (v *Tab) startSearch(q string) tea.Cmd {
	gen := v.gen.Next()
	v.query, v.count, v.exact = q, 0, 0
	v.search = tab.NewPages[userRec](usersSearchPageSize, usersLoadWindow)
	v.loading, v.err = true, nil
	v.found.SetRows(nil)
	v.found.SetEmpty("searching the pod for " + shownQuery(q) + "…")
	v.mode, v.table = usersSearch, v.found
	v.layout()
	return v.fetchSearchPages(gen, q, v.search.Start())
}

// fetchSearchPages loads pages of the pod's search for q at skips; the
// first page brings the exact lookup hits too.
func (v *Tab) fetchSearchPages(gen uint64, q string, skips []int) tea.Cmd {
	d := v.d
	return tab.FetchPages(ViewID, gen, d, skips, func(ctx context.Context, skip int) (usersPage, error) {
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q}, true, skip, usersSearchPageSize)
		if err != nil {
			return usersPage{Search: true, Query: q, Skip: skip}, err
		}
		p := usersPage{Search: true, Query: q, Skip: skip, Count: res.Count, Users: make([]userRec, len(res.Users))}
		for i, u := range res.Users {
			p.Users[i] = recFromUser(u)
		}
		if skip == 0 {
			p.Exact = exactMatches(ctx, d, q, true)
		}
		if d.Names != nil {
			d.Names.Put(res.Users...)
		}
		m := pagePresence(ctx, d, append(p.Exact[:len(p.Exact):len(p.Exact)], p.Users...))
		withPresence(p.Exact, m)
		withPresence(p.Users, m)
		return p, nil
	})
}

// searchLoaded takes a search page of the current search into its table.
func (v *Tab) searchLoaded(msg ui.Result[usersPage]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) || v.search == nil || v.mode != usersSearch {
		return nil // an older search's answer, or one the operator left
	}
	if msg.Err != nil {
		cmd := tab.PageFailed(v.search, msg.Err, v.found, "search failed")
		v.err, v.loading = v.search.Err(), !v.search.Done()
		return cmd
	}
	p := msg.Value
	var rows []ui.Row
	if p.Skip == 0 {
		served := make(map[int64]bool, len(p.Users))
		for _, u := range p.Users {
			served[u.ID] = true
		}
		for _, r := range p.Exact {
			rows = append(rows, v.row(v.remember(r)))
			if !served[r.ID] {
				v.exact++
			}
		}
	}
	ready, ask := v.search.Arrived(p.Skip, p.Users, int(min(p.Count, usersSearchMax)))
	for _, r := range ready {
		rows = append(rows, v.row(v.remember(r)))
	}
	v.found.AppendRows(rows)
	v.count = max(p.Count, 0) + int64(v.exact)
	if v.search.Done() {
		v.loading = false
		v.found.SetEmpty("the pod has no user matching " + shownQuery(p.Query))
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i], _ = strconv.ParseInt(r.ID, 10, 64)
	}
	tab.PresenceInterest(v.d, v.selfID, ids)
	tab.WatchPresence(v.d, ids)
	v.detail.invalidate()
	return tea.Batch(v.fetchSearchPages(msg.Gen, p.Query, ask), v.scheduleDetail())
}

// showList shows the directory again (from memory: no request); a search
// still loading is dropped.
func (v *Tab) showList() {
	if v.searchOnly() {
		v.clearSearch() // there is no list: back to the empty search
		return
	}
	v.mode, v.table = usersList, v.list
	v.gen.Next()
	v.search, v.loading, v.err = nil, false, nil
	v.found.SetRows(nil)
	v.query = ""
	v.layout()
}

// exactMatchMax bounds the admin records read for exact lookup hits.
const exactMatchMax = 5

// exactMatches looks q up exactly as an email, a username or a user id when
// it looks like one. The pod's search returns active users only; the v3
// lookup without "active" also finds disabled ones, which an operator
// searching for a user to enable needs. local keeps to this pod's users.
// Hits get their admin record (so the row says DISABLED) when the caller
// may read it. Best effort: a failed lookup finds nobody.
func exactMatches(ctx context.Context, d tab.Deps, q string, local bool) []userRec {
	if q == "" || strings.ContainsAny(q, " \t,") {
		return nil
	}
	opts := pod.LookupOptions{Local: local}
	var list pod.UserList
	var err error
	switch id, perr := strconv.ParseInt(q, 10, 64); {
	case perr == nil && id > 0:
		list, err = d.Pod.UsersByID(ctx, []int64{id}, opts)
	case strings.Contains(q, "@"):
		list, err = d.Pod.UsersByEmail(ctx, []string{q}, opts)
	case local:
		list, err = d.Pod.UsersByUsername(ctx, []string{q}, opts) // usernames are the pod's own
	}
	if err != nil {
		return nil
	}
	out := make([]userRec, 0, len(list.Users))
	admin := mayCall(d, epUserDetail)
	for i, u := range list.Users {
		r := recFromUser(u)
		if admin && i < exactMatchMax {
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

// usersLookupDue fires when the operator paused on a filter that matches
// nobody and reads like an email or an id.
type usersLookupDue struct {
	Gen   uint64
	Query string
}

func (usersLookupDue) OwnerView() string { return ViewID }

// usersLookup is the pod's exact answer to such a filter.
type usersLookup struct {
	Query string
	Users []userRec // with presence when known
}

// lookupDue looks the filter up on the pod, if it still matches nobody.
func (v *Tab) lookupDue(msg usersLookupDue) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) || v.filter != msg.Query || v.mode != usersList || v.list.Shown() > 0 {
		return nil
	}
	v.lookedUp = msg.Query
	d, q := v.d, msg.Query
	return tea.Sequence(ui.Info("nobody loaded matches "+strconv.Quote(q)+": looking it up on the pod…"),
		ui.Run(ViewID, msg.Gen, func() (usersLookup, error) {
			ctx, cancel := d.CallContext()
			defer cancel()
			users := exactMatches(ctx, d, q, false)
			withPresence(users, pagePresence(ctx, d, users))
			return usersLookup{Query: q, Users: users}, nil
		}))
}

// lookupDone adds the users found to the directory, where the filter shows
// them.
func (v *Tab) lookupDone(msg ui.Result[usersLookup]) tea.Cmd {
	l := msg.Value
	if len(l.Users) == 0 {
		return ui.Info("the pod has no user " + shownQuery(l.Query))
	}
	v.addSeen(l.Users...)
	ids := make([]int64, len(l.Users))
	for i, r := range l.Users {
		ids[i] = r.ID
	}
	tab.PresenceInterest(v.d, v.selfID, ids)
	return ui.Info("found " + l.Users[0].label() + " on the pod")
}

// shownQuery is a query the operator typed, as the tab echoes it: quoted,
// inert, and with what is shaped like a secret (a JWT pasted by mistake)
// withheld, as the API log withholds it.
func shownQuery(q string) string { return strconv.Quote(ui.Sanitize(redact.Secrets(q))) }
