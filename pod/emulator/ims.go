package emulator

import "net/http"

func (e *Emulator) imRoutes() {
	e.handle("POST /pod/v1/im/create", e.authed(e.handleIMCreate(false)))
	e.handle("POST /pod/v1/admin/im/create", e.authed(e.handleIMCreate(true)))
}

// handleIMCreate creates (or finds) the IM/MIM of a participant set. The
// user variant adds the caller and needs one other id; the admin variant
// needs two ids and does not add the caller. Duplicates are ignored.
func (e *Emulator) handleIMCreate(admin bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		var ids []int64
		if err := decodeBody(r, &ids); err != nil {
			writeError(w, http.StatusBadRequest, "Body must be a JSON array of user ids")
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		if admin && !isAdmin(caller) {
			writeError(w, http.StatusForbidden, msgEntitlement)
			return
		}
		var participants []int64
		seen := map[int64]bool{}
		if !admin {
			participants, seen[caller.ID] = append(participants, caller.ID), true
		}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			if e.st.users[id] == nil {
				writeError(w, http.StatusBadRequest, "User cannot be found: "+itoa(id))
				return
			}
			seen[id] = true
			participants = append(participants, id)
		}
		if len(participants) < 2 {
			writeError(w, http.StatusBadRequest, "At least one other user id must be provided")
			return
		}
		if id, ok := e.st.imByMembers[imKey(participants)]; ok {
			writeJSON(w, http.StatusOK, map[string]string{"id": id})
			return
		}
		now := e.now().UnixMilli()
		s := &stream{ID: e.newStreamID(false), Type: "IM", Active: true, CreatedBy: caller.ID,
			CreatedAt: now, LastModified: now, Origin: originOf(caller)}
		if len(participants) > 2 {
			s.Type = "MIM"
		}
		s.members = map[int64]*member{}
		for _, id := range participants {
			s.addMember(id, false, now)
			s.CrossPod = s.CrossPod || e.st.users[id].External
		}
		e.addStream(s)
		writeJSON(w, http.StatusOK, map[string]string{"id": s.ID})
	}
}
