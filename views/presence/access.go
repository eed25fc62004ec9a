package presence

import (
	"symtui/pod"
	"symtui/views/tab"
)

// The endpoints the pane's actions call. Setting another user's presence
// is an administrator's action: on behalf of a user the app sets only the
// user's own (pod.ForAnotherUser), so that key is not offered then.
const (
	epSetOwn      = "POST /pod/v2/user/presence"
	epSetUser     = "POST /pod/v3/user/presence"
	epSearchUsers = "POST /pod/v1/user/search"
)

// paneActions are the pane's actions on the pod.
type paneActions struct{ setOwn, setOther tab.Action }

func (v *Pane) actions() paneActions {
	a := v.c.Keys.Action
	return paneActions{
		setOwn:   tab.Act(a.Edit, "set my presence", epSetOwn),
		setOther: tab.Act(a.SetOther, "", epSearchUsers, pod.ForAnotherUser(epSetUser)),
	}
}
