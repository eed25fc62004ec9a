package membership

import (
	"slices"

	"symtui/pod"
)

// Change is one call a plan makes.
type Change struct {
	Op     Op
	RoomID string
	Room   string // the room's label, raw
	UserID int64
	Via    Via
	// AsUser is, with ViaOwner, the owner on whose behalf the call is made.
	AsUser int64
}

// Hold says why a plan does not make a change it would otherwise make.
type Hold int

const (
	HoldRights    Hold = iota // no endpoint lets the account make it
	HoldSelf                  // it would remove or demote the account making the changes
	HoldLastOwner             // it would leave the room without an owner
)

// Held is a change a plan holds back, and why (Reason, raw).
type Held struct {
	Change
	Hold   Hold
	Reason string
}

// Target is what a room's membership must become.
type Target struct {
	Members []pod.User // the users listed (those found, enabled or not)
	// Owners, when OwnersSet, are who the owners must be; they are members
	// too. Without it the owners who stay members stay owners, and the
	// members added are plain members.
	Owners    []pod.User
	OwnersSet bool
	Unknown   []string   // entries no user matched: reported, skipped
	Disabled  []pod.User // listed users whose account is disabled: left as they are
}

// SetPlan is what members set will do to one room, from one read of it.
type SetPlan struct {
	Room                         Room
	Remove, Add, Promote, Demote []Change
	Held                         []Held
	Unknown                      []string
	Disabled                     []pod.User
	Unchanged                    int // members whose membership and role stay
	Self                         int64
}

// Changes counts the calls the plan makes.
func (p *SetPlan) Changes() int { return len(p.Remove) + len(p.Add) + len(p.Promote) + len(p.Demote) }

// PlanSet computes the changes that make r's membership t, as a makes
// them. It never removes or demotes a itself unless includeSelf, and never
// leaves a room that has an owner without one: those changes are held,
// as are those no endpoint lets a make.
func PlanSet(r Room, t Target, a Actor, includeSelf bool) SetPlan {
	p := SetPlan{Room: r, Unknown: t.Unknown, Disabled: t.Disabled, Self: a.ID}
	disabled := map[int64]bool{}
	for _, u := range t.Disabled {
		disabled[u.ID] = true
	}
	want, owner := map[int64]bool{}, map[int64]bool{}
	var order []int64 // the users wanted, as listed
	for _, list := range [][]pod.User{t.Members, t.Owners} {
		for _, u := range list {
			if !disabled[u.ID] && !want[u.ID] {
				want[u.ID] = true
				order = append(order, u.ID)
			}
		}
	}
	for _, u := range t.Owners {
		owner[u.ID] = true
	}
	change := func(op Op, uid int64) Change {
		return Change{Op: op, RoomID: r.ID, Room: r.Label(), UserID: uid}
	}
	var planned []Change
	for _, m := range r.Members {
		switch {
		case disabled[m.ID]:
			p.Unchanged++ // listed, but disabled: left as it is
		case !want[m.ID]:
			planned = append(planned, change(OpRemove, m.ID))
		case t.OwnersSet && owner[m.ID] && !m.Owner:
			planned = append(planned, change(OpPromote, m.ID))
		case t.OwnersSet && !owner[m.ID] && m.Owner:
			planned = append(planned, change(OpDemote, m.ID))
		default:
			p.Unchanged++
		}
	}
	for _, uid := range order {
		if _, member := r.Member(uid); member {
			continue
		}
		planned = append(planned, change(OpAdd, uid))
		if t.OwnersSet && owner[uid] {
			planned = append(planned, change(OpPromote, uid))
		}
	}
	var kept []Change
	for _, c := range planned {
		via, why := a.Route(c.Op, &r, c.UserID)
		c.Via = via
		switch {
		case c.UserID == a.ID && (c.Op == OpRemove || c.Op == OpDemote) && !includeSelf:
			p.Held = append(p.Held, Held{Change: c, Hold: HoldSelf, Reason: "it is the account making the changes"})
		case why != "":
			p.Held = append(p.Held, Held{Change: c, Hold: HoldRights, Reason: why})
		default:
			kept = append(kept, c)
		}
	}
	kept = p.guardLastOwner(kept)
	for _, c := range kept {
		switch c.Op {
		case OpRemove:
			p.Remove = append(p.Remove, c)
		case OpAdd:
			p.Add = append(p.Add, c)
		case OpPromote:
			p.Promote = append(p.Promote, c)
		case OpDemote:
			p.Demote = append(p.Demote, c)
		}
	}
	return p
}

// guardLastOwner holds the removals and demotions of the room's owners
// when they would leave it without one.
func (p *SetPlan) guardLastOwner(cs []Change) []Change {
	owners := p.Room.Owners()
	if len(owners) == 0 {
		return cs
	}
	losing := map[int64]bool{}
	promoted := 0
	for _, c := range cs {
		switch c.Op {
		case OpRemove, OpDemote:
			losing[c.UserID] = true
		case OpPromote:
			promoted++
		}
	}
	stays := slices.ContainsFunc(owners, func(id int64) bool { return !losing[id] })
	if stays || promoted > 0 {
		return cs
	}
	isOwner := map[int64]bool{}
	for _, id := range owners {
		isOwner[id] = true
	}
	var kept []Change
	for _, c := range cs {
		if (c.Op == OpRemove || c.Op == OpDemote) && isOwner[c.UserID] {
			p.Held = append(p.Held, Held{Change: c, Hold: HoldLastOwner, Reason: "the room would be left without an owner"})
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// Phases are the plan's calls in the order they run, each phase after
// the one before: removals of members, additions, promotions, demotions,
// then removals of owners (so that the new owners are in place first and
// the room never lacks one), and the account's own changes last (after
// them it may no longer be allowed to make the others).
func (p *SetPlan) Phases() [][]Change {
	var members, owners, self []Change
	wasOwner := map[int64]bool{}
	for _, id := range p.Room.Owners() {
		wasOwner[id] = true
	}
	for _, c := range p.Remove {
		switch {
		case c.UserID == p.Self:
			self = append(self, c)
		case wasOwner[c.UserID]:
			owners = append(owners, c)
		default:
			members = append(members, c)
		}
	}
	var demote []Change
	for _, c := range p.Demote {
		if c.UserID == p.Self {
			self = append([]Change{c}, self...) // demoted before it leaves
			continue
		}
		demote = append(demote, c)
	}
	return [][]Change{members, p.Add, p.Promote, demote, owners, self}
}
