package membership

import (
	"context"
	"strconv"

	"symtui/pod"
)

// Room is a room (or an IM or MIM) and its members as the pod reported
// them in one read.
type Room struct {
	ID               string
	Name             string // the room's name; "" for an IM or MIM
	Type             string // pod.StreamRoom, pod.StreamIM or pod.StreamMIM
	Active           bool
	MembersCanInvite bool
	Members          []pod.MemberInfo
	// Err is why the members could not be read (the rest is from the
	// streams list); a plan leaves such a room alone and says why.
	Err error

	index map[int64]int // Members by user id, built on first use
}

// Member finds uid among the members.
func (r *Room) Member(uid int64) (pod.MemberInfo, bool) {
	if r.index == nil {
		r.index = make(map[int64]int, len(r.Members))
		for i, m := range r.Members {
			r.index[m.ID] = i
		}
	}
	i, ok := r.index[uid]
	if !ok {
		return pod.MemberInfo{}, false
	}
	return r.Members[i], true
}

// Owners are the owners' ids, in the pod's order.
func (r *Room) Owners() []int64 {
	var out []int64
	for _, m := range r.Members {
		if m.Owner {
			out = append(out, m.ID)
		}
	}
	return out
}

// Label names the room for an operator (raw: sanitise before display):
// its name, or "IM with 2 others".
func (r *Room) Label() string {
	if r.Type == pod.StreamRoom || r.Type == "" {
		return r.Name
	}
	n := max(len(r.Members)-1, 0)
	noun := "others"
	if n == 1 {
		noun = "other"
	}
	return r.Type + " with " + strconv.Itoa(n) + " " + noun
}

// IsRoom reports whether the stream is a room: the pod changes the
// membership of rooms only, not of IMs and MIMs.
func (r *Room) IsRoom() bool { return r.Type == pod.StreamRoom || r.Type == "" }

// ReadRoom reads a room's attributes and members afresh: two requests. An
// administrator reads the members through the admin list, which covers
// rooms it is not a member of.
func ReadRoom(ctx context.Context, c *pod.Client, a Actor, roomID string) (Room, error) {
	info, err := c.RoomInfo(ctx, roomID)
	if err != nil {
		return Room{}, err
	}
	r := Room{
		ID: info.RoomSystemInfo.ID, Name: info.RoomAttributes.Name, Type: pod.StreamRoom,
		Active: info.RoomSystemInfo.Active, MembersCanInvite: info.RoomAttributes.MembersCanInvite,
	}
	r.Members, err = readMembers(ctx, c, a, roomID)
	return r, err
}

// readMembers is a room's current membership as a reads it.
func readMembers(ctx context.Context, c *pod.Client, a Actor, roomID string) ([]pod.MemberInfo, error) {
	if a.Admin {
		return c.RoomMembersAdmin(ctx, roomID, false)
	}
	return c.RoomMembers(ctx, roomID)
}

// SetActive deactivates or reactivates a room by the endpoint a's rights
// give: the room's own for a member who owns it, the admin variant for an
// administrator who does not (one more request, to read the owners).
func SetActive(ctx context.Context, c *pod.Client, a Actor, roomID string, active bool) error {
	if a.Admin {
		ms, err := c.RoomMembersAdmin(ctx, roomID, false)
		if err != nil {
			return err
		}
		if r := (Room{Members: ms}); !isOwner(&r, a.ID) {
			_, err := c.SetRoomActiveAdmin(ctx, roomID, active)
			return err
		}
	}
	_, err := c.SetRoomActive(ctx, roomID, active)
	return err
}

func isOwner(r *Room, uid int64) bool {
	m, ok := r.Member(uid)
	return ok && m.Owner
}
