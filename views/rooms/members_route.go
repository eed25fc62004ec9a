package rooms

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// A membership change takes the endpoint the account's rights give
// (membership.Actor.Route): the room's own for an owner, the admin variant
// for an administrator who is not one (add and remove only); promote and
// demote, which have no admin variant, are refused in plain words to
// anyone but an owner. Until the console knows who it is, the pod decides.

// asRoom is the shown membership as membership.Room, for routing.
func (m *roomMembers) asRoom() *membership.Room {
	return &membership.Room{ID: m.roomID, Name: m.roomName, Type: pod.StreamRoom, Active: m.active,
		MembersCanInvite: m.canInvite, Members: m.list}
}

// route finds op's endpoint for uid in r, or why there is none.
func (m *roomMembers) route(r *membership.Room, op memberOp, uid int64) (membership.Via, string) {
	if m.actor.ID == 0 {
		return membership.ViaRoom, ""
	}
	return m.actor.Route(membership.Op(op), r, uid)
}

// refuseAdd says why the account cannot add members here, before a
// picker or a paste is opened for nothing (nil when it can).
func (m *roomMembers) refuseAdd() tea.Cmd {
	if _, why := m.route(m.asRoom(), opAddMember, 0); why != "" {
		return ui.Warn(fmt.Sprintf("cannot add members to %s: %s", ui.Sanitize(m.roomName), why))
	}
	return nil
}

// routed keeps the targets the account can change, each with its
// endpoint; the others are left out and said so (why: the first reason).
func (m *roomMembers) routed(op memberOp, ids []int64, labels, names []string) (memberOpPayload, int, string) {
	r := m.asRoom()
	p := memberOpPayload{Op: op, RoomID: m.roomID, RoomName: m.roomName}
	refused, why := 0, ""
	for i, id := range ids {
		via, no := m.route(r, op, id)
		if no != "" {
			refused++
			if why == "" {
				why = no
			}
			continue
		}
		p.IDs = append(p.IDs, id)
		p.Vias = append(p.Vias, via)
		p.Labels = append(p.Labels, names[i])
		if labels != nil {
			p.Shown = append(p.Shown, labels[i])
		}
	}
	return p, refused, why
}

// change is item i of a payload as a membership change.
func (p memberOpPayload) change(i int) membership.Change {
	c := membership.Change{Op: membership.Op(p.Op), RoomID: p.RoomID, Room: p.RoomName, UserID: p.IDs[i]}
	if i < len(p.Vias) {
		c.Via = p.Vias[i]
	}
	return c
}

// viaNote says, in a dialog's title, that the change takes the admin
// endpoints.
func (p memberOpPayload) viaNote() string {
	for _, v := range p.Vias {
		if v == membership.ViaAdmin {
			return " (as administrator)"
		}
	}
	return ""
}

// refusedCmd says why nothing of a change can be made.
func refusedCmd(op memberOp, room, why string) tea.Cmd {
	return ui.Warn(fmt.Sprintf("cannot %s in %s: %s", op.verb(), ui.Sanitize(room), why))
}

// leftOut is a confirm's sentence about the targets the route leaves
// out: "2 are left out: …"; "" for none.
func leftOut(n int, why string) string {
	if n <= 0 {
		return ""
	}
	return tab.Plural(n, "1 is left out: ", ui.Thousands(n)+" are left out: ") + why
}
