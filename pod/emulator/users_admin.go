package emulator

import (
	"net/http"
	"slices"
	"strconv"
)

// Who may call the admin user endpoints; anyone else gets 403 with the pod's
// entitlement message. The spec names no roles, so this follows the pod
// admin guide's intent:
//   - read (user list, find, detail, features, status, the system role and
//     feature lists, a user's streams): SUPER_ADMINISTRATOR, ADMINISTRATOR,
//     USER_PROVISIONING, L1_SUPPORT, L2_SUPPORT;
//   - write (create, update, features, status, suspension, roles):
//     SUPER_ADMINISTRATOR, ADMINISTRATOR, USER_PROVISIONING;
//   - granting or removing SUPER_ADMINISTRATOR or ADMINISTRATOR:
//     SUPER_ADMINISTRATOR only.
var (
	userReadRoles   = []string{"SUPER_ADMINISTRATOR", "ADMINISTRATOR", "USER_PROVISIONING", "L1_SUPPORT", "L2_SUPPORT"}
	userWriteRoles  = []string{"SUPER_ADMINISTRATOR", "ADMINISTRATOR", "USER_PROVISIONING"}
	adminGrantRoles = []string{"SUPER_ADMINISTRATOR"}
)

const lacksEntitlement = "The user lacks the required entitlement to perform this operation"

// requireRole wraps an authed handler with a role check.
func (e *Emulator) requireRole(roles []string, h authedHandler) http.HandlerFunc {
	return e.authed(func(w http.ResponseWriter, r *http.Request, caller *user) {
		var ok bool
		e.locked(func() { ok = caller.hasRole(roles...) })
		if !ok {
			writeError(w, http.StatusForbidden, lacksEntitlement)
			return
		}
		h(w, r, caller)
	})
}

func (e *Emulator) adminUserRoutes() {
	read := func(h authedHandler) http.HandlerFunc { return e.requireRole(userReadRoles, h) }
	write := func(h authedHandler) http.HandlerFunc { return e.requireRole(userWriteRoles, h) }
	e.handle("GET /pod/v2/admin/user/list", read(e.handleAdminUserList))
	e.handle("POST /pod/v1/admin/user/find", read(e.handleAdminUserFind))
	e.handle("GET /pod/v2/admin/user/{uid}", read(e.handleAdminUserGet))
	e.handle("POST /pod/v2/admin/user/create", write(e.handleAdminUserCreate))
	e.handle("POST /pod/v2/admin/user/{uid}/update", write(e.handleAdminUserUpdate))
	e.handle("GET /pod/v1/admin/user/{uid}/features", read(e.handleUserFeatures))
	e.handle("POST /pod/v1/admin/user/{uid}/features/update", write(e.handleUserFeaturesUpdate))
	e.handle("GET /pod/v1/admin/system/features/list", read(e.handleSystemFeatures))
	e.handle("GET /pod/v1/admin/system/roles/list", read(e.handleSystemRoles))
	e.handle("POST /pod/v1/admin/user/{uid}/roles/add", write(e.handleUserRole(true)))
	e.handle("POST /pod/v1/admin/user/{uid}/roles/remove", write(e.handleUserRole(false)))
	e.handle("GET /pod/v1/admin/user/{uid}/status", read(e.handleUserStatus))
	e.handle("POST /pod/v1/admin/user/{uid}/status/update", write(e.handleUserStatusUpdate))
	e.handle("PUT /pod/v1/admin/user/{userId}/suspension/update", write(e.handleUserSuspension))
	e.handle("POST /pod/v1/admin/user/{uid}/streams/list", read(e.handleAdminUserStreams))
}

// pathUser parses the user id path parameter and finds the local user it
// names. It answers 400 itself when the id is not an integer or names nobody
// (the spec declares 404 on roles/remove only; see pathUserOr) and returns nil
// then. Call WITHOUT e.mu held; it returns with e.mu held when u != nil, and
// the caller's next statement is "defer e.mu.Unlock()", so a panic in the
// handler cannot leave the lock held.
func (e *Emulator) pathUser(w http.ResponseWriter, r *http.Request, name string) *user {
	return e.pathUserOr(w, r, name, http.StatusBadRequest)
}

// pathUserOr is pathUser answering notFound for an unknown user.
func (e *Emulator) pathUserOr(w http.ResponseWriter, r *http.Request, name string, notFound int) *user {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "The user id must be an integer")
		return nil
	}
	e.mu.Lock()
	u := e.st.users[id]
	if u == nil || u.External {
		e.mu.Unlock()
		writeError(w, notFound, "User cannot be found.")
		return nil
	}
	return u
}

// handleAdminUserList is GET /pod/v2/admin/user/list: the pod's own users by
// id, skip default 0, limit default 100 and at most 1000 (400 above).
func (e *Emulator) handleAdminUserList(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 100, 1000)
	if !ok {
		return
	}
	out := []v2UserDetail{}
	e.locked(func() {
		for _, id := range page(e.st.localUsers(), skip, limit) {
			out = append(out, e.st.users[id].toV2UserDetail(false))
		}
	})
	writeJSON(w, http.StatusOK, out)
}

// userFilter is UserFilter of POST /pod/v1/admin/user/find.
type userFilter struct {
	Role    string `json:"role"`
	Feature string `json:"feature"`
	Status  string `json:"status"`
}

// handleAdminUserFind answers the pod's users that hold role, have feature
// enabled and have status (each filter optional), as v1 UserDetail records.
func (e *Emulator) handleAdminUserFind(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 100, 1000)
	if !ok {
		return
	}
	var f userFilter
	if err := decodeBody(r, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid user filter: "+err.Error())
		return
	}
	if f.Status != "" && f.Status != "ENABLED" && f.Status != "DISABLED" {
		writeError(w, http.StatusBadRequest, "status must be ENABLED or DISABLED")
		return
	}
	if _, known := featureIndex[f.Feature]; f.Feature != "" && !known {
		writeError(w, http.StatusBadRequest, "Unknown feature "+strconv.Quote(f.Feature))
		return
	}
	out := []v2UserDetail{}
	e.locked(func() {
		n := 0
		for _, id := range e.st.userOrder {
			u := e.st.users[id]
			if u.External || (f.Status != "" && u.Status != f.Status) ||
				(f.Role != "" && !u.hasRole(f.Role)) || (f.Feature != "" && !u.hasFeature(f.Feature)) {
				continue
			}
			if n >= skip && len(out) < limit {
				out = append(out, u.toV2UserDetail(true))
			}
			n++
			if len(out) == limit {
				break
			}
		}
	})
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) handleAdminUserGet(w http.ResponseWriter, r *http.Request, caller *user) {
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	d := u.toV2UserDetail(false)
	writeJSON(w, http.StatusOK, d)
}

func (e *Emulator) handleUserFeatures(w http.ResponseWriter, r *http.Request, caller *user) {
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	out := make([]feature, len(systemFeatures))
	for i, name := range systemFeatures {
		out[i] = feature{Entitlment: name, Enabled: u.hasFeature(name)}
	}
	writeJSON(w, http.StatusOK, out)
}

// handleUserFeaturesUpdate sets the listed entitlements; an unknown name
// refuses the whole list (a 40X changes nothing).
func (e *Emulator) handleUserFeaturesUpdate(w http.ResponseWriter, r *http.Request, caller *user) {
	var list []feature
	if err := decodeBody(r, &list); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid feature list: "+err.Error())
		return
	}
	for _, f := range list {
		if _, ok := featureIndex[f.Entitlment]; !ok {
			writeError(w, http.StatusBadRequest, "Unknown feature "+strconv.Quote(f.Entitlment))
			return
		}
	}
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	for _, f := range list {
		bit := featureSet(1) << featureIndex[f.Entitlment]
		if f.Enabled {
			u.Features |= bit
		} else {
			u.Features &^= bit
		}
	}
	u.LastUpdatedDate = e.now().UnixMilli()
	e.recordAudit(caller, "userFeaturesUpdated", itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID)})
	writeSuccess(w, "OK")
}

func (e *Emulator) handleSystemFeatures(w http.ResponseWriter, r *http.Request, caller *user) {
	writeJSON(w, http.StatusOK, systemFeatures)
}

func (e *Emulator) handleSystemRoles(w http.ResponseWriter, r *http.Request, caller *user) {
	writeJSON(w, http.StatusOK, systemRoles)
}

func knownRole(id string) bool {
	return slices.ContainsFunc(systemRoles, func(ri roleDetail) bool { return ri.ID == id })
}

// handleUserRole adds or removes one role ({"id":"ROLE"}). Adding a role the
// user has, or removing one they lack, succeeds and changes nothing.
func (e *Emulator) handleUserRole(add bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		var body struct {
			ID string `json:"id"`
		}
		if err := decodeBody(r, &body); err != nil || body.ID == "" {
			writeError(w, http.StatusBadRequest, `The body must be {"id": "<ROLE>"}`)
			return
		}
		if !knownRole(body.ID) {
			writeError(w, http.StatusBadRequest, "Unknown role "+strconv.Quote(body.ID))
			return
		}
		notFound := http.StatusBadRequest
		if !add {
			notFound = http.StatusNotFound // "Not Found: User cannot be found." (remove only)
		}
		u := e.pathUserOr(w, r, "uid", notFound)
		if u == nil {
			return
		}
		defer e.mu.Unlock()
		if (body.ID == "SUPER_ADMINISTRATOR" || body.ID == "ADMINISTRATOR") && !caller.hasRole(adminGrantRoles...) {
			writeError(w, http.StatusForbidden, lacksEntitlement)
			return
		}
		has := slices.Contains(u.Roles, body.ID)
		action, msg := "userRoleAdded", "Role added"
		switch {
		case add && !has:
			u.Roles = append(slices.Clone(u.Roles), body.ID)
		case !add:
			action, msg = "userRoleRemoved", "Role removed"
			if has {
				u.Roles = slices.DeleteFunc(slices.Clone(u.Roles), func(s string) bool { return s == body.ID })
			}
		}
		u.LastUpdatedDate = e.now().UnixMilli()
		e.recordAudit(caller, action, itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID), "role": body.ID})
		writeSuccess(w, msg)
	}
}

func (u *user) status() userStatus {
	suspended, until := u.Suspended, u.SuspendedUntil
	s := userStatus{Status: u.Status, Suspended: &suspended, SuspensionReason: u.SuspensionReason}
	if until != 0 {
		s.SuspendedUntil = &until
	}
	return s
}

func (e *Emulator) handleUserStatus(w http.ResponseWriter, r *http.Request, caller *user) {
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	s := u.status()
	writeJSON(w, http.StatusOK, s)
}

// handleUserStatusUpdate sets ENABLED or DISABLED (and the suspension fields
// when present). Disabling a user ends their sessions.
func (e *Emulator) handleUserStatusUpdate(w http.ResponseWriter, r *http.Request, caller *user) {
	var body userStatus
	if err := decodeBody(r, &body); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid user status: "+err.Error())
		return
	}
	if body.Status != "ENABLED" && body.Status != "DISABLED" {
		writeError(w, http.StatusBadRequest, "status must be ENABLED or DISABLED")
		return
	}
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	now := e.now().UnixMilli()
	if u.Status != body.Status {
		u.Status = body.Status
		if body.Status == "DISABLED" {
			u.DeactivatedDate = now
			e.endUserSessions(u.ID)
		}
	}
	if body.Suspended != nil {
		until := int64(0)
		if body.SuspendedUntil != nil {
			until = *body.SuspendedUntil
		}
		e.suspend(u, *body.Suspended, until, body.SuspensionReason)
	}
	u.LastUpdatedDate = now
	e.recordAudit(caller, "userStatusUpdated", itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID), "status": body.Status})
	writeJSON(w, http.StatusOK, map[string]string{"message": "OK"})
}

// handleUserSuspension is PUT .../suspension/update with UserSuspension.
// suspendedUntil is unix seconds, as the spec's example.
func (e *Emulator) handleUserSuspension(w http.ResponseWriter, r *http.Request, caller *user) {
	var body struct {
		Suspended        *bool  `json:"suspended"`
		SuspendedUntil   int64  `json:"suspendedUntil"`
		SuspensionReason string `json:"suspensionReason"`
	}
	if err := decodeBody(r, &body); err != nil || body.Suspended == nil {
		writeError(w, http.StatusBadRequest, "The body must be a UserSuspension with \"suspended\"")
		return
	}
	u := e.pathUser(w, r, "userId")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	e.suspend(u, *body.Suspended, body.SuspendedUntil, body.SuspensionReason)
	u.LastUpdatedDate = e.now().UnixMilli()
	action, msg := "userSuspended", "User suspended with success"
	if !*body.Suspended {
		action, msg = "userUnsuspended", "User unsuspended with success"
	}
	e.recordAudit(caller, action, itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID)})
	writeSuccess(w, msg)
}

// suspend sets or clears a suspension; a suspended user loses their
// sessions. Call with e.mu held.
func (e *Emulator) suspend(u *user, on bool, until int64, reason string) {
	u.Suspended = on
	if on {
		u.SuspendedUntil, u.SuspensionReason = until, reason
		e.endUserSessions(u.ID)
	} else {
		u.SuspendedUntil, u.SuspensionReason = 0, ""
	}
}

// handleAdminUserStreams lists a user's streams (same answer as the caller's
// own POST /pod/v1/streams/list, 204 when none).
func (e *Emulator) handleAdminUserStreams(w http.ResponseWriter, r *http.Request, caller *user) {
	id, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "The user id must be an integer")
		return
	}
	var local bool
	e.locked(func() {
		u := e.st.users[id]
		local = u != nil && !u.External
	})
	if !local {
		writeError(w, http.StatusBadRequest, "User cannot be found.")
		return
	}
	e.serveStreamList(w, r, id) // takes the lock itself
}
