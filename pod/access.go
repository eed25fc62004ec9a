package pod

import (
	"fmt"
	"strings"
	"sync"
)

// Access is what the session may call, for the console to offer only what
// can work. A service account may try everything: the pod decides, by its
// roles, call by call. A session on behalf of a user may call only the
// endpoints of the OBO table (OBOEndpoints), and not those needing a
// permission the pod has already refused the app: every 403 naming a
// missing permission is learnt, so the first refusal hides every action
// that needs the same permission. Safe for concurrent use.
type Access struct {
	onBehalf bool

	mu      sync.Mutex
	refused map[Permission]string // permission -> the pod's message that refused it (raw)
}

func newAccess(onBehalf bool) *Access {
	return &Access{onBehalf: onBehalf, refused: map[Permission]string{}}
}

// OnBehalf reports whether the session acts on behalf of a user.
func (a *Access) OnBehalf() bool { return a != nil && a.onBehalf }

// Allows reports whether the session may call endpoint ("POST
// /pod/v1/room/{id}/membership/add"; parameter names do not matter) and,
// when it may not, why, in one sentence that may quote the pod (raw:
// sanitise before display).
func (a *Access) Allows(endpoint string) (bool, string) {
	if !a.OnBehalf() {
		return true, ""
	}
	if _, other := strings.CutSuffix(endpoint, forAnother); other {
		return false, "acting on another user needs an administrator's session: on behalf of a user the app acts only as the user"
	}
	rule, enabled := OBORule(endpoint)
	if !enabled {
		return false, "not available on behalf of a user: it needs an administrator's session"
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var missing []Permission
	reason := ""
	for _, p := range rule.Permissions {
		if msg, refused := a.refused[p]; refused {
			missing = append(missing, p)
			if reason == "" {
				reason = msg
			}
		}
	}
	if len(missing) == 0 || (rule.AnyOf && len(missing) < len(rule.Permissions)) {
		return true, ""
	}
	return false, fmt.Sprintf("the app lacks the permission %s (the pod said: %s)", joinPermissions(missing, rule.AnyOf), reason)
}

// forAnother marks an endpoint called about another user (ForAnotherUser).
const forAnother = " for another user"

// ForAnotherUser is endpoint called about a user other than the session's
// own, for Allows. The table enables POST /pod/v3/user/presence on behalf
// of a user, but setting another user's presence with it is an
// administrator's action, and the app can do no more than the user could:
// on behalf of a user it is refused, for a service account it is the
// endpoint's.
func ForAnotherUser(endpoint string) string { return endpoint + forAnother }

// Refused lists the permissions the pod has refused the app so far, with
// the message of the first refusal of each (raw).
func (a *Access) Refused() map[Permission]string {
	out := map[Permission]string{}
	if a == nil {
		return out
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for p, msg := range a.refused {
		out[p] = msg
	}
	return out
}

// Recheck forgets the permissions learnt as refused: the next call of
// each endpoint asks the pod again (a permission granted to the app while
// the console runs then works); a refusal that still holds is learnt
// again from its 403.
func (a *Access) Recheck() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	clear(a.refused)
}

// learn records the permissions a refusal names as missing.
func (a *Access) learn(e *Error) {
	if !a.OnBehalf() || len(e.Missing) == 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range e.Missing {
		if _, known := a.refused[p]; !known {
			a.refused[p] = e.Message
		}
	}
}
