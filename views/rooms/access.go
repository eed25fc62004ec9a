package rooms

import (
	"symtui/ui"
	"symtui/views/tab"
)

// The endpoints the Rooms tab calls, as the app permission table names
// them: what the session may call decides what the tab offers
// (tab.Action). On behalf of a user the admin list is refused, so the
// list is the user's own streams list (asuser.go); the search, the room
// actions and the members need MANAGE_ROOMS; whether the user owns a room
// is the pod's to say, change by change.
const (
	epAdminStreams = "POST /pod/v2/admin/streams/list"
	epMyStreams    = "POST /pod/v1/streams/list"
	epSearchRooms  = "POST /pod/v3/room/search"
	epRoomInfo     = "GET /pod/v3/room/{id}/info"
	epCreateRoom   = "POST /pod/v3/room/create"
	epUpdateRoom   = "POST /pod/v3/room/{id}/update"
	epSetActive    = "POST /pod/v1/room/{id}/setActive"
	epMembers      = "GET /pod/v2/room/{id}/membership/list"
	epAddMember    = "POST /pod/v1/room/{id}/membership/add"
	epRemoveMember = "POST /pod/v1/room/{id}/membership/remove"
	epPromote      = "POST /pod/v1/room/{id}/membership/promoteOwner"
	epDemote       = "POST /pod/v1/room/{id}/membership/demoteOwner"
	epSearchUsers  = "POST /pod/v1/user/search"
	epLookupUsers  = "GET /pod/v3/users"
)

// roomActions are the actions of the room list on the pod.
type roomActions struct{ search, open, create, edit, deactivate, reactivate tab.Action }

func (v *Tab) roomActions() roomActions {
	a := v.c.Keys.Action
	return roomActions{
		search:     tab.Act(v.c.Keys.Table.Filter, "search", epSearchRooms),
		open:       tab.Act(a.Open, "", epMembers),
		create:     tab.Act(a.Add, "", epCreateRoom),
		edit:       tab.Act(a.Edit, "", epRoomInfo, epUpdateRoom),
		deactivate: tab.Act(a.Deactivate, "", epSetActive, epRoomInfo),
		reactivate: tab.Act(a.Reactivate, "", epSetActive, epRoomInfo),
	}
}

func (x roomActions) all() []tab.Action {
	return []tab.Action{x.search, x.open, x.create, x.edit, x.deactivate, x.reactivate}
}

// memberActions are the membership changes of the members sub-view. The
// picker of add searches users; bulk add looks them up.
type memberActions struct{ add, bulkAdd, remove, promote, demote tab.Action }

func (v *Tab) memberActions() memberActions {
	a := v.c.Keys.Action
	return memberActions{
		add:     tab.Act(a.Add, "", epSearchUsers, epAddMember),
		bulkAdd: tab.Act(a.BulkAdd, "", epLookupUsers, epMembers, epAddMember),
		remove:  tab.Act(a.Remove, "", epRemoveMember),
		promote: tab.Act(a.Promote, "", epPromote),
		demote:  tab.Act(a.Demote, "", epDemote),
	}
}

func (x memberActions) all() []tab.Action {
	return []tab.Action{x.add, x.bulkAdd, x.remove, x.promote, x.demote}
}

// membersSetEndpoints are what :members set calls: it reads the room and
// looks the users up, then adds, removes, promotes and demotes.
var membersSetEndpoints = []string{epMembers, epLookupUsers, epAddMember, epRemoveMember, epPromote, epDemote}

// Commands implements ui.Commander: :members set, while the session may
// make the changes it plans (as the members' keys are offered).
func (v *Tab) Commands() []ui.Command {
	if v.c.Refusal(membersSetEndpoints...) != "" {
		return nil
	}
	return []ui.Command{{Name: "members", Args: "set", Help: "set the open room's members"}}
}
