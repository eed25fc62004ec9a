package tab

import (
	"strconv"

	"symtui/ui"
)

// TargetsIn are the records an action applies to, in table order: the
// marked rows, or the cursor row when none is marked. The table's row ids
// are user ids; rows whose record is gone are skipped.
func TargetsIn[T any](t *ui.Table, byID map[int64]T) []T {
	ids := t.Targets()
	out := make([]T, 0, len(ids))
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			continue
		}
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out
}
