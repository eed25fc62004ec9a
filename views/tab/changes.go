package tab

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"symtui/ui"
)

// ChangesSaid names the fields an edit changed, for the status line:
// "title, company (cleared)".
func ChangesSaid(changes []ui.Change) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		name := strings.ToLower(c.Label)
		switch {
		case c.Bool:
			parts[i] = name + " " + OnOff(c.NewOn)
		case c.Cleared():
			parts[i] = name + " cleared"
		default:
			parts[i] = name
		}
	}
	return strings.Join(parts, ", ")
}

// ChangesKept compares what an edit sent with what the pod holds after it
// (now gives a field's value by key, "on"/"off" for a toggle) and says
// what the pod did not take: "kept title “Junior Trader”". Empty when the
// pod holds every change.
func ChangesKept(changes []ui.Change, now func(key string) string) string {
	var kept []string
	for _, c := range changes {
		old, want := c.Old, c.New
		if c.Bool {
			old, want = OnOff(c.OldOn), OnOff(c.NewOn)
		}
		got := now(c.Key)
		if got == want {
			continue
		}
		name := strings.ToLower(c.Label)
		if got == old {
			kept = append(kept, "kept "+name+" "+shownValue(got))
		} else {
			kept = append(kept, "has "+name+" "+shownValue(got))
		}
	}
	return strings.Join(kept, "; ")
}

// shownValue quotes a raw value for a status line: exact (placeholders
// for what cannot be shown), cut to 40 cells.
func shownValue(s string) string {
	if s == "" {
		return "empty"
	}
	return "“" + ansi.Truncate(ui.Visible(s), 40, "…") + "”"
}

func OnOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
