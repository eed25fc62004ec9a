package pod_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

func TestE2EAdministerAUser(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 200}, pod.Options{})
	ctx := testContext(t)
	c := p.client

	created, err := c.CreateUser(ctx, pod.UserCreate{
		UserAttributes: pod.UserAttributes{EmailAddress: "new.hire@symtui.test", UserName: "new.hire", FirstName: "New", LastName: "Hire", DisplayName: "New Hire", AccountType: pod.AccountNormal},
		Roles:          []string{"INDIVIDUAL"},
	})
	if err != nil {
		t.Fatal(err)
	}
	uid := created.UserSystemInfo.ID
	if uid == 0 || created.UserSystemInfo.Status != pod.UserEnabled {
		t.Fatalf("created %+v", created.UserSystemInfo)
	}
	updated, err := c.UpdateUser(ctx, uid, pod.UserChanges{Title: ptr("Trader")})
	if err != nil || updated.UserAttributes.Title != "Trader" || updated.UserAttributes.DisplayName != "New Hire" {
		t.Fatalf("update = %+v, %v", updated.UserAttributes, err)
	}

	roles, err := c.Roles(ctx)
	if err != nil || !slices.ContainsFunc(roles, func(r pod.RoleDetail) bool { return r.ID == "COMPLIANCE_OFFICER" }) {
		t.Fatalf("roles = %+v, %v", roles, err)
	}
	if err := c.AddRole(ctx, uid, "COMPLIANCE_OFFICER"); err != nil {
		t.Fatal(err)
	}
	found, err := pod.Collect(c.FindAllUsers(ctx, pod.UserFilter{Role: "COMPLIANCE_OFFICER"}))
	if err != nil || !slices.ContainsFunc(found, func(d pod.UserDetail) bool { return d.UserSystemInfo.ID == uid }) {
		t.Fatalf("find by role misses the user (%d found, %v)", len(found), err)
	}
	if err := c.RemoveRole(ctx, uid, "COMPLIANCE_OFFICER"); err != nil {
		t.Fatal(err)
	}
	detail, err := c.UserDetail(ctx, uid)
	if err != nil || slices.Contains(detail.Roles, "COMPLIANCE_OFFICER") {
		t.Fatalf("roles after remove = %v, %v", detail.Roles, err)
	}

	names, err := c.SystemFeatures(ctx)
	if err != nil || len(names) == 0 {
		t.Fatalf("system features = %v, %v", names, err)
	}
	if err := c.UpdateUserFeatures(ctx, uid, []pod.Feature{{Entitlement: names[0], Enabled: false}}); err != nil {
		t.Fatal(err)
	}
	features, err := c.UserFeatures(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(features, func(f pod.Feature) bool { return f.Entitlement == names[0] })
	if i < 0 || features[i].Enabled {
		t.Fatalf("feature %s after disabling: %+v", names[0], features)
	}

	if err := c.UpdateUserStatus(ctx, uid, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	if st, err := c.UserStatus(ctx, uid); err != nil || st.Status != pod.UserDisabled {
		t.Fatalf("status = %+v, %v", st, err)
	}
	if err := c.UpdateUserStatus(ctx, uid, pod.UserEnabled); err != nil {
		t.Fatal(err)
	}
	if err := c.SuspendUser(ctx, uid, "leave", time.Now().Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if st, err := c.UserStatus(ctx, uid); err != nil || !st.Suspended || st.SuspensionReason != "leave" {
		t.Fatalf("status after suspend = %+v, %v", st, err)
	}
	if err := c.UnsuspendUser(ctx, uid); err != nil {
		t.Fatal(err)
	}
	if st, err := c.UserStatus(ctx, uid); err != nil || st.Suspended {
		t.Fatalf("status after unsuspend = %+v, %v", st, err)
	}
	if _, err := c.UserDetail(ctx, 1); err == nil {
		t.Fatal("detail of an unknown user succeeded")
	}
}

func TestE2EAuditTrailFollowsCursors(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 100, Rooms: 5}, pod.Options{})
	ctx := testContext(t)
	c := p.client
	start := time.Now().Add(-time.Minute)

	room, err := c.CreateRoom(ctx, pod.RoomChanges{Name: ptr("audited")})
	if err != nil {
		t.Fatal(err)
	}
	users, err := pod.Collect(c.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	const changes = 12
	for _, u := range users[len(users)-changes:] {
		if err := c.AddMember(ctx, room.RoomSystemInfo.ID, u.UserSystemInfo.ID); err != nil {
			t.Fatal(err)
		}
	}
	q := pod.AuditQuery{Start: start, InitiatorID: p.emu.Credentials.BotUserID, Limit: 5}
	before := p.requests("GET /agent/v1/audittrail/privilegeduser")
	entries, err := pod.Collect(c.AuditTrail(ctx, q))
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for _, e := range entries {
		if e.Action == "roomMemberAdded" {
			added++
		}
	}
	if added != changes {
		t.Fatalf("audit trail has %d member additions of %d entries, want %d", added, len(entries), changes)
	}
	pages := p.requests("GET /agent/v1/audittrail/privilegeduser") - before
	if want := (len(entries) + q.Limit - 1) / q.Limit; pages != want {
		t.Fatalf("%d entries took %d pages, want %d", len(entries), pages, want)
	}
}

// A page of briefs is the page of details with only the listed fields: the
// same users in the same order, the same values, suspended users too.
func TestE2EUserBriefsAreTheListsDetails(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 300}, pod.Options{})
	ctx := testContext(t)
	c := p.client
	full, err := c.ListUsers(ctx, 100, 150)
	if err != nil {
		t.Fatal(err)
	}
	uid := full[3].UserSystemInfo.ID
	if err := c.SuspendUser(ctx, uid, "brief test", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if full, err = c.ListUsers(ctx, 100, 150); err != nil {
		t.Fatal(err)
	}
	briefs, err := c.ListUserBriefs(ctx, 100, 150)
	if err != nil {
		t.Fatal(err)
	}
	if len(briefs) != len(full) || len(full) != 150 {
		t.Fatalf("%d briefs, %d details, want 150 each", len(briefs), len(full))
	}
	for i, d := range full {
		a, s := d.UserAttributes, d.UserSystemInfo
		want := pod.UserBrief{
			UserAttributes: pod.UserBriefAttributes{EmailAddress: a.EmailAddress, UserName: a.UserName, DisplayName: a.DisplayName, CompanyName: a.CompanyName, Title: a.Title},
			UserSystemInfo: pod.UserBriefSystemInfo{ID: s.ID, Status: s.Status, Suspended: s.Suspended, SuspendedUntil: s.SuspendedUntil},
			Roles:          d.Roles,
		}
		if got := briefs[i]; !reflect.DeepEqual(got, want) {
			t.Fatalf("brief %d = %+v, want %+v", i, got, want)
		}
	}
	if !briefs[3].UserSystemInfo.Suspended || briefs[3].UserSystemInfo.SuspendedUntil == 0 {
		t.Fatalf("the suspended user's brief = %+v", briefs[3].UserSystemInfo)
	}
}
