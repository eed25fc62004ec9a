package tab

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/bulk"
	"symtui/ui"
)

// An action acts on what the operator sees: the marked rows the table
// shows, or the cursor row when none is marked. Marked rows the filter or
// the status filter hides are left out, and the confirm says so; when
// every marked row is hidden the action is refused, never turned onto the
// cursor row instead.

// TargetsIn are the records an action applies to, in table order, and
// the confirm's sentence about the marked rows the filter hides ("" when
// none is). refuse is a status line when every marked row is hidden:
// there is nothing to act on. The table's row ids are numeric ids; rows
// whose record is gone are skipped.
func TargetsIn[T any](t *ui.Table, byID map[int64]T) (recs []T, hidden string, refuse tea.Cmd) {
	if refuse = AllMarksHidden(t); refuse != nil {
		return nil, "", refuse
	}
	ids := t.Targets()
	recs = make([]T, 0, len(ids))
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		if r, ok := byID[id]; ok {
			recs = append(recs, r)
		}
	}
	return recs, HiddenLeftOut(t), nil
}

// AllMarksHidden refuses an action when rows are marked and the filter
// hides every one of them: a line naming how many and how to see them;
// nil otherwise.
func AllMarksHidden(t *ui.Table) tea.Cmd {
	n := t.MarkCount()
	if n == 0 || t.HiddenMarks() < n {
		return nil
	}
	what := Plural(n, "the marked row is hidden by ", "the "+ui.Thousands(n)+" marked rows are all hidden by ")
	if t.HiddenByFilter() {
		return ui.Warn("nothing done: " + what + "the filter · esc clears the filter to show " + Plural(n, "it", "them"))
	}
	return ui.Warn("nothing done: " + what + "the status filter · show every status to see " + Plural(n, "it", "them") + ", or esc to unmark")
}

// HiddenLeftOut is the confirm's sentence about the marked rows the
// filter hides: "41 marked rows hidden by the filter are left out"; ""
// when none is.
func HiddenLeftOut(t *ui.Table) string {
	n := t.HiddenMarks()
	if n == 0 {
		return ""
	}
	by := HiddenBy(t)
	return Plural(n, "1 marked row hidden by the "+by+" is left out", ui.Thousands(n)+" marked rows hidden by the "+by+" are left out")
}

// HiddenBy names what hides rows of t: "filter" when a typed filter is
// applied (esc clears it), else "status filter" (the owner's scope).
func HiddenBy(t *ui.Table) string {
	if t.HiddenByFilter() {
		return "filter"
	}
	return "status filter"
}

// LeftOut is a confirm's sentence about targets an action does not
// apply to: "7 already disabled are left out"; "" for none.
func LeftOut(n int, why string) string {
	if n <= 0 {
		return ""
	}
	return ui.Thousands(n) + " " + why + Plural(n, " is left out", " are left out")
}

// RowIDs are the table's row ids of numeric ids.
func RowIDs(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

// Succeeded is the ids of the items rep says were done: a finished change
// unmarks those only, so a row that failed or was not tried stays marked
// for a retry (ids is in the order the change ran them).
func Succeeded[T any](rep bulk.Report, ids []T) []T {
	out := make([]T, 0, len(rep.Done))
	for _, i := range rep.Done {
		if i >= 0 && i < len(ids) {
			out = append(out, ids[i])
		}
	}
	return out
}
