package pod

import (
	"slices"
	"strings"
	"testing"
)

func TestPermissionsInTakesWholeNamesOnly(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want []Permission
	}{
		{"The app crm lacks the permission GET_PRESENCE needed to call GET /pod/v3/user/{uid}/presence", []Permission{GetPresence}},
		{"lacks MANAGE_ROOMS and CREATE_USER_STREAM", []Permission{CreateUserStream, ManageRooms}},
		{"lacks GET_BASIC_CONTACT_INFO (or SEND_MESSAGES)", []Permission{GetBasicContactInfo, SendMessages}},
		{"XGET_PRESENCE, GET_PRESENCES, get_presence, GET_PRESENCE_", nil},
		{"GET_PRESENCE_X then GET_PRESENCE.", []Permission{GetPresence}},
		{"Only room owners can add members to this room", nil},
		{"\x1b[31mSET_PRESENCE\x1b[0m" + strings.Repeat("A", 10000), []Permission{SetPresence}},
		{"", nil},
	} {
		if got := permissionsIn(tc.msg); !slices.Equal(got, tc.want) {
			t.Errorf("permissionsIn(%.60q) = %v, want %v", tc.msg, got, tc.want)
		}
	}
}

func TestOnBehalfRefusalSentences(t *testing.T) {
	missing := &Error{Status: 403, Endpoint: "GET /pod/v3/user/{uid}/presence", Message: "lacks GET_PRESENCE"}
	onBehalfError(missing)
	admin := &Error{Status: 403, Endpoint: "GET /agent/v1/audittrail/privilegeduser", Message: "not available"}
	onBehalfError(admin)
	user := &Error{Status: 403, Endpoint: "POST /pod/v1/room/{id}/membership/add", Message: "Only room owners can add members"}
	onBehalfError(user)
	either := &Error{Status: 403, Endpoint: "GET /pod/v2/user", Message: "lacks GET_BASIC_CONTACT_INFO (or SEND_MESSAGES)"}
	onBehalfError(either)
	bot := &Error{Status: 403, Endpoint: "GET /pod/v3/user/{uid}/presence", Message: "lacks GET_PRESENCE"}
	for _, tc := range []struct {
		e    *Error
		want string
	}{
		{missing, "the app lacks the permission GET_PRESENCE needed for GET /pod/v3/user/{uid}/presence on behalf of the user (HTTP 403: lacks GET_PRESENCE)"},
		{admin, "GET /agent/v1/audittrail/privilegeduser is not available on behalf of a user: it needs an administrator's session"},
		{user, "the pod refused POST /pod/v1/room/{id}/membership/add on behalf of the user (HTTP 403: Only room owners can add members): the user may not do this, or the app lacks MANAGE_ROOMS"},
		{either, "the app lacks the permission GET_BASIC_CONTACT_INFO or SEND_MESSAGES needed for GET /pod/v2/user"},
		{bot, "the service account lacks the entitlement"},
	} {
		if got := tc.e.Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want it to contain %q", tc.e.Endpoint, got, tc.want)
		}
	}
	if !NeedsAdministrator(admin) || NeedsAdministrator(missing) || NeedsAdministrator(bot) || MissingPermissions(bot) != nil {
		t.Error("NeedsAdministrator/MissingPermissions misjudge the refusals")
	}
}

func TestAccessOfAServiceAccountAllowsEverything(t *testing.T) {
	a := newAccess(false)
	a.learn(&Error{Status: 403, Missing: []Permission{GetPresence}})
	if ok, _ := a.Allows("GET /pod/v2/admin/user/list"); !ok {
		t.Fatal("a service account is refused an admin route up front")
	}
	var none *Access
	if ok, _ := none.Allows("GET /pod/v2/users/presence"); !ok || none.OnBehalf() || len(none.Refused()) != 0 {
		t.Fatal("a nil Access must allow everything")
	}
}

// TestAccessForAnotherUser: an endpoint the table enables for the user's
// own resource is refused on behalf of a user when it is about another
// user; a service account may try it.
func TestAccessForAnotherUser(t *testing.T) {
	const set = "POST /pod/v3/user/presence"
	obo := newAccess(true)
	if ok, _ := obo.Allows(set); !ok {
		t.Fatal("setting one's own presence is refused on behalf of the user")
	}
	if ok, why := obo.Allows(ForAnotherUser(set)); ok || !strings.Contains(why, "administrator") {
		t.Fatalf("another user's presence on behalf of a user: %v %q", ok, why)
	}
	if ok, _ := newAccess(false).Allows(ForAnotherUser(set)); !ok {
		t.Fatal("a service account is refused another user's presence up front")
	}
}

// Recheck forgets the refusals learnt: the endpoints they closed are
// allowed again until the pod refuses them anew; the table still holds.
func TestAccessRecheckForgetsRefusals(t *testing.T) {
	a := newAccess(true)
	a.learn(&Error{Status: 403, Missing: []Permission{ManageRooms}, Message: "lacks MANAGE_ROOMS"})
	if ok, _ := a.Allows("POST /pod/v3/room/search"); ok {
		t.Fatal("the refusal was not learnt")
	}
	a.Recheck()
	if ok, why := a.Allows("POST /pod/v3/room/search"); !ok || len(a.Refused()) != 0 {
		t.Errorf("after Recheck the search is refused: %s", why)
	}
	if ok, _ := a.Allows("GET /pod/v2/admin/user/list"); ok {
		t.Error("after Recheck an admin route is allowed on behalf of a user")
	}
	var none *Access
	none.Recheck()
}
