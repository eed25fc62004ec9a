package membership

import (
	"context"
	"fmt"

	"symtui/pod"
	"symtui/pod/bulk"
)

// Unmet is what the pod does not hold of a plan, for one room (or the
// account, with an empty RoomID). Want is raw.
type Unmet struct {
	RoomID string
	Room   string
	Want   string
}

// CheckOffboard reads the pod again and lists what of p it does not hold:
// the user still in a room they were to leave, a new owner who is not one,
// a room left as it was that changed, the account not disabled. One
// membership list per room of the plan (opts.Workers at a time), and the
// account's status when it was to be disabled.
func CheckOffboard(ctx context.Context, c *pod.Client, p *Offboard, opts bulk.Options) ([]Unmet, error) {
	var rooms []int
	for i, rp := range p.Rooms {
		if rp.Room.IsRoom() && rp.Room.Err == nil {
			rooms = append(rooms, i)
		}
	}
	found := make([][]Unmet, len(rooms))
	opts.Progress = nil
	rep := bulk.Run(ctx, len(rooms), opts, func(ctx context.Context, k int) error {
		rp := &p.Rooms[rooms[k]]
		ms, err := c.RoomMembersAdmin(ctx, rp.Room.ID, false)
		if err != nil {
			return err
		}
		found[k] = rp.unmet(p.User, &Room{Members: ms})
		return nil
	})
	if len(rep.Failed) > 0 {
		return nil, fmt.Errorf("reading the members of %s: %w", p.Rooms[rooms[rep.Failed[0].Index]].Room.Label(), rep.Failed[0].Err)
	}
	if len(rep.NotAttempted) > 0 {
		return nil, errStopped
	}
	var out []Unmet
	for _, u := range found {
		out = append(out, u...)
	}
	if p.Disable {
		st, err := c.UserStatus(ctx, p.User)
		if err != nil {
			return out, err
		}
		if st.Status != pod.UserDisabled {
			out = append(out, Unmet{Want: "the account disabled"})
		}
	}
	return out, nil
}

// unmet compares the room as read now (now) with what rp planned.
func (rp *RoomPlan) unmet(uid int64, now *Room) []Unmet {
	at := func(want string) Unmet { return Unmet{RoomID: rp.Room.ID, Room: rp.Room.Label(), Want: want} }
	me, member := now.Member(uid)
	var out []Unmet
	switch rp.Action {
	case Remove, Handover:
		if member {
			out = append(out, at("the user out of the room"))
		}
		if rp.Action == Handover {
			if n, ok := now.Member(rp.NewOwner); !ok || !n.Owner {
				out = append(out, at(fmt.Sprintf("user %d an owner", rp.NewOwner)))
			}
		}
	default:
		if role := roleOf(me, member); role != rp.Role {
			out = append(out, at(fmt.Sprintf("the user's role as it was (%s), not %s", orNone(rp.Role), orNone(role))))
		}
	}
	return out
}

func roleOf(m pod.MemberInfo, member bool) string {
	switch {
	case !member:
		return ""
	case m.Owner:
		return "owner"
	}
	return "member"
}

func orNone(role string) string {
	if role == "" {
		return "not a member"
	}
	return role
}
