package rooms

import (
	"context"
	"errors"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// A session that may not read the pod's stream list (on behalf of a user:
// it is an administrator's) lists the rooms the user is in: the user's own
// streams list, rooms only, inactive ones too, paged to its end. It names
// a room and says whether it is active, nothing more, so what it does not
// say shows blank (the detail pane and the edit form read the rest); the
// room search still finds discoverable rooms. Without the streams list
// either, the search of every room the user can see stands in.

// membersUnknown marks, in Tab.listed, a room the user's streams list
// described: its members are not counted there.
const membersUnknown = -1

// listSource is where the list comes from for this session: the admin
// list when it may read it, else the user's streams list, else the room
// search; "" reason when one of them may be called, else why none may:
// the refusal of the user's streams list, the source to fix (the search
// only stands in for it).
func (v *Tab) listSource() (roomSource, string) {
	switch {
	case v.c.Refusal(epAdminStreams) == "":
		return sourceAdmin, ""
	case v.c.Refusal(epMyStreams) == "":
		return sourceUser, ""
	case v.c.Refusal(epSearchRooms) == "":
		return sourceVisible, ""
	}
	return sourceVisible, v.c.Refusal(epMyStreams)
}

// userRoomPage is a page of the user's streams list, its rooms described
// as far as it goes. It carries no count: a short page is the last.
func userRoomPage(ctx context.Context, c *pod.Client, skip int) (roomPage, error) {
	f := pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}, IncludeInactiveStreams: true}
	list, err := c.Streams(ctx, f, skip, roomPageSize)
	page := roomPage{Skip: skip, Source: sourceUser, Count: -1, Members: map[string]int{}}
	if err != nil {
		return page, err
	}
	for _, s := range list {
		name := ""
		if s.RoomAttributes != nil {
			name = s.RoomAttributes.Name
		}
		page.Rooms = append(page.Rooms, pod.Room{
			RoomAttributes: pod.RoomAttributes{Name: name, CrossPod: s.CrossPod},
			RoomSystemInfo: pod.RoomSystemInfo{ID: s.ID, Active: s.Active},
		})
		page.Members[s.ID] = membersUnknown
	}
	return page, nil
}

// errNoRoomList says why a session has no list of rooms at all.
func errNoRoomList(why string) error {
	return errors.New("no list of rooms is available to this session: " + why)
}

// listAnswers: the list answers crit by itself (locally) when crit asks
// only what the list's rows say; the user's streams list does not say
// whether a room is private.
func (v *Tab) listAnswers(crit roomCriteria) bool {
	return crit.adminListable() && (v.source != sourceUser || crit.Private == triAny)
}

// sparse reports that the list describes room id only as the user's
// streams list does (name and state).
func (v *Tab) sparse(id string) bool {
	n, ok := v.listed[id]
	return ok && n == membersUnknown
}

// sparseDetail is the detail pane of a room the user's streams list
// described: what it says, and where the rest is.
func (v *Tab) sparseDetail(r pod.Room, w int) []string {
	st := v.c.Styles
	state := "active"
	if !r.RoomSystemInfo.Active {
		state = "INACTIVE"
	}
	if r.RoomAttributes.CrossPod {
		state += " · cross-pod"
	}
	line := func(label, value string) string {
		return st.Muted.Render(label) + tab.FitCells(ui.Sanitize(value), max(w-len(label), 0))
	}
	k := v.c.Keys.Action
	return []string{
		st.DialogTitle.Render(tab.FitCells(ui.Sanitize(r.RoomAttributes.Name), w)),
		line("id       ", r.RoomSystemInfo.ID),
		line("state    ", state),
		line("members  ", k.Open.Help().Key+" lists them"),
		line("more     ", k.Edit.Help().Key+" reads the rest (the user's streams list says no more)"),
	}
}
