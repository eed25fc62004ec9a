package views

// A pod tells a caller the presence of users of other pods only after it
// registered interest in them. The Users tab and the members sub-view pass
// the ids they show; the tracker sends the registration from its own
// goroutine (Interest only queues the ids and wakes it), so calling it from
// Update costs no I/O.

// presenceInterest registers presence interest for the users among ids that
// belong to another pod than self's. Nothing happens without a tracker or
// before self is known; ids the tracker has seen already are ignored by it.
func presenceInterest(d Deps, self int64, ids []int64) {
	if d.Presence == nil || self == 0 {
		return
	}
	var ext []int64
	for _, id := range ids {
		if isExternal(id, self) {
			ext = append(ext, id)
		}
	}
	if len(ext) > 0 {
		d.Presence.Interest(ext)
	}
}
