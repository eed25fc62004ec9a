package rooms

import "symtui/ui"

// Summary implements ui.Summarizer: the pod's rooms by state, from every
// room the list brought, and whether it is all of them.
func (v *Tab) Summary() string {
	var active, inactive int
	for _, id := range v.list.IDs() {
		if v.rooms[id].RoomSystemInfo.Active {
			active++
		} else {
			inactive++
		}
	}
	s := ui.Thousands(active+inactive) + " rooms (" + ui.Thousands(active) + " active, " + ui.Thousands(inactive) + " inactive)"
	switch {
	case v.listErr != nil:
		s += ", loading failed (the Rooms tab says why)"
	case !v.listDone:
		s += ", still loading"
		if v.listTotal > 0 {
			s += " (of " + ui.Thousands(v.listTotal) + ")"
		}
	}
	if v.source == sourceVisible {
		s += ", those the account can see"
	}
	return s
}
