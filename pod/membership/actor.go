package membership

import (
	"context"
	"slices"

	"symtui/pod"
)

// Actor is who makes the changes: the session's user, and whether the pod
// lets it use the admin variants (an administrator's own session).
type Actor struct {
	ID    int64
	Admin bool
}

// adminRoles open the pod's admin endpoints.
var adminRoles = []string{"SUPER_ADMINISTRATOR", "ADMINISTRATOR"}

// ActorOf is the actor of a session whose user is u. A session on behalf
// of a user never reaches an admin endpoint, whatever the user's roles.
func ActorOf(u pod.User, onBehalf bool) Actor {
	admin := !onBehalf && slices.ContainsFunc(u.Roles, func(r string) bool { return slices.Contains(adminRoles, r) })
	return Actor{ID: u.ID, Admin: admin}
}

// Self asks the pod who c's session is (one request).
func Self(ctx context.Context, c *pod.Client) (Actor, error) {
	u, err := c.SessionInfo(ctx)
	if err != nil {
		return Actor{}, err
	}
	return ActorOf(u, c.Access().OnBehalf()), nil
}

// Via is the endpoint a change takes.
type Via int

const (
	// ViaRoom is the room's own endpoint (POST /pod/v1/room/{id}/...): an
	// owner, or a member the room lets add (membersCanInvite) or who leaves.
	ViaRoom Via = iota
	// ViaAdmin is the admin variant (POST /pod/v1/admin/room/{id}/...):
	// an administrator who is not an owner of the room. Add and remove only.
	ViaAdmin
	// ViaOwner is the room's own endpoint on behalf of one of the room's
	// owners, through the config's app: how a room whose last owner leaves
	// gets a new one, since the pod has no admin variant of promote.
	ViaOwner
)

func (v Via) String() string {
	return [...]string{"room", "admin", "owner"}[v]
}

// Op is a membership change.
type Op int

const (
	OpAdd Op = iota
	OpRemove
	OpPromote
	OpDemote
	OpDisable // the account itself, at the end of an offboarding
)

func (o Op) String() string {
	return [...]string{"add", "remove", "promote", "demote", "disable"}[o]
}

// Past is what a change did: "added".
func (o Op) Past() string {
	return [...]string{"added", "removed", "promoted", "demoted", "disabled"}[o]
}

// route finds the endpoint actor a may take to make op on uid in room r,
// or says in one sentence why it has none.
func (a Actor) Route(op Op, r *Room, uid int64) (Via, string) {
	if !r.Active {
		return 0, "the room is inactive, so its membership is locked"
	}
	me, member := r.Member(a.ID)
	owner := member && me.Owner
	switch {
	case owner:
		return ViaRoom, ""
	case op == OpPromote || op == OpDemote:
		return 0, "only an owner of the room can " + op.String() + " (the pod has no administrator variant), and this account is not one"
	case a.Admin:
		return ViaAdmin, ""
	case op == OpAdd && member && r.MembersCanInvite:
		return ViaRoom, ""
	case op == OpRemove && member && uid == a.ID:
		return ViaRoom, "" // a member may leave
	case !member:
		return 0, "this account is neither a member of the room nor an administrator"
	case op == OpAdd:
		return 0, "only an owner can add members to this room (its members may not invite)"
	}
	return 0, "only an owner of the room or an administrator can remove others"
}
