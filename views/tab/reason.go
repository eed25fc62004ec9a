package tab

import (
	"errors"
	"strings"

	"symtui/pod"
)

// PodReason is the pod's own explanation of a refusal when it gave one
// (raw: sanitise before display), else the whole error sentence. A
// refusal on behalf of a user leads with the app permission it names, or
// with the administrator it needs, so that a status line cut to its width
// still says it.
func PodReason(err error) string {
	var pe *pod.Error
	if !errors.As(err, &pe) || pe.Message == "" || pe.Status == 0 {
		return err.Error()
	}
	if missing := pod.MissingPermissions(err); len(missing) > 0 {
		names := make([]string, len(missing))
		for i, p := range missing {
			names[i] = string(p)
		}
		return "the app lacks " + strings.Join(names, ", ") + ": " + pe.Message
	}
	if pod.NeedsAdministrator(err) {
		return "needs an administrator's session: " + pe.Message
	}
	return pe.Message
}
