package emulator

import (
	"slices"
	"strings"
)

// The permissions an extension app may be granted, as the pod names them
// (developer documentation, "API Endpoints for Apps"). The emulator keeps
// its own copy of this table: it must not import the client's.
var appPermissions = []string{
	"GET_BASIC_CONTACT_INFO",
	"GET_BASIC_USER_INFO",
	"SEND_MESSAGES",
	"SUPPRESS_MESSAGES",
	"CREATE_USER_STREAM",
	"MANAGE_ROOMS",
	"MANAGE_SIGNALS",
	"LIST_USER_STREAMS",
	"GET_USER_CONNECTIONS",
	"REQUEST_USER_CONNECTIONS",
	"GET_PRESENCE",
	"SET_PRESENCE",
	"MANAGE_USER_FOLLOWING",
	"GET_MESSAGES",
}

// AppPermissions lists every permission name an app may be granted.
func AppPermissions() []string { return slices.Clone(appPermissions) }

// OBOEndpoint is one pod endpoint a session obtained on behalf of a user
// may call, and the app permission(s) it needs.
type OBOEndpoint struct {
	Route       string   // "METHOD /path/{param}", e.g. "GET /pod/v3/room/{id}/info"
	Permissions []string // needed: all of them, or one of them with AnyOf
	AnyOf       bool
	// Deprecated: the documentation marks the endpoint deprecated; the
	// specification the emulator follows no longer lists most of these.
	Deprecated bool
}

// oboEndpoints are the pod endpoints enabled for OBO. Every other pod and
// agent endpoint (every admin route but one, the audit trail, everyone's
// presence, connection accept/reject/remove, ...) is refused to such a
// session. Where the documentation lists two permissions, both are needed,
// except for GET /pod/v2/user where SEND_MESSAGES is the deprecated
// alternative.
var oboEndpoints = []OBOEndpoint{
	{Route: "GET /pod/v1/connection/list", Permissions: []string{"GET_USER_CONNECTIONS"}},
	{Route: "GET /pod/v1/connection/user/{userId}/info", Permissions: []string{"GET_USER_CONNECTIONS"}},
	{Route: "POST /pod/v1/connection/create", Permissions: []string{"REQUEST_USER_CONNECTIONS"}},
	{Route: "GET /pod/v1/admin/system/protocols/list", Permissions: []string{"SEND_MESSAGES"}, Deprecated: true},
	{Route: "GET /pod/v1/files/allowedTypes", Permissions: []string{"SEND_MESSAGES"}},
	{Route: "GET /pod/v1/sessioninfo", Permissions: []string{"GET_BASIC_USER_INFO"}, Deprecated: true},
	{Route: "GET /pod/v2/sessioninfo", Permissions: []string{"GET_BASIC_USER_INFO"}},
	{Route: "GET /pod/v1/streams/{sid}/info", Permissions: []string{"SEND_MESSAGES"}, Deprecated: true},
	{Route: "POST /pod/v1/streams/list", Permissions: []string{"LIST_USER_STREAMS"}},
	{Route: "POST /pod/v1/im/create", Permissions: []string{"SEND_MESSAGES"}},
	{Route: "GET /pod/v1/user", Permissions: []string{"GET_BASIC_CONTACT_INFO"}, Deprecated: true},
	{Route: "GET /pod/v2/user", Permissions: []string{"GET_BASIC_CONTACT_INFO", "SEND_MESSAGES"}, AnyOf: true},
	{Route: "GET /pod/v3/users", Permissions: []string{"GET_BASIC_CONTACT_INFO"}},
	{Route: "POST /pod/v1/user/search", Permissions: []string{"GET_BASIC_CONTACT_INFO"}},
	{Route: "GET /pod/v1/user/presence", Permissions: []string{"GET_PRESENCE"}, Deprecated: true},
	{Route: "GET /pod/v2/user/presence", Permissions: []string{"GET_PRESENCE"}},
	{Route: "POST /pod/v2/user/presence", Permissions: []string{"SET_PRESENCE"}},
	{Route: "POST /pod/v3/user/presence", Permissions: []string{"SET_PRESENCE"}},
	{Route: "GET /pod/v1/user/{uid}/presence", Permissions: []string{"GET_PRESENCE"}, Deprecated: true},
	{Route: "GET /pod/v2/user/{uid}/presence", Permissions: []string{"GET_PRESENCE"}, Deprecated: true},
	{Route: "GET /pod/v3/user/{uid}/presence", Permissions: []string{"GET_PRESENCE"}},
	{Route: "POST /pod/v1/user/presence/register", Permissions: []string{"GET_PRESENCE"}},
	{Route: "POST /pod/v1/presence/feed/create", Permissions: []string{"GET_PRESENCE"}},
	{Route: "GET /pod/v1/presence/feed/{feedId}/read", Permissions: []string{"GET_PRESENCE"}},
	{Route: "POST /pod/v1/presence/feed/{feedId}/delete", Permissions: []string{"GET_PRESENCE"}},
	{Route: "POST /pod/v3/room/create", Permissions: []string{"MANAGE_ROOMS", "CREATE_USER_STREAM"}},
	{Route: "POST /pod/v3/room/search", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "GET /pod/v3/room/{id}/info", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v3/room/{id}/update", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v1/room/{id}/setActive", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "GET /pod/v2/room/{id}/membership/list", Permissions: []string{"MANAGE_ROOMS", "LIST_USER_STREAMS"}},
	{Route: "POST /pod/v1/room/{id}/membership/add", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v1/room/{id}/membership/remove", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v1/room/{id}/membership/promoteOwner", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v1/room/{id}/membership/demoteOwner", Permissions: []string{"MANAGE_ROOMS"}},
	{Route: "POST /pod/v1/user/{uid}/follow", Permissions: []string{"MANAGE_USER_FOLLOWING"}},
	{Route: "POST /pod/v1/user/{uid}/unfollow", Permissions: []string{"MANAGE_USER_FOLLOWING"}},
}

// OBOEndpoints returns a copy of the table the emulator enforces.
func OBOEndpoints() []OBOEndpoint {
	out := make([]OBOEndpoint, len(oboEndpoints))
	for i, ep := range oboEndpoints {
		ep.Permissions = slices.Clone(ep.Permissions)
		out[i] = ep
	}
	return out
}

// oboByRoute indexes the table by routeKey.
var oboByRoute = func() map[string]*OBOEndpoint {
	m := make(map[string]*OBOEndpoint, len(oboEndpoints))
	for i := range oboEndpoints {
		m[routeKey(oboEndpoints[i].Route)] = &oboEndpoints[i]
	}
	return m
}()

// routeKey is a route with its parameter names dropped ("{id}" and
// "{roomId}" are the same route), so the table matches a ServeMux pattern.
func routeKey(route string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(route, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(route[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(route[:open+1])
		route = route[open+end:]
	}
	b.WriteString(route)
	return b.String()
}

// isPermission reports whether name is a permission an app may be granted.
func isPermission(name string) bool { return slices.Contains(appPermissions, name) }
