package users

import "symtui/views/tab"

// The endpoints the Users tab calls, as the app permission table names
// them: what the session may call decides what the tab offers
// (tab.Action). Every admin route is refused to a session on behalf of a
// user, so such a session sees the directory through the pod's search, and
// none of the admin actions.
const (
	epListUsers   = "GET /pod/v2/admin/user/list"
	epUserDetail  = "GET /pod/v2/admin/user/{uid}"
	epCreateUser  = "POST /pod/v2/admin/user/create"
	epUpdateUser  = "POST /pod/v2/admin/user/{uid}/update"
	epRoles       = "GET /pod/v1/admin/system/roles/list"
	epAddRole     = "POST /pod/v1/admin/user/{uid}/roles/add"
	epRemoveRole  = "POST /pod/v1/admin/user/{uid}/roles/remove"
	epFeatures    = "GET /pod/v1/admin/user/{uid}/features"
	epSetFeatures = "POST /pod/v1/admin/user/{uid}/features/update"
	epSetStatus   = "POST /pod/v1/admin/user/{uid}/status/update"
	epSuspend     = "PUT /pod/v1/admin/user/{userId}/suspension/update"
	epCreateIM    = "POST /pod/v1/im/create"
	epSearchUsers = "POST /pod/v1/user/search"
	epAllPresence = "GET /pod/v2/users/presence"
	epUserStreams = "POST /pod/v1/admin/user/{uid}/streams/list"
	epAdminRemove = "POST /pod/v1/admin/room/{id}/membership/remove"
)

// userActions are the tab's actions on the pod.
type userActions struct {
	search, status, create, edit, addRole, removeRole, features tab.Action
	disable, enable, suspend, message, rooms, offboard          tab.Action
}

// actions are the tab's actions, each with the endpoints it calls. The
// status filter reads the admin records' status, which only the admin
// list carries.
func (v *Tab) actions() userActions {
	a := v.c.Keys.Action
	return userActions{
		search:     tab.Act(v.c.Keys.Table.Filter, "search the directory", epSearchUsers),
		status:     tab.Act(a.FilterStatus, "status: all, enabled, disabled", epListUsers),
		create:     tab.Act(a.Add, "create user", epCreateUser),
		edit:       tab.Act(a.Edit, "edit user", epUserDetail, epUpdateUser),
		addRole:    tab.Act(a.Promote, "add role", epRoles, epUserDetail, epAddRole),
		removeRole: tab.Act(a.Demote, "remove role", epUserDetail, epRemoveRole),
		features:   tab.Act(a.Features, "", epFeatures, epSetFeatures),
		disable:    tab.Act(a.Deactivate, "disable user", epSetStatus),
		enable:     tab.Act(a.Reactivate, "enable user", epSetStatus),
		suspend:    tab.Act(a.Suspend, "", epSuspend),
		message:    tab.Act(a.Message, "", epCreateIM),
		rooms:      tab.Act(a.Rooms, "", epUserStreams),
		offboard:   tab.Act(a.Offboard, "offboard: out of every room", epUserStreams, epAdminRemove),
	}
}

// all lists the actions, for the refusal of a key (tab.WhyNot). The
// search is "/" only in the search-only form of the tab (asuser.go).
func (x userActions) all() []tab.Action {
	return []tab.Action{x.search, x.status, x.create, x.edit, x.addRole, x.removeRole, x.features, x.disable, x.enable, x.suspend, x.message, x.rooms, x.offboard}
}

// searchOnly reports that the session may not list the pod's directory
// (on behalf of a user, whom the admin list is not for): the tab is then
// the pod's user search, which "/" runs.
func (v *Tab) searchOnly() bool { return v.c.Refusal(epListUsers) != "" }

// mayCall reports whether d's client may call endpoint: commands check it
// in their own goroutine, where the model is not theirs to read (the
// client's Access is safe for concurrent use).
func mayCall(d tab.Deps, endpoint string) bool {
	ok, _ := d.Pod.Access().Allows(endpoint)
	return ok
}
