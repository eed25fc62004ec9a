package tab

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// PodReason is the pod's own explanation of a refusal when it gave one
// (raw: sanitise before display), else the whole error sentence. An
// unknown outcome is the whole sentence: the message of the lost answer
// would hide that the change may have been made.
func PodReason(err error) string {
	if errors.Is(err, pod.ErrOutcomeUnknown) {
		return err.Error()
	}
	var pe *pod.Error
	if errors.As(err, &pe) && pe.Message != "" && pe.Status != 0 {
		return pe.Message
	}
	return err.Error()
}

// OutcomeUnknownForm reopens a create form whose answer was lost (err is
// an unknown outcome) behind the question "look first or send again?",
// and says failed (what could not be done) in the status line with how to
// look first (the status line keeps the start of a long message): the command that finds what the create would have made (look,
// e.g. `:room Ops`), which "look first" also runs. ok is false when err
// is no unknown outcome.
func OutcomeUnknownForm(f *ui.Form, what, failed string, err error, look ui.CommandMsg) (tea.Cmd, bool) {
	if f == nil || !errors.Is(err, pod.ErrOutcomeUnknown) {
		return nil, false
	}
	how := ":" + look.Name + " " + ui.Sanitize(look.Arg)
	note := what + " may have been made: the pod's answer was lost. " + how + " looks for it."
	return tea.Batch(ui.OpenModal(f.OutcomeUnknown(note, look)),
		ui.Error(fmt.Errorf("%s: it may have been made; to look: %s · %s", failed, how, ui.Sanitize(err.Error())))), true
}
