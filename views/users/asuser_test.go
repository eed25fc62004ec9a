package users

import (
	"slices"
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

// asUser is a harness acting on behalf of a plain local person, and that
// person.
func asUser(t testing.TB, opts emulator.Options) (*viewtest.Harness, pod.UserDetail) {
	t.Helper()
	h := viewtest.New(t, opts)
	list, err := h.Admin.ListUsers(h.Ctx(t), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range list {
		if u.UserAttributes.AccountType == pod.AccountNormal && u.UserSystemInfo.Status == pod.UserEnabled && viewtest.IsPlain(u.UserAttributes.UserName) {
			h.ActAs(t, u.UserAttributes.UserName)
			return h, u
		}
	}
	t.Fatal("no plain person")
	return nil, pod.UserDetail{}
}

// TestUsersAsUserSearchTheDirectory: on behalf of a user the tab lists
// nothing by itself (the admin list is never asked), "/" and enter run the
// pod's search, esc clears it; the admin actions and the status filter are
// not offered, their keys say why, and the detail pane does not ask for the
// admin record.
func TestUsersAsUserSearchTheDirectory(t *testing.T) {
	h, _ := asUser(t, emulator.Options{Users: 300, Rooms: 4})
	target := someSearchable(t, h)
	h.Emu.ResetStats()
	v, _ := newTestUsers(t, h, 140, 30)

	viewtest.MustContain(t, "the header", v.View(), "directory search as the user (listing every user needs an administrator)")
	viewtest.MustContain(t, "the empty table", v.View(), "type / and a name, username or email to search the directory")
	if n := viewtest.RouteCount(h, "GET /pod/v2/admin/user/list"); n != 0 {
		t.Fatalf("the admin list was asked %d times on behalf of a user", n)
	}
	for _, b := range v.KeyBindings() {
		if d := b.Help().Desc; b.Enabled() && (strings.Contains(d, "user") && d != "search the directory" || d == "features" || strings.HasPrefix(d, "status")) {
			t.Errorf("offered on behalf of a user: %q", d)
		}
	}
	if d := viewtest.Press(t, v, viewtest.RuneKey("D")); !strings.Contains(d.LastStatus(), "disable user is not available: POST /pod/v1/admin/user/{uid}/status/update: not available on behalf of a user") {
		t.Errorf("D says %q", d.LastStatus())
	}

	viewtest.Press(t, v, viewtest.RuneKey("/"))
	viewtest.MustContain(t, "the input", v.View(), "search the directory: ")
	for _, r := range target.Username {
		viewtest.Press(t, v, viewtest.RuneKey(string(r)))
	}
	if v.found.Len() != 0 {
		t.Fatal("typing searched before enter")
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	if !v.found.Has(target.key()) {
		t.Fatalf("the search for %q did not find the user", target.Username)
	}
	viewtest.MustContain(t, "the header", v.View(), `directory search "`+target.Username+`" · `)
	viewtest.MustContain(t, "the table", v.View(), target.Name)
	if tl := v.Tally(); tl.Total != v.found.Len() || tl.Loading {
		t.Errorf("tally %+v with %d found", tl, v.found.Len())
	}

	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "the detail", v.View(), "admin     unavailable: not available on behalf of a")
	if n := viewtest.RouteCount(h, "GET /pod/v2/admin/user/{uid}") + viewtest.RouteCount(h, "GET /pod/v1/admin/user/{uid}/features"); n != 0 {
		t.Errorf("the detail pane asked for the admin record %d times on behalf of a user", n)
	}

	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	if v.found.Len() != 0 || v.query != "" || v.table != v.found {
		t.Errorf("esc left %d rows for %q", v.found.Len(), v.query)
	}
	viewtest.MustContain(t, "the header after esc", v.View(), "directory search as the user")
}

// someSearchable is a plain local person the search finds by username.
func someSearchable(t *testing.T, h *viewtest.Harness, not ...int64) userRec {
	t.Helper()
	res, err := h.Admin.SearchUsers(h.Ctx(t), pod.UserSearchQuery{}, true, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Users {
		if u.AccountType == pod.AccountNormal && viewtest.IsPlain(u.DisplayName+u.Username) && len(u.Username) > 6 && !slices.Contains(not, u.ID) {
			return recFromUser(u)
		}
	}
	t.Fatal("no searchable person")
	return userRec{}
}

// TestUsersAsUserSearchIsInert: a hostile query is searched as typed and
// drawn inert in the header.
func TestUsersAsUserSearchIsInert(t *testing.T) {
	h, _ := asUser(t, emulator.Options{Users: 120, Rooms: 2})
	v, _ := newTestUsers(t, h, 120, 20)
	for _, hc := range viewtest.Hostile {
		_, cmd := v.Update(usersCommand(hc.Value))
		viewtest.Drive(t, v, cmd)
		viewtest.CheckInert(t, hc.Class, v.View())
	}
}

// TestUsersAsUserPresenceOfThoseFound: the users a search finds are
// followed by a tracker that may not load everyone's presence, and their
// presence column fills in when it has read them.
func TestUsersAsUserPresenceOfThoseFound(t *testing.T) {
	h, _ := asUser(t, emulator.Options{Users: 300, Rooms: 2})
	target := someSearchable(t, h)
	tr := h.Track(t, presence.Options{Interval: 50 * time.Millisecond})
	v := New(h.Common, h.Deps)
	v.after = viewtest.Immediate
	v.SetSize(140, 30)
	p := viewtest.NewProgram(t, v)
	p.FollowPresence(tr)
	p.Start(v.Init())
	_, cmd := v.Update(usersCommand(target.Username))
	p.Start(cmd)
	want, err := h.Admin.UserPresence(h.Ctx(t), target.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	p.Until(func() bool { return v.recs[target.ID].Presence == want.Category }, 10*time.Millisecond, viewtest.FlowWait)
	viewtest.MustContain(t, "the row", v.View(), tab.PresenceLabel(want.Category))

	// A second search, once the column follows the tracker: its users are
	// read by the tracker outside any change, and still fill in.
	other := someSearchable(t, h, target.ID)
	want, err = h.Admin.UserPresence(h.Ctx(t), other.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	_, cmd = v.Update(usersCommand(other.Username))
	p.Start(cmd)
	p.Until(func() bool { return v.recs[other.ID].Presence == want.Category }, 10*time.Millisecond, viewtest.FlowWait)
}

// usersCommand is ":users Q" as the command line sends it.
func usersCommand(q string) ui.CommandMsg { return ui.CommandMsg{Name: "users", Arg: q} }

// TestUsersAsUserLookupShowsTheUser: ":user USERNAME" on behalf of a user
// finds the user without the admin record and shows them among the rows,
// with the detail pane open.
func TestUsersAsUserLookupShowsTheUser(t *testing.T) {
	h, _ := asUser(t, emulator.Options{Users: 200, Rooms: 2})
	target := someSearchable(t, h)
	v, _ := newTestUsers(t, h, 140, 30)
	_, cmd := v.Update(ui.CommandMsg{Name: "user", Arg: target.Username})
	viewtest.Drive(t, v, cmd)
	if r, ok := v.cursorRec(); !ok || r.ID != target.ID {
		t.Fatalf("the cursor is on %+v, want %s", r, target.Username)
	}
	viewtest.MustContain(t, "the table", v.View(), target.Name)
	viewtest.MustContain(t, "the detail", v.View(), "admin     unavailable: not available on behalf of a")
	if n := viewtest.RouteCount(h, "GET /pod/v2/admin/user/{uid}"); n != 0 {
		t.Errorf("the admin record was asked %d times", n)
	}
}

// TestUsersAsUserWithoutContactInfo: an app without GET_BASIC_CONTACT_INFO
// is refused the search once, naming the permission; "/" then leaves the
// keys and says why instead of asking again.
func TestUsersAsUserWithoutContactInfo(t *testing.T) {
	h, _ := asUser(t, emulator.Options{Users: 100, Rooms: 2, AppPermissions: map[string][]string{
		emulator.AppID: {"GET_BASIC_USER_INFO", "GET_PRESENCE"},
	}})
	v, _ := newTestUsers(t, h, 140, 30)
	if d := viewtest.Drive(t, v, func() tea.Msg { return usersCommand("ana") }); !strings.Contains(v.View(), "GET_BASIC_CONTACT_INFO") {
		t.Fatalf("the refused search does not name the permission:\n%s\n%v", v.View(), d.Status)
	}
	searches := viewtest.RouteCount(h, "POST /pod/v1/user/search")
	for _, b := range v.KeyBindings() {
		if b.Enabled() && b.Help().Key == "/" {
			t.Errorf("%q still offered after the refusal", b.Help().Desc)
		}
	}
	d := viewtest.Press(t, v, viewtest.RuneKey("/"))
	if !strings.Contains(d.LastStatus(), "search the directory is not available") || !strings.Contains(d.LastStatus(), "GET_BASIC_CONTACT_INFO") || v.inputOpen {
		t.Errorf("/ after the refusal: %q (input open %v)", d.LastStatus(), v.inputOpen)
	}
	if n := viewtest.RouteCount(h, "POST /pod/v1/user/search"); n != searches {
		t.Errorf("%d more searches after the refusal", n-searches)
	}
}
