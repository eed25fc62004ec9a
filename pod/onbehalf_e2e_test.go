package pod_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

// TestPermissionTablesAgree: the client's OBO table and the emulator's own
// copy (it must not import the client) say the same.
func TestPermissionTablesAgree(t *testing.T) {
	var ours, theirs []string
	for _, p := range pod.Permissions() {
		ours = append(ours, string(p))
	}
	if !slices.Equal(ours, emulator.AppPermissions()) {
		t.Fatalf("permissions differ:\nclient   %v\nemulator %v", ours, emulator.AppPermissions())
	}
	ours = nil
	for _, ep := range pod.OBOEndpoints() {
		ours = append(ours, describeRow(ep.Endpoint, ep.Permissions, ep.AnyOf, ep.Deprecated))
	}
	for _, ep := range emulator.OBOEndpoints() {
		var perms []pod.Permission
		for _, p := range ep.Permissions {
			perms = append(perms, pod.Permission(p))
		}
		theirs = append(theirs, describeRow(ep.Route, perms, ep.AnyOf, ep.Deprecated))
	}
	slices.Sort(ours)
	slices.Sort(theirs)
	if !slices.Equal(ours, theirs) {
		t.Fatalf("OBO tables differ:\nclient   %q\nemulator %q", ours, theirs)
	}
}

func describeRow(endpoint string, perms []pod.Permission, anyOf, deprecated bool) string {
	return strings.Join([]string{pod.EndpointKey(endpoint), strings.Join(slicesOf(perms), ","),
		map[bool]string{true: "any", false: "all"}[anyOf], map[bool]string{true: "deprecated", false: ""}[deprecated]}, " ")
}

func slicesOf(ps []pod.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// oboClient is a client acting on behalf of username through the app of
// p's emulator, built from the BDK config the emulator writes, behind the
// validating proxy.
func oboClient(t *testing.T, p *livePod, username string) *pod.Client {
	t.Helper()
	dir := t.TempDir()
	if err := p.emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pointAt(t, cfg, validatingProxy(t, p.emu))
	s, err := session.New(cfg, session.Options{Version: "test", OBOUsername: username})
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{Retry: &pod.RetryPolicy{MaxAttempts: 1}})
}

// aPerson is an enabled NORMAL user of the pod.
func aPerson(t *testing.T, p *livePod, skip int) pod.UserDetail {
	t.Helper()
	users, err := p.client.ListUsers(testContext(t), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.UserAttributes.AccountType == "NORMAL" && u.UserSystemInfo.Status == "ENABLED" {
			if skip == 0 {
				return u
			}
			skip--
		}
	}
	t.Fatal("no enabled person among the first 100 users")
	return pod.UserDetail{}
}

// TestE2EOnBehalfRefusalsNameThePermission: against the emulator enforcing
// the table, a refused call names the app permission that is missing, or
// says the endpoint needs an administrator; what is refused is learnt, and
// a refusal by the user's own entitlements is not taken for a missing
// permission.
func TestE2EOnBehalfRefusalsNameThePermission(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 120, Rooms: 4, AppPermissions: map[string][]string{
		emulator.AppID: {"GET_BASIC_CONTACT_INFO", "GET_BASIC_USER_INFO"},
	}}, pod.Options{})
	ana, bob := aPerson(t, p, 0), aPerson(t, p, 1)
	c := oboClient(t, p, ana.UserAttributes.UserName)
	ctx := testContext(t)

	me, err := c.SessionInfo(ctx)
	if err != nil || me.ID != ana.UserSystemInfo.ID {
		t.Fatalf("sessioninfo on behalf of ana: %+v, %v", me, err)
	}
	access := c.Access()
	if ok, _ := access.Allows("GET /pod/v3/user/{uid}/presence"); !ok {
		t.Fatal("before any refusal, presence should be offered")
	}
	_, err = c.UserPresence(ctx, bob.UserSystemInfo.ID, false)
	if got := pod.MissingPermissions(err); !slices.Equal(got, []pod.Permission{pod.GetPresence}) {
		t.Fatalf("MissingPermissions = %v (err %v), want GET_PRESENCE", got, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "the app lacks the permission GET_PRESENCE") || strings.Contains(msg, "service account lacks") {
		t.Fatalf("error %q", msg)
	}
	for _, endpoint := range []string{"GET /pod/v3/user/{uid}/presence", "POST /pod/v1/presence/feed/create", "GET /pod/v2/user/presence"} {
		if ok, why := access.Allows(endpoint); ok || !strings.Contains(why, "GET_PRESENCE") {
			t.Errorf("after the refusal, %s: allowed %v, %q", endpoint, ok, why)
		}
	}
	if ok, _ := access.Allows("GET /pod/v3/users"); !ok {
		t.Error("a permission the pod never refused is no longer offered")
	}

	_, err = pod.Collect(c.AllPresence(ctx))
	if !pod.NeedsAdministrator(err) || !strings.Contains(err.Error(), "not available on behalf of a user") {
		t.Fatalf("everyone's presence on behalf of a user: %v", err)
	}
	if ok, _ := access.Allows("GET /pod/v2/admin/user/list"); ok {
		t.Error("an admin route is offered on behalf of a user")
	}

	// With every permission: the user's own entitlements still refuse, and
	// that names no permission.
	if err := p.emu.SetAppPermissions(emulator.AppID, emulator.AppPermissions()); err != nil {
		t.Fatal(err)
	}
	name := "Bob's desk"
	room, err := p.client.CreateRoom(ctx, pod.RoomChanges{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	rid := room.RoomSystemInfo.ID
	if err := p.client.AddMember(ctx, rid, ana.UserSystemInfo.ID); err != nil {
		t.Fatal(err)
	}
	err = c.AddMember(ctx, rid, bob.UserSystemInfo.ID)
	var pe *pod.Error
	if !errors.As(err, &pe) || pe.Status != 403 || pod.MissingPermissions(err) != nil || pod.NeedsAdministrator(err) {
		t.Fatalf("a member adding to a room she does not own: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "the user may not do this, or the app lacks MANAGE_ROOMS") || !strings.Contains(msg, "Only room owners") {
		t.Fatalf("entitlement refusal reads %q", msg)
	}
	if ok, _ := access.Allows("POST /pod/v1/room/{id}/membership/add"); !ok {
		t.Error("an entitlement refusal was learnt as a missing permission")
	}
	if types, err := c.AllowedFileTypes(ctx); err != nil || len(types) == 0 {
		t.Fatalf("allowed file types on behalf of ana: %v, %v", types, err)
	}
}
