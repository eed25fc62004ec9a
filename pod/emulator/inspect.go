package emulator

import (
	"encoding/json"
	"sort"
	"strings"
)

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

// UserRecord is the stored record of a user, every attribute and system
// field (presence aside, which churns), as JSON: tests compare it before
// and after a client's edit. False when there is no such user.
func (e *Emulator) UserRecord(uid int64) ([]byte, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.st.users[uid]
	if u == nil {
		return nil, false
	}
	rec := *u
	rec.Presence, rec.searchKey = presence{}, ""
	b, err := json.Marshal(rec)
	return b, err == nil
}

// RoomRecord is the stored record of a stream (members aside) as JSON,
// for the same comparisons. False when there is no such stream.
func (e *Emulator) RoomRecord(id string) ([]byte, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.st.streams[id]
	if s == nil {
		return nil, false
	}
	b, err := json.Marshal(s)
	return b, err == nil
}

// RoomsNamed returns the ids of the rooms whose name is exactly name, in
// creation order: more than one for a name a client created once is a twin.
func (e *Emulator) RoomsNamed(name string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var ids []string
	for _, id := range e.st.streamOrder {
		if s := e.st.streams[id]; s != nil && s.Type == "ROOM" && s.Name == name {
			ids = append(ids, id)
		}
	}
	return ids
}

// UserNamed returns the id of the user with this username (the pod keeps
// usernames unique, ignoring case), and false when there is none.
func (e *Emulator) UserNamed(username string) (int64, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.st.byUsername[strings.ToLower(username)]
	if u == nil {
		return 0, false
	}
	return u.ID, true
}
