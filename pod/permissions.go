package pod

import (
	"slices"
	"strings"
)

// Permission is an application permission: what an extension app may do
// with a session obtained on behalf of a user (developer documentation,
// "API Endpoints for Apps").
type Permission string

// The permissions an app may be granted.
const (
	GetBasicContactInfo    Permission = "GET_BASIC_CONTACT_INFO"
	GetBasicUserInfo       Permission = "GET_BASIC_USER_INFO"
	SendMessages           Permission = "SEND_MESSAGES"
	SuppressMessages       Permission = "SUPPRESS_MESSAGES"
	CreateUserStream       Permission = "CREATE_USER_STREAM"
	ManageRooms            Permission = "MANAGE_ROOMS"
	ManageSignals          Permission = "MANAGE_SIGNALS"
	ListUserStreams        Permission = "LIST_USER_STREAMS"
	GetUserConnections     Permission = "GET_USER_CONNECTIONS"
	RequestUserConnections Permission = "REQUEST_USER_CONNECTIONS"
	GetPresence            Permission = "GET_PRESENCE"
	SetPresence            Permission = "SET_PRESENCE"
	ManageUserFollowing    Permission = "MANAGE_USER_FOLLOWING"
	GetMessages            Permission = "GET_MESSAGES"
)

// Permissions lists every permission, in the documentation's order.
func Permissions() []Permission {
	return []Permission{
		GetBasicContactInfo, GetBasicUserInfo, SendMessages, SuppressMessages, CreateUserStream,
		ManageRooms, ManageSignals, ListUserStreams, GetUserConnections, RequestUserConnections,
		GetPresence, SetPresence, ManageUserFollowing, GetMessages,
	}
}

// OBOEndpoint is a pod endpoint a session obtained on behalf of a user may
// call, and the permission(s) the app needs for it.
type OBOEndpoint struct {
	Endpoint    string       // "METHOD /pod/..." with the documentation's parameter names
	Permissions []Permission // all needed, or one of them with AnyOf
	AnyOf       bool
	Deprecated  bool // the documentation marks the endpoint deprecated
}

// oboEndpoints is the documentation's table of pod endpoints enabled for
// OBO. Every other pod or agent endpoint (admin routes, the audit trail,
// everyone's presence, connection accept/reject/remove...) refuses such a
// session. Where two permissions are listed both are needed, except for
// GET /pod/v2/user where SEND_MESSAGES is the deprecated alternative.
var oboEndpoints = []OBOEndpoint{
	{"GET /pod/v1/connection/list", []Permission{GetUserConnections}, false, false},
	{"GET /pod/v1/connection/user/{userId}/info", []Permission{GetUserConnections}, false, false},
	{"POST /pod/v1/connection/create", []Permission{RequestUserConnections}, false, false},
	{"GET /pod/v1/admin/system/protocols/list", []Permission{SendMessages}, false, true},
	{"GET /pod/v1/files/allowedTypes", []Permission{SendMessages}, false, false},
	{"GET /pod/v1/sessioninfo", []Permission{GetBasicUserInfo}, false, true},
	{"GET /pod/v2/sessioninfo", []Permission{GetBasicUserInfo}, false, false},
	{"GET /pod/v1/streams/{streamId}/info", []Permission{SendMessages}, false, true},
	{"POST /pod/v1/streams/list", []Permission{ListUserStreams}, false, false},
	{"POST /pod/v1/im/create", []Permission{SendMessages}, false, false},
	{"GET /pod/v1/user", []Permission{GetBasicContactInfo}, false, true},
	{"GET /pod/v2/user", []Permission{GetBasicContactInfo, SendMessages}, true, false},
	{"GET /pod/v3/users", []Permission{GetBasicContactInfo}, false, false},
	{"POST /pod/v1/user/search", []Permission{GetBasicContactInfo}, false, false},
	{"GET /pod/v1/user/presence", []Permission{GetPresence}, false, true},
	{"GET /pod/v2/user/presence", []Permission{GetPresence}, false, false},
	{"POST /pod/v2/user/presence", []Permission{SetPresence}, false, false},
	{"POST /pod/v3/user/presence", []Permission{SetPresence}, false, false},
	{"GET /pod/v1/user/{userId}/presence", []Permission{GetPresence}, false, true},
	{"GET /pod/v2/user/{userId}/presence", []Permission{GetPresence}, false, true},
	{"GET /pod/v3/user/{userId}/presence", []Permission{GetPresence}, false, false},
	{"POST /pod/v1/user/presence/register", []Permission{GetPresence}, false, false},
	{"POST /pod/v1/presence/feed/create", []Permission{GetPresence}, false, false},
	{"GET /pod/v1/presence/feed/{feedId}/read", []Permission{GetPresence}, false, false},
	{"POST /pod/v1/presence/feed/{feedId}/delete", []Permission{GetPresence}, false, false},
	{"POST /pod/v3/room/create", []Permission{ManageRooms, CreateUserStream}, false, false},
	{"POST /pod/v3/room/search", []Permission{ManageRooms}, false, false},
	{"GET /pod/v3/room/{roomId}/info", []Permission{ManageRooms}, false, false},
	{"POST /pod/v3/room/{roomId}/update", []Permission{ManageRooms}, false, false},
	{"POST /pod/v1/room/{roomId}/setActive", []Permission{ManageRooms}, false, false},
	// The documentation writes it as POST; the pod serves GET (since SBE 20.16).
	{"GET /pod/v2/room/{roomId}/membership/list", []Permission{ManageRooms, ListUserStreams}, false, false},
	{"POST /pod/v1/room/{roomId}/membership/add", []Permission{ManageRooms}, false, false},
	{"POST /pod/v1/room/{roomId}/membership/remove", []Permission{ManageRooms}, false, false},
	{"POST /pod/v1/room/{roomId}/membership/promoteOwner", []Permission{ManageRooms}, false, false},
	{"POST /pod/v1/room/{roomId}/membership/demoteOwner", []Permission{ManageRooms}, false, false},
	{"POST /pod/v1/user/{uid}/follow", []Permission{ManageUserFollowing}, false, false},
	{"POST /pod/v1/user/{uid}/unfollow", []Permission{ManageUserFollowing}, false, false},
}

// OBOEndpoints returns a copy of the table.
func OBOEndpoints() []OBOEndpoint {
	out := make([]OBOEndpoint, len(oboEndpoints))
	for i, ep := range oboEndpoints {
		ep.Permissions = slices.Clone(ep.Permissions)
		out[i] = ep
	}
	return out
}

// oboByEndpoint indexes the table by EndpointKey.
var oboByEndpoint = func() map[string]*OBOEndpoint {
	m := make(map[string]*OBOEndpoint, len(oboEndpoints))
	for i := range oboEndpoints {
		m[EndpointKey(oboEndpoints[i].Endpoint)] = &oboEndpoints[i]
	}
	return m
}()

// OBORule returns the table's row for an endpoint ("POST
// /pod/v1/room/{id}/membership/add": parameter names do not matter), and
// false when the endpoint is not enabled for sessions on behalf of a user.
func OBORule(endpoint string) (OBOEndpoint, bool) {
	ep := oboByEndpoint[EndpointKey(endpoint)]
	if ep == nil {
		return OBOEndpoint{}, false
	}
	out := *ep
	out.Permissions = slices.Clone(ep.Permissions)
	return out, true
}

// EndpointKey is an endpoint with its path parameters' names dropped
// ("{id}" and "{roomId}" name the same route).
func EndpointKey(endpoint string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(endpoint, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(endpoint[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(endpoint[:open+1])
		endpoint = endpoint[open+end:]
	}
	b.WriteString(endpoint)
	return b.String()
}

// permissionsIn lists the permissions a pod's message names, in the
// table's order; each must stand as a whole word.
func permissionsIn(msg string) []Permission {
	var out []Permission
	for _, p := range Permissions() {
		for rest := msg; ; {
			i := strings.Index(rest, string(p))
			if i < 0 {
				break
			}
			end := i + len(p)
			if !permissionRune(rest, i-1) && !permissionRune(rest, end) {
				out = append(out, p)
				break
			}
			rest = rest[end:]
		}
	}
	return out
}

// permissionRune reports whether s[i] exists and could continue a
// permission name (an upper-case letter or an underscore).
func permissionRune(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || (c >= 'A' && c <= 'Z')
}

// joinPermissions is "A", "A and B", or with anyOf "A or B".
func joinPermissions(ps []Permission, anyOf bool) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	sep := " and "
	if anyOf {
		sep = " or "
	}
	return strings.Join(names, sep)
}
