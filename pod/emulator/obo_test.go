package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// viaApp gives u a session obtained by the app on its behalf, as the OBO
// login would, and returns u holding that session.
func (p *roomsPod) viaApp(u testUser) testUser {
	p.t.Helper()
	p.e.mu.Lock()
	defer p.e.mu.Unlock()
	token := "obo-token-" + u.u.Username
	p.e.st.sessions[token] = &session{Token: token, UserID: u.ID, AppID: AppID, ExpiresAt: p.e.now().Add(24 * time.Hour).UnixMilli()}
	u.Token = token
	return u
}

// TestOBOUserEntitlements: through the app the user changes only rooms they
// are a member of, owner-only changes need ownership, and an administrator
// acting through the app has no more power than any user.
func TestOBOUserEntitlements(t *testing.T) {
	c := newRoomsCast(t)
	p := c.p
	room := c.createRoom(map[string]any{"name": "Desk", "membersCanInvite": false}).RoomSystemInfo.ID
	owner, member, admin := p.viaApp(c.owner), p.viaApp(c.member), p.viaApp(c.admin)
	add := "/pod/v1/room/" + room + "/membership/add"

	p.expect(200, "POST", add, owner, map[string]any{"id": c.other.ID}, nil)
	raw := p.expect(403, "POST", add, member, map[string]any{"id": c.outsider.ID}, nil)
	if msg := errorMessage(t, raw).Message; !strings.Contains(msg, "Only room owners") {
		t.Fatalf("a member adding through the app: %q, want the owner-only refusal", msg)
	}
	// The administrator's own session may act on any room; through the app it may not.
	p.expect(403, "POST", add, admin, map[string]any{"id": c.outsider.ID}, nil)
	p.expect(400, "GET", "/pod/v3/room/"+room+"/info", admin, nil, nil)
	p.expect(400, "GET", "/pod/v2/room/"+room+"/membership/list", admin, nil, nil)
	p.expect(403, "POST", "/pod/v1/room/"+room+"/setActive?active=false", member, nil, nil)
	p.expect(400, "POST", "/pod/v3/room/"+room+"/update", admin, map[string]any{"description": "x"}, nil) // not a room it may see
	p.expect(403, "POST", "/pod/v3/room/"+room+"/update", member, map[string]any{"description": "x"}, nil)
	p.expect(403, "POST", add, c.admin, map[string]any{"id": c.outsider.ID}, nil)                                          // not a member: the room's rules hold for it too
	p.expect(200, "POST", "/pod/v1/admin/room/"+room+"/membership/add", c.admin, map[string]any{"id": c.outsider.ID}, nil) // its own session's admin variant can

	var list []memberInfo
	p.expect(200, "GET", "/pod/v2/room/"+room+"/membership/list", member, nil, &list)
	if len(list) != 4 {
		t.Fatalf("members seen by a member through the app: %+v", list)
	}

	// Presence: one's own may be set through either setter; another's not,
	// even by an administrator acting through the app.
	p.expect(200, "POST", "/pod/v3/user/presence", member, map[string]any{"category": "BUSY", "userId": c.member.ID}, nil)
	p.expect(403, "POST", "/pod/v3/user/presence", admin, map[string]any{"category": "BUSY", "userId": c.member.ID}, nil)
	p.expect(200, "POST", "/pod/v3/user/presence", c.admin, map[string]any{"category": "AWAY", "userId": c.member.ID}, nil)

	// Following: the user may follow someone; not make others follow.
	follow := fmt.Sprintf("/pod/v1/user/%d/follow", c.owner.ID)
	p.expect(200, "POST", follow, member, map[string]any{"followers": []int64{c.member.ID}}, nil)
	p.expect(403, "POST", follow, admin, map[string]any{"followers": []int64{c.other.ID}}, nil)
	if got := p.e.Followers(c.owner.ID); len(got) != 1 || got[0] != c.member.ID {
		t.Fatalf("followers of the owner = %v", got)
	}
	p.expect(200, "POST", fmt.Sprintf("/pod/v1/user/%d/unfollow", c.owner.ID), member, map[string]any{"followers": []int64{c.member.ID}}, nil)
	if got := p.e.Followers(c.owner.ID); len(got) != 0 {
		t.Fatalf("followers after unfollowing = %v", got)
	}
}

// TestOBOPermissionsAtRunTime: the app's grant decides each call of a
// session already issued, and the refusal names the missing permission.
func TestOBOPermissionsAtRunTime(t *testing.T) {
	p := newRoomsPod(t, Options{AppPermissions: map[string][]string{AppID: {"GET_BASIC_USER_INFO"}}})
	ana := p.viaApp(p.addUser("ana", false))

	p.expect(200, "GET", "/pod/v2/sessioninfo", ana, nil, nil)
	raw := p.expect(403, "GET", "/pod/v2/user/presence", ana, nil, nil)
	if pe := errorMessage(t, raw); pe.Code != 403 || !strings.Contains(pe.Message, "GET_PRESENCE") || !strings.Contains(pe.Message, AppID) {
		t.Fatalf("refusal = %+v, want 403 naming GET_PRESENCE and the app", pe)
	}
	raw = p.expect(403, "POST", "/pod/v3/room/create", ana, map[string]any{"name": "x"}, nil)
	if msg := errorMessage(t, raw).Message; !strings.Contains(msg, "MANAGE_ROOMS and CREATE_USER_STREAM") {
		t.Fatalf("room create refusal %q, want both permissions named", msg)
	}
	raw = p.expect(403, "GET", "/pod/v2/users/presence", ana, nil, nil)
	if msg := errorMessage(t, raw).Message; !strings.Contains(msg, "not available on behalf of a user") {
		t.Fatalf("everyone's presence through the app: %q", msg)
	}

	if err := p.e.SetAppPermissions(AppID, []string{"GET_PRESENCE", "GET_BASIC_CONTACT_INFO"}); err != nil {
		t.Fatal(err)
	}
	p.expect(200, "GET", "/pod/v2/user/presence", ana, nil, nil)
	p.expect(403, "GET", "/pod/v2/sessioninfo", ana, nil, nil)
	// Either permission opens GET /pod/v2/user.
	p.expect(200, "GET", fmt.Sprintf("/pod/v2/user?uid=%d", ana.ID), ana, nil, nil)
	if err := p.e.SetAppPermissions(AppID, []string{"SEND_MESSAGES"}); err != nil {
		t.Fatal(err)
	}
	p.expect(200, "GET", fmt.Sprintf("/pod/v2/user?uid=%d", ana.ID), ana, nil, nil)
	if err := p.e.SetAppPermissions(AppID, nil); err != nil {
		t.Fatal(err)
	}
	raw = p.expect(403, "GET", fmt.Sprintf("/pod/v2/user?uid=%d", ana.ID), ana, nil, nil)
	if msg := errorMessage(t, raw).Message; !strings.Contains(msg, "GET_BASIC_CONTACT_INFO (or SEND_MESSAGES)") {
		t.Fatalf("either-or refusal %q", msg)
	}
}

func TestAppPermissionsControlAPI(t *testing.T) {
	e := startPod(t, Options{Users: 20})
	c := client(t, e, false)
	path := "/_emulator/apps/" + AppID + "/permissions"

	var got appControl
	r := call(t, c, e, "GET", path, "", nil)
	wantStatus(t, r, 200)
	r.decode(t, &got)
	if len(got.Permissions) != len(appPermissions) {
		t.Fatalf("default grant = %v, want every permission", got.Permissions)
	}
	r = call(t, c, e, "POST", path, "", `{"permissions":["SET_PRESENCE","GET_PRESENCE","GET_PRESENCE"]}`)
	wantStatus(t, r, 200)
	r.decode(t, &got)
	if strings.Join(got.Permissions, ",") != "GET_PRESENCE,SET_PRESENCE" {
		t.Fatalf("answered %v, want the grant in the table's order without duplicates", got.Permissions)
	}
	wantStatus(t, call(t, c, e, "POST", path, "", `{"permissions":[]}`), 200)
	if p, _ := e.GrantedPermissions(AppID); len(p) != 0 {
		t.Fatalf("after granting none: %v", p)
	}

	many := `{"permissions":[` + strings.Repeat(`"GET_PRESENCE",`, maxPermissionNames) + `"GET_PRESENCE"]}`
	for _, tc := range []struct{ body, want string }{
		{`{"permissions":["GET_PRESENCE","READ_MINDS"]}`, `unknown permission "READ_MINDS"`},
		{`{"permissions":["get_presence"]}`, "unknown permission"},
		{`{"permission":["GET_PRESENCE"]}`, "The body must be"},
		{`{}`, "permissions is required"},
		{`{"permissions":"GET_PRESENCE"}`, "The body must be"},
		{many, "want at most 64"},
		{`{"permissions":["\u001b[31mX"]}`, "unknown permission"},
	} {
		wantError(t, call(t, c, e, "POST", path, "", tc.body), 400, tc.want)
	}
	if p, _ := e.GrantedPermissions(AppID); len(p) != 0 {
		t.Fatalf("a refused change changed the grant: %v", p)
	}
	wantError(t, call(t, c, e, "GET", "/_emulator/apps/other-app/permissions", "", nil), 404, "unknown app")
	wantError(t, call(t, c, e, "POST", "/_emulator/apps/other-app/permissions", "", `{"permissions":[]}`), 404, "unknown app")
}

func TestAppPermissionsOptionsValidated(t *testing.T) {
	for _, tc := range []struct {
		perms map[string][]string
		want  string
	}{
		{map[string][]string{AppID: {"MANAGE_ROOMS", "NOPE"}}, `unknown permission "NOPE"`},
		{map[string][]string{"crm-app": {"MANAGE_ROOMS"}}, `unknown app "crm-app"`},
	} {
		_, err := New(Options{Users: 10, Rooms: 2, AppPermissions: tc.perms})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("New with %v: %v, want %q", tc.perms, err, tc.want)
		}
	}
	e := startPod(t, Options{Users: 10, AppPermissions: map[string][]string{AppID: {}}})
	if p, ok := e.GrantedPermissions(AppID); !ok || len(p) != 0 {
		t.Fatalf("an empty grant = %v, %v", p, ok)
	}
}

// TestOBOAppSessionAndServiceAccountsUnaffected: the gate applies to the
// sessions obtained on behalf of a user only.
func TestOBOGateLeavesOtherSessionsAlone(t *testing.T) {
	p := newRoomsPod(t, Options{AppPermissions: map[string][]string{AppID: {}}})
	admin := p.addUser("root", false, "ADMINISTRATOR")
	p.expect(200, "GET", "/pod/v2/users/presence", admin, nil, nil)
	p.expect(200, "GET", "/pod/v2/admin/user/list?limit=2", admin, nil, nil)
	p.expect(http.StatusForbidden, "GET", "/pod/v2/admin/user/list?limit=2", p.viaApp(admin), nil, nil)
}
