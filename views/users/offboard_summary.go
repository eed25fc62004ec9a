package users

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// offboardSummary is the one line that ends an offboarding: rooms left,
// handed over, failed (with the pod's reason), not attempted, left as is,
// the account, and whether the pod now is as previewed.
func offboardSummary(r offboardDone) tea.Cmd {
	byRoom := map[string][]membership.Result{}
	var disabled *membership.Result
	for i, res := range r.Results {
		if res.Op == membership.OpDisable {
			disabled = &r.Results[i]
			continue
		}
		byRoom[res.RoomID] = append(byRoom[res.RoomID], res)
	}
	removed, handed, failed, untried, left := 0, 0, 0, 0, 0
	var firstFail string
	for _, rp := range r.Plan.Rooms {
		if rp.Action == membership.Leave {
			left++
			continue
		}
		switch outcome(byRoom[rp.Room.ID]) {
		case membership.Failed:
			failed++
			if firstFail == "" {
				firstFail = failure(byRoom[rp.Room.ID]) + " (" + rp.Room.Label() + ")"
			}
		case membership.NotAttempted:
			untried++
		default:
			if rp.Action == membership.Handover {
				handed++
			} else {
				removed++
			}
		}
	}
	var b strings.Builder
	if r.Stopped {
		b.WriteString("Stopped: ")
	}
	fmt.Fprintf(&b, "Offboarded %s: out of %s", ui.Sanitize(r.State.Name), tab.Plural(removed+handed, "1 room", "%d rooms"))
	if handed > 0 {
		fmt.Fprintf(&b, " (%d handed over to a new owner)", handed)
	}
	if failed > 0 {
		fmt.Fprintf(&b, "; %d failed: %s", failed, ui.Sanitize(firstFail))
	}
	if untried > 0 {
		fmt.Fprintf(&b, "; %d not attempted", untried)
	}
	if left > 0 {
		fmt.Fprintf(&b, "; %d left as is", left)
	}
	if disabled != nil {
		switch disabled.Outcome {
		case membership.Done, membership.Already:
			b.WriteString("; account disabled")
		case membership.Failed:
			fmt.Fprintf(&b, "; account NOT disabled: %s", ui.Sanitize(tab.PodReason(disabled.Err)))
		default:
			b.WriteString("; account not disabled (not attempted)")
		}
	}
	switch {
	case r.CheckErr != nil:
		fmt.Fprintf(&b, "; could not read the rooms back: %s", ui.Sanitize(tab.PodReason(r.CheckErr)))
	case len(r.Unmet) == 0:
		b.WriteString(" · the pod is as previewed")
	default:
		u := r.Unmet[0]
		fmt.Fprintf(&b, " · the pod differs from the preview in %d: %s wanted %s", len(r.Unmet), ui.Sanitize(orAccount(u.Room)), ui.Sanitize(u.Want))
	}
	switch {
	case failed == 0 && untried == 0 && len(r.Unmet) == 0 && r.CheckErr == nil && !r.Stopped:
		return ui.Info(b.String())
	case removed+handed == 0 && !r.Stopped:
		return ui.Error(fmt.Errorf("%s", b.String()))
	}
	return ui.Warn(b.String())
}

// outcome is a room's: failed or not attempted when any change was.
func outcome(rs []membership.Result) membership.Outcome {
	for _, r := range rs {
		if r.Outcome == membership.Failed || r.Outcome == membership.NotAttempted {
			return r.Outcome
		}
	}
	return membership.Done
}

func failure(rs []membership.Result) string {
	for _, r := range rs {
		if r.Outcome == membership.Failed && r.Err != nil {
			return r.Op.String() + ": " + tab.PodReason(r.Err)
		}
	}
	return "failed"
}

func orAccount(room string) string {
	if room == "" {
		return "the account"
	}
	return room
}
