package membership

// Action is what offboarding does to one room.
type Action int

const (
	// Leave: nothing; Reason says why (an IM, an inactive room, a last
	// owner without a new one, a room not marked…).
	Leave Action = iota
	// Remove the user from the room.
	Remove
	// Handover: a new owner is added if need be and promoted, on the
	// leaving owner's behalf, then the user is removed.
	Handover
)

func (a Action) String() string { return [...]string{"leave", "remove", "handover"}[a] }

// RoomPlan is what offboarding does to one of the user's rooms.
type RoomPlan struct {
	Room      Room
	Role      string // "owner", "member", or "" when unknown
	LastOwner bool   // the user is the room's only owner
	Action    Action
	NewOwner  int64  // Handover: who becomes an owner
	Reason    string // Leave: why, raw
	Changes   []Change
}

// Offboard is what offboarding a user does, room by room, and whether the
// account is disabled at the end.
type Offboard struct {
	User    int64
	Rooms   []RoomPlan
	Disable bool
	// DisableHeld says why the account cannot be disabled as asked ("").
	DisableHeld string
	// Refused says why nothing can be done at all ("").
	Refused string
}

// OffboardOptions are the operator's choices.
type OffboardOptions struct {
	// Only lists the rooms to act on (by id); nil acts on every room.
	Only map[string]bool
	// Hidden says, per room id, why a room chosen but not in Only was left
	// out ("hidden by the filter"): the plan gives that reason, not "not marked".
	Hidden map[string]string
	// NewOwner names, per room id, who becomes an owner where the user is
	// the last one; DefaultNewOwner serves the rooms it does not name. 0 (or
	// no entry) leaves such a room as it is.
	NewOwner        map[string]int64
	DefaultNewOwner int64
	Disable         bool
	// OnBehalf: a session on behalf of an owner can be opened (the config
	// has an app). Without one a last owner cannot hand over.
	OnBehalf bool
}

// Changes counts the calls of the plan (the disable included).
func (o *Offboard) Changes() int {
	n := 0
	for _, r := range o.Rooms {
		n += len(r.Changes)
	}
	if o.Disable {
		n++
	}
	return n
}

// PlanOffboard computes what taking uid out of rooms (read with
// ReadUserRooms) does, made by a with the choices o.
func PlanOffboard(uid int64, rooms []Room, a Actor, o OffboardOptions) Offboard {
	p := Offboard{User: uid, Disable: o.Disable}
	if uid == a.ID {
		p.Refused = "it is the account making the changes"
		p.Disable = false
	}
	if p.Disable && !a.Admin {
		p.Disable, p.DisableHeld = false, "disabling an account needs an administrator"
	}
	for i := range rooms {
		r := &rooms[i]
		rp := RoomPlan{Room: *r}
		if me, ok := r.Member(uid); ok {
			rp.Role = "member"
			if me.Owner {
				rp.Role = "owner"
				rp.LastOwner = len(r.Owners()) == 1
			}
		}
		rp.Action, rp.Reason = Leave, leaveReason(uid, r, rp, o, p.Refused)
		if rp.Reason == "" {
			rp.plan(uid, r, a, o)
		}
		p.Rooms = append(p.Rooms, rp)
	}
	return p
}

// leaveReason says why offboarding leaves a room as it is, "" when it acts.
func leaveReason(uid int64, r *Room, rp RoomPlan, o OffboardOptions, refused string) string {
	switch {
	case refused != "":
		return refused
	case !r.IsRoom():
		return "the pod takes no one out of an " + r.Type
	case r.Err != nil:
		return "its members could not be read: " + r.Err.Error()
	case rp.Role == "":
		return "not a member any more"
	case o.Only != nil && !o.Only[r.ID] && o.Hidden[r.ID] != "":
		return o.Hidden[r.ID]
	case o.Only != nil && !o.Only[r.ID]:
		return "not marked"
	case !r.Active:
		return "the room is inactive, so its membership is locked"
	case rp.LastOwner && newOwnerOf(r.ID, o) == 0:
		return "the last owner: pick a new owner, or the room keeps this one"
	case rp.LastOwner && newOwnerOf(r.ID, o) == uid:
		return "the new owner must be someone else"
	case rp.LastOwner && !o.OnBehalf:
		return "the last owner: only an owner can promote another (the pod has no administrator variant), and the config has no app (app.appId) to do it on their behalf"
	}
	return ""
}

func newOwnerOf(roomID string, o OffboardOptions) int64 {
	if id, ok := o.NewOwner[roomID]; ok {
		return id
	}
	return o.DefaultNewOwner
}

// plan fills the changes of a room offboarding acts on.
func (rp *RoomPlan) plan(uid int64, r *Room, a Actor, o OffboardOptions) {
	change := func(op Op, who int64) Change { return Change{Op: op, RoomID: r.ID, Room: r.Label(), UserID: who} }
	if rp.LastOwner {
		// The user is the only owner, so only they can make another: on
		// their behalf, the new owner joins if need be and is promoted.
		rp.Action, rp.NewOwner = Handover, newOwnerOf(r.ID, o)
		if _, member := r.Member(rp.NewOwner); !member {
			c := change(OpAdd, rp.NewOwner)
			c.Via, c.AsUser = ViaOwner, uid
			rp.Changes = append(rp.Changes, c)
		}
		c := change(OpPromote, rp.NewOwner)
		c.Via, c.AsUser = ViaOwner, uid
		rp.Changes = append(rp.Changes, c)
	} else {
		rp.Action = Remove
	}
	c := change(OpRemove, uid)
	via, why := a.Route(OpRemove, r, uid)
	switch {
	case why == "":
		c.Via = via
	case rp.Action == Handover:
		// No way in for the account: the user, an owner no longer the
		// last, leaves on their own behalf.
		c.Via, c.AsUser = ViaOwner, uid
	default:
		rp.Action, rp.Reason, rp.Changes = Leave, why, nil
		return
	}
	rp.Changes = append(rp.Changes, c)
}

// DisableChange is the offboarding's last call.
func (o *Offboard) DisableChange() Change {
	return Change{Op: OpDisable, UserID: o.User, Via: ViaAdmin}
}
