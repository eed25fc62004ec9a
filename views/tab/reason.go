package tab

import (
	"errors"

	"symtui/pod"
)

// PodReason is the pod's own explanation of a refusal when it gave one
// (raw: sanitise before display), else the whole error sentence.
func PodReason(err error) string {
	var pe *pod.Error
	if errors.As(err, &pe) && pe.Message != "" && pe.Status != 0 {
		return pe.Message
	}
	return err.Error()
}
