package audit

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

const trailRoute = "GET /agent/v1/audittrail/privilegeduser"

// refused is a Permits that refuses the audit trail, as a session on
// behalf of a user is refused it.
type refused struct{}

func (refused) Allows(endpoint string) (bool, string) {
	if endpoint == Endpoint {
		return false, "not available on behalf of a user: it needs an administrator's session"
	}
	return true, ""
}

func show(t *testing.T, v *Page) viewtest.Driven {
	t.Helper()
	v.SetSize(120, 30)
	return viewtest.Drive(t, v, v.Shown())
}

// The page loads nothing until shown, then the whole period, page after
// page to the end (more than one page of 500), newest first.
func TestAuditPagesToTheEnd(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 30, Rooms: 2})
	ctx := h.Ctx(t)
	users, err := h.Admin.ListUsers(ctx, 0, 30)
	if err != nil {
		t.Fatal(err)
	}
	uid := users[len(users)-1].UserSystemInfo.ID
	for range 260 {
		if err := h.Admin.AddRole(ctx, uid, "L1_SUPPORT"); err != nil {
			t.Fatal(err)
		}
		if err := h.Admin.RemoveRole(ctx, uid, "L1_SUPPORT"); err != nil {
			t.Fatal(err)
		}
	}
	v := New(h.Common, h.Deps)
	viewtest.Drive(t, v, v.Init())
	if n := viewtest.RouteCount(h, trailRoute); n != 0 {
		t.Fatalf("%d trail requests before the page showed", n)
	}
	show(t, v)
	if n, loading := v.Count(); n < 520 || loading {
		t.Fatalf("%d actions, loading %v", n, loading)
	}
	if n := viewtest.RouteCount(h, trailRoute); n < 2 {
		t.Errorf("%d trail requests for %d actions", n, len(v.entries))
	}
	frame := v.View()
	viewtest.MustContain(t, "the page", frame, "privileged actions of the last 24h")
	viewtest.MustContain(t, "the page", frame, ui.Thousands(len(v.entries))+" actions")
	viewtest.MustContain(t, "the page", frame, "User role removed (userRoleRemoved)")
	viewtest.MustContain(t, "the page", frame, "user "+strconv.FormatInt(uid, 10))
	viewtest.MustContain(t, "the page", frame, emulator.BotUsername)
	if v.table.Len() != len(v.entries) {
		t.Errorf("%d rows for %d actions", v.table.Len(), len(v.entries))
	}

	// Shown again, it keeps what it has; :audit 7d loads that period.
	before := viewtest.RouteCount(h, trailRoute)
	show(t, v)
	if viewtest.RouteCount(h, trailRoute) != before {
		t.Error("shown again, the page loaded again")
	}
	viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "audit", Arg: "7d"} })
	viewtest.MustContain(t, "the page", v.View(), "privileged actions of the last 7d")
	// :audit alone is the last 24 hours read afresh, not the 7 days held:
	// an action made since is there.
	if err := h.Admin.AddRole(ctx, uid, "L1_SUPPORT"); err != nil {
		t.Fatal(err)
	}
	before = viewtest.RouteCount(h, trailRoute)
	viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "audit"} })
	viewtest.MustContain(t, "the page", v.View(), "privileged actions of the last 24h")
	if n, _ := v.Count(); n != 521 || viewtest.RouteCount(h, trailRoute) == before {
		t.Errorf(":audit alone: %d actions after %d trail requests, want 521 read afresh", n, viewtest.RouteCount(h, trailRoute)-before)
	}
	d := viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "audit", Arg: "soon"} })
	if !strings.Contains(d.LastStatus(), `"soon": want a duration such as 90m, 24h or 7d`) {
		t.Errorf("status %q", d.LastStatus())
	}

	// The filter narrows, locally.
	for _, k := range append([]tea.KeyMsg{viewtest.RuneKey("/")}, keys("added")...) {
		v.Update(k)
	}
	if shown := v.table.Shown(); shown != 261 {
		t.Errorf("the filter shows %d actions, want the 261 roles added", shown)
	}
}

func keys(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		out = append(out, viewtest.RuneKey(string(r)))
	}
	return out
}

// enter goes where the action was done: the room it names, else the user.
func TestAuditEnterGoesToTheTarget(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(120, 30)
	v.started = true
	gen := v.gen.Next()
	page := trailPage{Entries: []pod.AuditEntry{
		entry("1700000000000", "userRoleAdded", map[string]string{"affectedUserId": "71"}),
		entry("1700000001000", "roomMemberAdded", map[string]string{"affectedUserId": "72", "streamId": "AbC-d_"}),
		entry("1700000002000", "podSettingChanged", nil),
	}}
	v.Update(ui.Result[trailPage]{View: ViewID, Gen: gen, Value: page})
	want := []tea.Msg{nil, ui.CommandMsg{Name: "room", Arg: "AbC-d_"}, ui.CommandMsg{Name: "user", Arg: "71"}}
	for i, w := range want {
		_, cmd := v.Update(tea.KeyMsg{Type: tea.KeyEnter})
		var got tea.Msg
		if cmd != nil {
			got = cmd()
		}
		if s, ok := got.(ui.StatusMsg); ok && w == nil {
			if !strings.Contains(s.Text, "names no user or room") {
				t.Errorf("row %d: %q", i, s.Text)
			}
		} else if got != w {
			t.Errorf("row %d (newest first): enter sent %#v, want %#v", i, got, w)
		}
		v.Update(viewtest.RuneKey("j"))
	}
}

func entry(ts, action string, details map[string]string) pod.AuditEntry {
	e := pod.AuditEntry{Timestamp: ts, Action: action, ActionName: action, InitiatorUsername: "bot", InitiatorID: "1"}
	if len(details) > 0 {
		e.Details = map[string]json.RawMessage{}
	}
	for k, val := range details {
		e.Details[k] = json.RawMessage(strconv.Quote(val))
	}
	return e
}

// On behalf of a user the page says the trail needs an administrator and
// asks nothing; an account without the role gets the pod's refusal in a
// line that says what is missing.
func TestAuditRefusals(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 10, Rooms: 1})
	c := viewtest.NewCommon(false)
	c.Access = refused{}
	v := New(c, h.Deps)
	show(t, v)
	viewtest.MustContain(t, "on behalf", v.View(), "The audit trail needs an administrator: "+Endpoint)
	if n := viewtest.RouteCount(h, trailRoute); n != 0 {
		t.Errorf("%d trail requests on behalf of a user", n)
	}

	me, err := h.Admin.SessionInfo(h.Ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.RemoveRole(h.Ctx(t), me.ID, "SUPER_ADMINISTRATOR"); err != nil {
		t.Fatal(err)
	}
	v = New(h.Common, h.Deps)
	show(t, v)
	viewtest.MustContain(t, "no role", v.View(), "The account lacks the entitlement to read the audit trail:")
	if n := viewtest.RouteCount(h, trailRoute); n != 1 {
		t.Errorf("%d trail requests", n)
	}
}

// A hostile room name in the trail (the agent quotes it) is drawn inert,
// its escape sequences gone whole.
func TestAuditDrawsHostileNamesInert(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 10, Rooms: 1})
	for i := range viewtest.Hostile {
		r := viewtest.CreateHostileRoom(t, h, "Trail", i)
		if _, err := h.Admin.SetRoomActive(h.Ctx(t), r.RoomSystemInfo.ID, false); err != nil { // audited, with the name
			t.Fatal(err)
		}
	}
	v := New(h.Common, h.Deps)
	show(t, v)
	if n, _ := v.Count(); n < len(viewtest.Hostile) {
		t.Fatalf("%d actions", n)
	}
	for range 3 {
		frame := v.View()
		if strings.Contains(frame, viewtest.LeakMark) {
			t.Errorf("an escape sequence's content shows:\n%s", frame)
		}
		for _, r := range frame {
			if r != '\n' && ui.Unsafe(r) {
				t.Fatalf("the frame holds %U:\n%q", r, frame)
			}
		}
		viewtest.MustContain(t, "the trail", frame, "room ")
		for range 20 {
			v.Update(viewtest.RuneKey("j"))
		}
	}
}
