package connections

import "symtui/views/tab"

// The endpoints the tab's actions call. The list is the session's own
// connections (on behalf of a user: the user's). Accepting, rejecting and
// removing are not available on behalf of a user; requesting one is, with
// REQUEST_USER_CONNECTIONS.
const (
	epAccept      = "POST /pod/v1/connection/accept"
	epReject      = "POST /pod/v1/connection/reject"
	epRemove      = "POST /pod/v1/connection/user/{uid}/remove"
	epCreate      = "POST /pod/v1/connection/create"
	epInfo        = "GET /pod/v1/connection/user/{userId}/info"
	epSearchUsers = "POST /pod/v1/user/search"
)

// connActions are the tab's actions on the pod.
type connActions struct{ accept, reject, remove, request tab.Action }

func (v *Tab) actions() connActions {
	a := v.c.Keys.Action
	return connActions{
		accept:  tab.Act(a.Accept, "accept request", epAccept),
		reject:  tab.Act(a.Reject, "reject request", epReject),
		remove:  tab.Act(a.Remove, "remove connection", epRemove),
		request: tab.Act(a.Add, "request connection", epSearchUsers, epInfo, epCreate),
	}
}
