package emulator

import "sort"

// Membership is one member of a room as the emulator holds it; tests compare
// what a client shows with this truth.
type Membership struct {
	UserID int64
	Owner  bool
}

// RoomMembers returns the current members of a room (by id) sorted by user
// id, and false when there is no such stream.
func (e *Emulator) RoomMembers(roomID string) ([]Membership, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.st.streams[roomID]
	if s == nil {
		return nil, false
	}
	out := make([]Membership, 0, len(s.members))
	for _, m := range s.members {
		out = append(out, Membership{UserID: m.UserID, Owner: m.Owner})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, true
}
