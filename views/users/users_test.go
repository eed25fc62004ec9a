package users

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

func typeText(t *testing.T, v ui.View, s string) {
	t.Helper()
	for _, r := range s {
		viewtest.Press(t, v, viewtest.RuneKey(string(r)))
	}
}

// The whole admin list loads by itself, a few pages at a time, in the
// pod's order, each user once; the tab counts them all; the requests are
// the pages the list has, and at most window-1 empty ones past its end.
func TestUsersLoadsTheWholeList(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 2300, Rooms: 10})
	want, err := pod.Collect(h.Admin.AllUsers(h.Ctx(t)))
	if err != nil {
		t.Fatal(err)
	}
	before := viewtest.RouteCount(h, "GET /pod/v2/admin/user/list")
	v, _ := newTestUsers(t, h, 120, 30)
	if !v.listDone || len(v.listIDs) != len(want) {
		t.Fatalf("after Init: %d of %d users loaded (done %v)", len(v.listIDs), len(want), v.listDone)
	}
	for i, u := range want {
		if v.listIDs[i] != u.UserSystemInfo.ID {
			t.Fatalf("user %d is %d, the pod lists %d there", i, v.listIDs[i], u.UserSystemInfo.ID)
		}
	}
	pages := (len(want) + usersPageSize) / usersPageSize // a full last page needs an empty one after it
	if asked := viewtest.RouteCount(h, "GET /pod/v2/admin/user/list") - before; asked < pages || asked > pages+usersLoadWindow-1 {
		t.Fatalf("%d list pages asked for %d users; want %d to %d", asked, len(want), pages, pages+usersLoadWindow-1)
	}
	if tl := v.Tally(); tl.Total != len(want) || tl.Loading || tl.Narrowed || v.table.Len() != len(want) {
		t.Fatalf("tally %+v, %d rows; want %d", tl, v.table.Len(), len(want))
	}
	viewtest.MustContain(t, "header", v.View(), "all users · "+ui.Thousands(len(want))+" ")
}

// "/" filters the users loaded, at each keystroke, with no request: by
// name, username, email, company, title, status or id. A pod search is
// ":users QUERY", whose older answers are dropped; esc goes back.
func TestUsersFilterLocallyAndSearchThePod(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 1300, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 3)
	id := strconv.FormatInt(target.UserSystemInfo.ID, 10)
	requests := h.Emu.Stats().Requests

	viewtest.Press(t, v, viewtest.RuneKey("/"))
	if !v.InputFocused() {
		t.Fatal("the filter input should have focus")
	}
	a := target.UserAttributes
	for _, q := range []string{strings.ToLower(a.LastName), a.UserName, strings.ToUpper(a.EmailAddress), id} {
		if v.input.Value() != "" {
			viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlC)) // clears; on an empty input it would close it
		}
		typeText(t, v, q)
		shown := v.table.ShownIDs()
		if !slices.Contains(shown, id) {
			t.Fatalf("filter %q lacks %s", q, a.EmailAddress)
		}
		for _, sid := range shown {
			n, _ := strconv.ParseInt(sid, 10, 64)
			r := v.recs[n]
			if !strings.Contains(strings.ToLower(strings.Join([]string{r.Name, r.Username, r.Email, r.Company, r.Title, statusText(r), sid}, "\x00")), strings.ToLower(q)) {
				t.Fatalf("filter %q shows %q <%s>", q, r.Name, r.Email)
			}
		}
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	if v.InputFocused() || v.filter != id || v.mode != usersList {
		t.Fatalf("enter should keep the filter: %q, mode %v", v.filter, v.mode)
	}
	if n := h.Emu.Stats().Requests - requests; n != 0 {
		t.Fatalf("the filter sent %d requests", n)
	}
	if tl := v.Tally(); !tl.Narrowed || tl.Shown != 1 || tl.Total != v.list.Len() {
		t.Fatalf("tally %+v", tl)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	if v.filter != "" || v.table.Shown() != v.list.Len() {
		t.Fatalf("esc should drop the filter: %q, %d shown", v.filter, v.table.Shown())
	}

	// Two searches in flight: only the newer one's answer shows.
	last := strings.ToLower(a.LastName)
	old := v.startSearch("zzzz-nobody")
	newer := v.startSearch(last)
	oldMsgs, newMsgs := viewtest.RunCmd(old), viewtest.RunCmd(newer)
	for _, m := range newMsgs {
		viewtest.Drive(t, v, func() tea.Msg { return m })
	}
	shown := v.found.Len()
	for _, m := range oldMsgs {
		v.Update(m)
	}
	if v.found.Len() != shown || v.query != last || shown == 0 || !v.found.Has(id) {
		t.Fatalf("a stale answer replaced the rows: %d -> %d, query %q", shown, v.found.Len(), v.query)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	if v.mode != usersList || v.table != v.list {
		t.Fatalf("esc should show the list again: mode %v", v.mode)
	}
}

// ctrl+c in the search input clears it and keeps it open; on an empty
// input it closes it. Through the root it never quits meanwhile.
func TestUsersCtrlCInSearchClears(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	root := ui.New(h.Common, v)
	root.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	send := func(k tea.KeyMsg) {
		_, cmd := root.Update(k)
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Fatalf("%v quit the console", k)
			}
		}
	}
	send(viewtest.RuneKey("/"))
	for _, r := range "smith" {
		send(viewtest.RuneKey(string(r)))
	}
	if v.input.Value() != "smith" || v.table.Filter() != "smith" {
		t.Fatalf("input %q filter %q", v.input.Value(), v.table.Filter())
	}
	send(viewtest.TypeKey(tea.KeyCtrlC))
	if v.input.Value() != "" || !v.inputOpen || v.table.Filter() != "" {
		t.Fatalf("after ctrl+c: input %q open %v filter %q", v.input.Value(), v.inputOpen, v.table.Filter())
	}
	send(viewtest.TypeKey(tea.KeyCtrlC))
	if v.inputOpen || v.InputFocused() {
		t.Fatal("ctrl+c on an empty input should close it")
	}
}

// Presence changes update the column and highlight the rows that moved,
// whether or not the tab is shown.
func TestUsersPresenceColumnFollowsChanges(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	id := v.listIDs[2]
	was := v.recs[id].Presence
	to := pod.CategoryOnThePhone
	if was == to {
		to = pod.CategoryBusy
	}
	if !v.Owns(tab.PresenceChangedMsg{}) {
		t.Fatal("the Users tab should own presence changes")
	}
	msg := tab.PresenceChangedMsg{Complete: true, Changes: []presence.Change{{UserID: id, From: was, To: to}, {UserID: 1, To: pod.CategoryAway}}}
	v.synced = true // no tracker here: nothing to reload from
	_, cmd := v.Update(msg)
	if cmd == nil {
		t.Fatal("a highlight needs a repaint tick")
	}
	if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
		t.Fatal("row missing")
	}
	row, _ := v.table.CursorRow()
	if got := row.Cells[userColPresence]; got != presenceText(to) {
		t.Fatalf("presence cell %q, want %q", got, presenceText(to))
	}
	// The same state again changes nothing and schedules nothing.
	if _, cmd := v.Update(tab.PresenceChangedMsg{Complete: true, Changes: []presence.Change{{UserID: id, To: to}}}); cmd != nil {
		t.Fatal("an unchanged presence scheduled a repaint")
	}
}

// With a live tracker the column comes from it: a change made on the pod
// reaches the row through the tracker, and an incomplete message reloads
// the column from the tracker.
func TestUsersPresenceFromTracker(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	tr := presence.New(h.Client, presence.Options{Interval: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr.Start(ctx)
	t.Cleanup(func() { _ = tr.Close(context.Background()) })
	h.Deps.Presence = tr

	v, _ := newTestUsers(t, h, 120, 30)
	id := v.listIDs[3]
	to := pod.CategoryOutOfOffice
	if v.recs[id].Presence == to {
		to = pod.CategoryBusy
	}
	if _, err := h.Admin.SetUserPresence(h.Ctx(t), id, to, false); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if p, ok := tr.Get(id); ok && p.Category == to {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the tracker never saw the change")
		}
		time.Sleep(20 * time.Millisecond) // polling the tracker, which polls the pod
	}
	r := v.recs[id]
	r.Presence = pod.CategoryUndefined // as if the change had been missed
	v.recs[id] = r
	viewtest.Drive(t, v, func() tea.Msg { return tab.PresenceChangedMsg{Complete: false} })
	if v.recs[id].Presence != to || !v.synced {
		t.Fatalf("after an incomplete message: %s (synced %v), want %s", v.recs[id].Presence, v.synced, to)
	}
}

// Copy puts exactly the id or the email the operator chose on the
// clipboard.
func TestUsersCopyIDAndEmail(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, copied := newTestUsers(t, h, 120, 30)
	viewtest.Press(t, v, viewtest.RuneKey("j"))
	r, _ := v.cursorRec()
	out := viewtest.Press(t, v, viewtest.RuneKey("c"))
	viewtest.Press(t, v, viewtest.RuneKey("C"))
	want := []string{strconv.FormatInt(r.ID, 10), r.Email}
	if strings.Join(*copied, "|") != strings.Join(want, "|") {
		t.Fatalf("copied %q, want %q", *copied, want)
	}
	if !strings.Contains(out.LastStatus(), "copied id") {
		t.Fatalf("status %q", out.LastStatus())
	}
}

// Suspending asks for a reason and an end, then confirms; lifting asks too.
func TestUsersSuspendAndLift(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 2)
	id := target.UserSystemInfo.ID
	viewtest.Drive(t, v, v.command(ui.CommandMsg{Name: "user", Arg: target.UserAttributes.EmailAddress}))
	if r, _ := v.cursorRec(); r.ID != id {
		t.Fatalf(":user put the cursor on %d, want %d", r.ID, id)
	}

	out := viewtest.Press(t, v, viewtest.RuneKey("Z"))
	if len(out.Modals) != 1 {
		t.Fatal("suspend should open a form")
	}
	form := out.Modals[0]
	form.Update(viewtest.RuneKey("x")) // reason
	for _, r := range "policy review" {
		form.Update(viewtest.RuneKey(string(r)))
	}
	form.Update(viewtest.TypeKey(tea.KeyTab))
	for _, r := range "7d" {
		form.Update(viewtest.RuneKey(string(r)))
	}
	out = viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
	if len(out.Modals) != 1 || !strings.Contains(out.Modals[0].View(), "Suspend user until 2026-03-09 09:30") {
		t.Fatalf("the form should lead to a confirm naming the end: %v", out.Modals)
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if !strings.Contains(out.LastStatus(), "suspended "+target.UserAttributes.DisplayName) {
		t.Fatalf("status %q", out.LastStatus())
	}
	st, err := h.Admin.UserStatus(h.Ctx(t), id)
	if err != nil || !st.Suspended || st.SuspensionReason != "xpolicy review" {
		t.Fatalf("status on the pod: %+v, %v", st, err)
	}
	if r, _ := v.cursorRec(); !r.Suspended {
		t.Fatal("the row should say suspended")
	}

	out = viewtest.Press(t, v, viewtest.RuneKey("Z"))
	if len(out.Modals) != 1 || !strings.Contains(out.Modals[0].View(), "Lift the suspension") {
		t.Fatal("Z on a suspended user should offer to lift it")
	}
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if st, err := h.Admin.UserStatus(h.Ctx(t), id); err != nil || st.Suspended {
		t.Fatalf("after lifting: %+v, %v", st, err)
	}
}

// The features list toggles with space and saves only what changed.
func TestUsersFeaturesToggle(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 0)
	id := target.UserSystemInfo.ID
	viewtest.Drive(t, v, v.command(ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(id, 10)}))
	before, err := h.Admin.UserFeatures(h.Ctx(t), id)
	if err != nil || len(before) < 2 {
		t.Fatalf("features: %v, %v", before, err)
	}
	out := viewtest.Press(t, v, viewtest.RuneKey("F"))
	if len(out.Modals) != 1 {
		t.Fatal("F should open the features list")
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("j"), viewtest.RuneKey(" "), viewtest.TypeKey(tea.KeyEnter))
	if !strings.Contains(out.LastStatus(), before[1].Entitlement) {
		t.Fatalf("status %q", out.LastStatus())
	}
	after, err := h.Admin.UserFeatures(h.Ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range after {
		want := before[i].Enabled
		if f.Entitlement == before[1].Entitlement {
			want = !want
		}
		if f.Enabled != want {
			t.Fatalf("feature %s: %v, want %v", f.Entitlement, f.Enabled, want)
		}
	}
}

// Creating a user shows it (cursor on it) and says its id; starting an IM
// says the stream id.
func TestUsersCreateAndIM(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	out := viewtest.Press(t, v, viewtest.RuneKey("a"))
	if len(out.Modals) != 1 {
		t.Fatal("a should open the create form")
	}
	form := out.Modals[0]
	for i, text := range []string{"nora.quist@example.com", "nora.quist", "Nora Quist"} {
		if i > 0 {
			form.Update(viewtest.TypeKey(tea.KeyTab))
		}
		for _, r := range text {
			form.Update(viewtest.RuneKey(string(r)))
		}
	}
	out = viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
	if !strings.Contains(out.LastStatus(), "created user Nora Quist") {
		t.Fatalf("status %q", out.LastStatus())
	}
	r, ok := v.cursorRec()
	if !ok || r.Email != "nora.quist@example.com" {
		t.Fatalf("cursor on %+v; want the new user", r)
	}
	list, err := h.Admin.UsersByEmail(h.Ctx(t), []string{"nora.quist@example.com"}, pod.LookupOptions{})
	if err != nil || len(list.Users) != 1 || list.Users[0].ID != r.ID {
		t.Fatalf("the pod has %+v, %v", list, err)
	}
	out = viewtest.Press(t, v, viewtest.RuneKey("m"))
	if !strings.Contains(out.LastStatus(), "IM with Nora Quist") || !strings.Contains(out.LastStatus(), "stream ") {
		t.Fatalf("status %q", out.LastStatus())
	}
}

// A filter that matches nobody loaded and reads like an email is looked up
// on the pod (a user of another pod is not in the directory): the user
// found joins it, and the filter shows them. Words are never looked up.
func TestUsersFilterLooksUpAnEmailNobodyLoadedHas(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	ext := viewtest.ExternalUsers(t, h, 1)[0]
	if v.list.Has(strconv.FormatInt(ext.ID, 10)) {
		t.Fatal("a user of another pod is in the admin list")
	}
	lookups := viewtest.RouteCount(h, "GET /pod/v3/users")
	viewtest.Press(t, v, viewtest.RuneKey("/"))
	typeText(t, v, "zzqx nobody")
	if n := viewtest.RouteCount(h, "GET /pod/v3/users") - lookups; n != 0 {
		t.Fatalf("a filter of words was looked up %d times", n)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyCtrlC))
	var out viewtest.Driven
	for _, r := range ext.EmailAddress {
		out = viewtest.Press(t, v, viewtest.RuneKey(string(r)))
	}
	if got := v.table.ShownIDs(); !slices.Equal(got, []string{strconv.FormatInt(ext.ID, 10)}) {
		t.Fatalf("the filter %q shows %v", ext.EmailAddress, got)
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "found "+ui.Sanitize(ext.DisplayName))
	if tl := v.Tally(); tl.Shown != 1 || tl.Total != v.list.Len() {
		t.Fatalf("tally %+v", tl)
	}
}
