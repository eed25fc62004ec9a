package ui

import "github.com/charmbracelet/bubbles/key"

// Permits says whether the session may call a pod endpoint ("POST
// /pod/v1/room/{id}/membership/add") and, when it may not, why (raw: it may
// quote the pod). pod.Access implements it: a service account may try
// everything; a session on behalf of a user only what the app's permission
// table allows and the pod has not refused.
type Permits interface {
	Allows(endpoint string) (bool, string)
}

// Rechecker is a Permits that learns refusals from the pod and can forget
// them: a permission granted to the app meanwhile is then tried again.
type Rechecker interface {
	Recheck()
}

// Recheck forgets what the pod refused the session so far, so that the
// next call of each endpoint asks the pod again (the operator's retry, r:
// a permission may have been granted since); a refusal that still holds
// is learnt again from its 403.
func (c *Common) Recheck() {
	if r, ok := c.Access.(Rechecker); ok {
		r.Recheck()
	}
}

// Gate is b as a view offers it for an action that calls endpoints:
// disabled when the session may not call one of them, so that, as in
// read-only mode, it matches no key and shows in no hint and no help.
// Views gate in KeyBindings and where they match keys, so a refusal the
// pod gives later hides the action from then on.
func (c *Common) Gate(b key.Binding, endpoints ...string) key.Binding {
	if c.Refusal(endpoints...) != "" {
		b.SetEnabled(false)
	}
	return b
}

// Refusal says why the session may not call one of endpoints, "" when it
// may call them all (or nothing says otherwise). Sanitise before display.
func (c *Common) Refusal(endpoints ...string) string {
	if c == nil || c.Access == nil {
		return ""
	}
	for _, ep := range endpoints {
		if ok, why := c.Access.Allows(ep); !ok {
			if why == "" {
				why = "not available to this session"
			}
			return ep + ": " + why
		}
	}
	return ""
}
