package tab

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/ui"
)

// Summary words of a bulk change: "Removed 180 of 500 members from Rates".
type Summary struct {
	Past  string // "removed"
	One   string // "member"
	Many  string // "members"
	Where string // " from Rates" (sanitised), or ""
}

// How much of the failures a summary names: the status line cuts it, the
// :messages log keeps it whole, and neither needs 500 names.
const (
	summaryReasons = 3 // distinct reasons
	summaryNames   = 3 // names per reason
)

// Say reports what a bulk change did: done, failed (grouped by the pod's
// reason, with whom) and not attempted; label names item i (raw). Info when
// all was done, an error when nothing was, else a warning.
func (s Summary) Say(rep bulk.Report, label func(i int) string) tea.Cmd {
	done := len(rep.Done)
	if done == rep.Total {
		return ui.Info(fmt.Sprintf("%s %s%s", Capitalize(s.Past), Plural(done, "1 "+s.One, "%d "+s.Many), s.Where))
	}
	var b strings.Builder
	if rep.Stopped {
		b.WriteString("Stopped: ")
		b.WriteString(s.Past)
	} else {
		b.WriteString(Capitalize(s.Past))
	}
	fmt.Fprintf(&b, " %d of %s%s", done, Plural(rep.Total, "1 "+s.One, "%d "+s.Many), s.Where)
	failed, unanswered := splitUnanswered(rep.Failed)
	if len(failed) > 0 {
		fmt.Fprintf(&b, "; %d failed: %s", len(failed), failedByReason(failed, label))
	}
	if len(unanswered) > 0 {
		// Said apart: the pod may have made these, so "failed" would be
		// untrue.
		idx := make([]int, len(unanswered))
		for k, f := range unanswered {
			idx[k] = f.Index
		}
		fmt.Fprintf(&b, "; %d unanswered, which the pod may have made all the same: reload to check (%s)", len(unanswered), someNames(idx, label))
	}
	if n := len(rep.NotAttempted); n > 0 {
		fmt.Fprintf(&b, "; %d not attempted", n)
	}
	if done == 0 && len(unanswered) == 0 && !rep.Stopped {
		return ui.Error(fmt.Errorf("%s", b.String()))
	}
	return ui.Warn(b.String())
}

// splitUnanswered separates the changes sent and never clearly answered
// (the pod may have made them) from those the pod refused or that never
// reached it.
func splitUnanswered(fs []bulk.Failure) (failed, unanswered []bulk.Failure) {
	for _, f := range fs {
		var pe *pod.Error
		if errors.Is(f.Err, pod.ErrOutcomeUnknown) || errors.As(f.Err, &pe) && pe.Unanswered {
			unanswered = append(unanswered, f)
			continue
		}
		failed = append(failed, f)
	}
	return failed, unanswered
}

// failedByReason groups failures by the pod's reason, in order of first
// appearance: "not an owner (Alice, Bob and 3 more); timeout (Carol)".
func failedByReason(fs []bulk.Failure, label func(int) string) string {
	var reasons []string
	who := map[string][]int{}
	for _, f := range fs {
		r := ui.Sanitize(PodReason(f.Err))
		if _, seen := who[r]; !seen {
			reasons = append(reasons, r)
		}
		who[r] = append(who[r], f.Index)
	}
	parts := make([]string, 0, min(len(reasons), summaryReasons)+1)
	for k, r := range reasons {
		if k == summaryReasons {
			parts = append(parts, Plural(len(reasons)-k, "1 other reason", "%d other reasons"))
			break
		}
		parts = append(parts, r+" ("+someNames(who[r], label)+")")
	}
	return strings.Join(parts, "; ")
}

// someNames names the first few of idx and counts the rest.
func someNames(idx []int, label func(int) string) string {
	names := make([]string, 0, summaryNames+1)
	for n, i := range idx {
		if n == summaryNames {
			names[n-1] += fmt.Sprintf(" and %d more", len(idx)-n)
			break
		}
		names = append(names, ui.Sanitize(label(i)))
	}
	return strings.Join(names, ", ")
}
