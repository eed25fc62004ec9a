package tab

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// PodReason is the pod's own explanation of a refusal when it gave one
// (raw: sanitise before display), else the whole error sentence. A
// refusal on behalf of a user leads with the app permission it names, or
// with the administrator it needs, so that a status line cut to its width
// still says it. An unknown outcome is the whole sentence: the message of
// the lost answer would hide that the change may have been made.
func PodReason(err error) string {
	if errors.Is(err, pod.ErrOutcomeUnknown) {
		return err.Error()
	}
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

// OutcomeUnknownForm reopens a create form whose answer was lost (err is
// an unknown outcome) behind the question "look first or send again?",
// and says failed (what could not be done) in the status line with how to
// look first (the status line keeps the start of a long message): the
// command that finds what the create would have made (look, e.g. `:room
// Ops`), which "look first" also runs. ok is false when err is no unknown
// outcome.
func OutcomeUnknownForm(f *ui.Form, what, failed string, err error, look ui.CommandMsg) (tea.Cmd, bool) {
	if f == nil || !errors.Is(err, pod.ErrOutcomeUnknown) {
		return nil, false
	}
	how := ":" + look.Name + " " + ui.Sanitize(look.Arg)
	note := what + " may have been made: the pod's answer was lost. " + how + " looks for it."
	return tea.Batch(ui.OpenModal(f.OutcomeUnknown(note, look)),
		ui.Error(fmt.Errorf("%s: it may have been made; to look: %s · %s", failed, how, ui.Sanitize(err.Error())))), true
}
