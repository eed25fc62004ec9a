package pod

import (
	"errors"
	"fmt"
	"net/http"
)

// onBehalfRefusal words a 403 to a session acting on behalf of a user.
func (e *Error) onBehalfRefusal(what string) string {
	rule, enabled := OBORule(e.Endpoint)
	switch {
	case !enabled:
		return fmt.Sprintf("%s is not available on behalf of a user: it needs an administrator's session (a service account with the right role)%s", what, e.detail())
	case len(e.Missing) > 0:
		return fmt.Sprintf("the app lacks the permission %s needed for %s on behalf of the user%s; a pod administrator can grant it to the app",
			joinPermissions(e.Missing, rule.AnyOf), what, e.detail())
	default:
		return fmt.Sprintf("the pod refused %s on behalf of the user%s: the user may not do this, or the app lacks %s",
			what, e.detail(), joinPermissions(rule.Permissions, rule.AnyOf))
	}
}

// onBehalfError completes the error of a call made on behalf of a user.
func onBehalfError(e *Error) {
	e.OnBehalf = true
	if e.Status == http.StatusForbidden {
		e.Missing = permissionsIn(e.Message)
	}
}

// MissingPermissions returns the app permissions a refusal on behalf of a
// user names as missing; nil for any other error.
func MissingPermissions(err error) []Permission {
	var pe *Error
	if !errors.As(err, &pe) || !pe.OnBehalf || pe.Status != http.StatusForbidden {
		return nil
	}
	return append([]Permission(nil), pe.Missing...)
}

// NeedsAdministrator reports whether err refused a session acting on
// behalf of a user an endpoint that is not available to it (an admin
// route, the audit trail, everyone's presence...).
func NeedsAdministrator(err error) bool {
	var pe *Error
	if !errors.As(err, &pe) || !pe.OnBehalf || pe.Status != http.StatusForbidden {
		return false
	}
	_, enabled := OBORule(pe.Endpoint)
	return !enabled
}
