package tab

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

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
	if len(rep.Failed) > 0 {
		fmt.Fprintf(&b, "; %d failed: %s", len(rep.Failed), failedByReason(rep.Failed, label))
	}
	if n := len(rep.NotAttempted); n > 0 {
		fmt.Fprintf(&b, "; %d not attempted", n)
	}
	if done == 0 && !rep.Stopped {
		return ui.Error(fmt.Errorf("%s", b.String()))
	}
	return ui.Warn(b.String())
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
		idx := who[r]
		names := make([]string, 0, summaryNames+1)
		for n, i := range idx {
			if n == summaryNames {
				names[n-1] += fmt.Sprintf(" and %d more", len(idx)-n)
				break
			}
			names = append(names, ui.Sanitize(label(i)))
		}
		parts = append(parts, r+" ("+strings.Join(names, ", ")+")")
	}
	return strings.Join(parts, "; ")
}
