package emulator

import (
	"net/http"
	"sort"
)

func (e *Emulator) membershipRoutes() {
	e.handle("POST /pod/v1/room/{id}/membership/add", e.authed(e.handleMembership(opAdd, false)))
	e.handle("POST /pod/v1/room/{id}/membership/remove", e.authed(e.handleMembership(opRemove, false)))
	e.handle("POST /pod/v1/room/{id}/membership/promoteOwner", e.authed(e.handleMembership(opPromote, false)))
	e.handle("POST /pod/v1/room/{id}/membership/demoteOwner", e.authed(e.handleMembership(opDemote, false)))
	e.handle("POST /pod/v1/admin/room/{id}/membership/add", e.authed(e.handleMembership(opAdd, true)))
	e.handle("POST /pod/v1/admin/room/{id}/membership/remove", e.authed(e.handleMembership(opRemove, true)))
	e.handle("GET /pod/v2/room/{id}/membership/list", e.authed(e.handleRoomMembers))
	e.handle("GET /pod/v1/admin/room/{id}/membership/list", e.authed(e.handleAdminRoomMembers))
	e.handle("GET /pod/v1/admin/stream/{id}/membership/list", e.authed(e.handleAdminStreamMembers))
}

type membershipOp int

const (
	opAdd membershipOp = iota
	opRemove
	opPromote
	opDemote
)

// success messages are the spec's examples.
var membershipMessages = map[membershipOp]string{
	opAdd: "Member added", opRemove: "Member removed",
	opPromote: "Member promoted to owner", opDemote: "Owner demoted",
}

var membershipActions = map[membershipOp]string{
	opAdd: "roomMemberAdded", opRemove: "roomMemberRemoved",
	opPromote: "roomOwnerPromoted", opDemote: "roomOwnerDemoted",
}

func (e *Emulator) handleMembership(op membershipOp, admin bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		var body userRef
		if err := decodeBody(r, &body); err != nil || body.ID == 0 {
			writeError(w, http.StatusBadRequest, "Body must be {\"id\": <user id>}")
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		status, msg := e.changeMembership(op, admin, caller, r, body.ID)
		if status != http.StatusOK {
			writeError(w, status, msg)
			return
		}
		writeSuccess(w, msg)
	}
}

// changeMembership applies op and returns the HTTP status and message.
// Call with e.mu held. Checks run in the order: room, entitlement, lock,
// target, rule; a refused change changes nothing.
func (e *Emulator) changeMembership(op membershipOp, admin bool, caller *user, r *http.Request, uid int64) (int, string) {
	if admin && !isAdmin(caller) {
		return http.StatusForbidden, msgEntitlement
	}
	s := e.room(r)
	if s == nil {
		return http.StatusBadRequest, msgStreamNotFound
	}
	// The room's own endpoints follow the room's rules for every caller, an
	// administrator too: the spec gives administrators the admin variants
	// (add, remove) and no way to promote or demote in a room they do not own.
	callerOwns := admin || s.isOwner(caller.ID)
	if !admin && s.members[caller.ID] == nil {
		return http.StatusForbidden, "The caller is not a member of the room"
	}
	// RoomSystemInfo.active: "If false ... membership is locked."
	if !s.Active {
		return http.StatusBadRequest, "The room is inactive; its membership is locked"
	}
	if e.st.users[uid] == nil {
		// The spec declares no 404 on membership operations.
		return http.StatusBadRequest, "User cannot be found"
	}
	target := s.members[uid]
	now := e.now().UnixMilli()
	switch op {
	case opAdd:
		// membersCanInvite=false: "only owners can add new participants".
		if !s.MembersCanInvite && !callerOwns {
			return http.StatusForbidden, "Only room owners can add members to this room"
		}
		if target != nil {
			return http.StatusOK, membershipMessages[op] // idempotent: no duplicate
		}
		s.addMember(uid, false, now)
	case opRemove:
		// Not in the spec: members may remove only themselves; owners anyone.
		if !callerOwns && uid != caller.ID {
			return http.StatusForbidden, "Only room owners can remove other members"
		}
		if target == nil {
			return http.StatusOK, membershipMessages[op] // not in the spec: idempotent
		}
		if target.Owner && s.ownerCount() == 1 {
			return http.StatusBadRequest, "Cannot remove the last owner of the room"
		}
		s.removeMember(uid, now)
	case opPromote:
		if !callerOwns {
			return http.StatusForbidden, "Only room owners can promote members"
		}
		if target == nil {
			return http.StatusBadRequest, "Only a member of the room can be promoted to owner"
		}
		target.Owner = true
	case opDemote:
		if !callerOwns {
			return http.StatusForbidden, "Only room owners can demote owners"
		}
		if target == nil {
			return http.StatusBadRequest, "User is not a member of the room"
		}
		if target.Owner && s.ownerCount() == 1 {
			return http.StatusBadRequest, "Cannot demote the last owner of the room"
		}
		target.Owner = false // not in the spec: demoting a plain member is a no-op
	}
	s.LastModified = now
	e.recordAudit(caller, membershipActions[op], s.ID, map[string]string{
		"streamId": s.ID, "roomName": s.Name, "affectedUserId": itoa(uid),
	})
	return http.StatusOK, membershipMessages[op]
}

// memberInfo is MemberInfo, the items of MembershipList.
type memberInfo struct {
	ID       int64 `json:"id"`
	Owner    bool  `json:"owner"`
	JoinDate int64 `json:"joinDate"`
}

func (s *stream) memberInfos(includePast bool) []memberInfo {
	out := make([]memberInfo, 0, len(s.memberOrder))
	for _, uid := range s.memberOrder {
		m := s.members[uid]
		out = append(out, memberInfo{ID: uid, Owner: m.Owner, JoinDate: m.JoinDate})
	}
	if includePast {
		past := make([]*member, 0, len(s.pastMembers))
		for _, m := range s.pastMembers {
			past = append(past, m)
		}
		sort.Slice(past, func(i, j int) bool {
			if past[i].JoinDate != past[j].JoinDate {
				return past[i].JoinDate < past[j].JoinDate
			}
			return past[i].UserID < past[j].UserID
		})
		for _, m := range past {
			out = append(out, memberInfo{ID: m.UserID, JoinDate: m.JoinDate})
		}
	}
	return out
}

func (e *Emulator) handleRoomMembers(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply {
		s := e.room(r)
		// Not in the spec: members and admins may list; others are told the room is not visible.
		if s == nil || (s.members[caller.ID] == nil && !actsAsAdmin(r, caller)) {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		return replyOK(s.memberInfos(false))
	})
}

func (e *Emulator) handleAdminRoomMembers(w http.ResponseWriter, r *http.Request, caller *user) {
	includePast := r.URL.Query().Get("includePastMembers") == "true"
	e.respond(w, func() reply {
		if !isAdmin(caller) {
			return replyError(http.StatusForbidden, msgEntitlement)
		}
		s := e.room(r)
		if s == nil {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		return replyOK(s.memberInfos(includePast))
	})
}

type v2MemberUserDetail struct {
	UserID      int64  `json:"userId"`
	Email       string `json:"email"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	DisplayName string `json:"displayName"`
	Company     string `json:"company"`
	CompanyID   int    `json:"companyId"`
	IsExternal  bool   `json:"isExternal"`
}

type v2MemberInfo struct {
	User      v2MemberUserDetail `json:"user"`
	IsOwner   bool               `json:"isOwner"`
	IsCreator bool               `json:"isCreator"`
	JoinDate  int64              `json:"joinDate"`
}

type v2MembershipList struct {
	Count   int            `json:"count"`
	Skip    int            `json:"skip"`
	Limit   int            `json:"limit"`
	Members []v2MemberInfo `json:"members"`
}

func (e *Emulator) handleAdminStreamMembers(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 100, 1000)
	if !ok {
		return
	}
	e.respond(w, func() reply {
		if !isAdmin(caller) {
			return replyError(http.StatusForbidden, msgEntitlement)
		}
		s := e.pathStream(r, "id")
		if s == nil || s.Type == "POST" {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		res := v2MembershipList{Count: len(s.memberOrder), Skip: skip, Limit: limit, Members: []v2MemberInfo{}}
		for _, uid := range page(s.memberOrder, skip, limit) {
			m := s.members[uid]
			res.Members = append(res.Members, v2MemberInfo{
				User: e.memberUserDetail(uid), IsOwner: m.Owner, IsCreator: m.Creator, JoinDate: m.JoinDate,
			})
		}
		return replyOK(res)
	})
}

// memberUserDetail describes uid for V2MemberInfo. Call with e.mu held.
func (e *Emulator) memberUserDetail(uid int64) v2MemberUserDetail {
	d := v2MemberUserDetail{UserID: uid, CompanyID: int(tenantOf(uid))}
	if u := e.st.users[uid]; u != nil {
		d.Email, d.FirstName, d.LastName, d.DisplayName = u.Email, u.FirstName, u.LastName, u.DisplayName
		d.Company, d.IsExternal = u.Company, u.External
	}
	return d
}
