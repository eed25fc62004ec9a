package emulator

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Connections between users of different companies are stored once per pair
// and seen from each side: PENDING is PENDING_OUTGOING for the requester and
// PENDING_INCOMING for the target. Users of the same company are implicitly
// ACCEPTED and never stored.

func (e *Emulator) connectionRoutes() {
	e.handle("GET /pod/v1/connection/user/{userId}/info", e.authed(e.handleConnectionInfo))
	e.handle("GET /pod/v1/connection/list", e.authed(e.handleConnectionList))
	e.handle("POST /pod/v1/connection/create", e.authed(e.handleConnectionChange(connCreate)))
	e.handle("POST /pod/v1/connection/accept", e.authed(e.handleConnectionChange(connAccept)))
	e.handle("POST /pod/v1/connection/reject", e.authed(e.handleConnectionChange(connReject)))
	e.handle("POST /pod/v1/connection/user/{uid}/remove", e.authed(e.handleConnectionRemove))
}

const (
	msgUserNotFound       = "User cannot be found"
	msgConnectionNotFound = "Connection cannot be found"
	msgImplicitConnection = "Both users are in the same pod: their implicit connection cannot be rejected or removed"
)

// userConnection is UserConnection. An implicit connection carries only
// userId and status, like the spec's info example.
type userConnection struct {
	UserID           int64  `json:"userId"`
	Status           string `json:"status"`
	FirstRequestedAt int64  `json:"firstRequestedAt,omitempty"`
	UpdatedAt        int64  `json:"updatedAt,omitempty"`
	RequestCounter   int    `json:"requestCounter,omitempty"`
}

// sameCompany reports whether a and b are implicitly connected.
func sameCompany(a, b *user) bool {
	return a.External == b.External && (!a.External || a.Company == b.Company)
}

// view is c as seen by uid.
func (c *connection) view(uid int64) userConnection {
	other, status := c.Target, c.Status
	if uid == c.Target {
		other = c.Requester
	}
	if status == "PENDING" {
		status = "PENDING_OUTGOING"
		if uid == c.Target {
			status = "PENDING_INCOMING"
		}
	}
	return userConnection{UserID: other, Status: status, FirstRequestedAt: c.FirstRequestedAt,
		UpdatedAt: c.UpdatedAt, RequestCounter: c.RequestCounter}
}

func (e *Emulator) handleConnectionInfo(w http.ResponseWriter, r *http.Request, caller *user) {
	uid, err := strconv.ParseInt(r.PathValue("userId"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "userId must be a decimal user id")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	other := e.st.users[uid]
	if other == nil {
		writeError(w, http.StatusNotFound, msgUserNotFound)
		return
	}
	if sameCompany(caller, other) {
		writeJSON(w, http.StatusOK, userConnection{UserID: uid, Status: "ACCEPTED"})
		return
	}
	c := e.st.connections[newPairKey(caller.ID, uid)]
	if c == nil {
		writeError(w, http.StatusNotFound, msgConnectionNotFound)
		return
	}
	writeJSON(w, http.StatusOK, c.view(caller.ID))
}

var connectionStatuses = map[string]bool{"PENDING_INCOMING": true, "PENDING_OUTGOING": true, "ACCEPTED": true, "REJECTED": true, "ALL": true}

func (e *Emulator) handleConnectionList(w http.ResponseWriter, r *http.Request, caller *user) {
	q := r.URL.Query()
	// The spec's enum is upper case while its text says "pending_incoming"; both are accepted.
	status := strings.ToUpper(q.Get("status"))
	if status != "" && !connectionStatuses[status] {
		writeError(w, http.StatusBadRequest, "status must be one of pending_incoming, pending_outgoing, accepted, rejected, all")
		return
	}
	var ids map[int64]bool
	if v := strings.TrimSpace(q.Get("userIds")); v != "" {
		ids = map[int64]bool{}
		for _, part := range strings.Split(v, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				writeError(w, http.StatusBadRequest, "userIds must be a comma delimited list of user ids")
				return
			}
			ids[id] = true
		}
	}
	want := func(s string) bool {
		switch status {
		case "", "PENDING":
			return s == "PENDING_INCOMING" || s == "PENDING_OUTGOING"
		case "ALL":
			return true
		}
		return s == status
	}
	out := []userConnection{}
	e.locked(func() {
		add := func(c *connection) {
			if v := c.view(caller.ID); want(v.Status) {
				out = append(out, v)
			}
		}
		if ids != nil {
			// Connections are keyed by pair: look the named users up.
			for id := range ids {
				if c := e.st.connections[newPairKey(caller.ID, id)]; c != nil {
					add(c)
				}
			}
		} else {
			for _, c := range e.st.connections {
				if c.Requester == caller.ID || c.Target == caller.ID {
					add(c)
				}
			}
		}
		// Implicit connections appear only when asked for by status and by id.
		if want("ACCEPTED") && status != "" {
			for id := range ids {
				if u := e.st.users[id]; u != nil && id != caller.ID && sameCompany(caller, u) {
					out = append(out, userConnection{UserID: id, Status: "ACCEPTED"})
				}
			}
		}
	})
	// Not in the spec: most recently updated first, then by user id; an
	// empty result is an empty array, not the declared 404.
	sort.Slice(out, func(i, j int) bool {
		if out[i].UpdatedAt != out[j].UpdatedAt {
			return out[i].UpdatedAt > out[j].UpdatedAt
		}
		return out[i].UserID < out[j].UserID
	})
	writeJSON(w, http.StatusOK, out)
}

type connectionOp int

const (
	connCreate connectionOp = iota
	connAccept
	connReject
)

func (e *Emulator) handleConnectionChange(op connectionOp) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		var body struct {
			UserID int64 `json:"userId"`
		}
		if err := decodeBody(r, &body); err != nil || body.UserID == 0 {
			writeError(w, http.StatusBadRequest, "Body must be {\"userId\": <user id>}")
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		res, status, msg := e.changeConnection(op, caller, body.UserID)
		if status != http.StatusOK {
			writeError(w, status, msg)
			return
		}
		writeJSON(w, http.StatusOK, res)
	}
}

// changeConnection runs the connection state machine. Call with e.mu held.
func (e *Emulator) changeConnection(op connectionOp, caller *user, uid int64) (userConnection, int, string) {
	other := e.st.users[uid]
	if other == nil {
		if op == connCreate {
			return userConnection{}, http.StatusNotFound, msgUserNotFound
		}
		return userConnection{}, http.StatusNotFound, msgConnectionNotFound
	}
	if uid == caller.ID {
		return userConnection{}, http.StatusBadRequest, "A user cannot connect to itself"
	}
	if sameCompany(caller, other) {
		if op == connReject {
			return userConnection{}, http.StatusBadRequest, msgImplicitConnection
		}
		// Not in the spec: inviting or accepting a same-pod user is a no-op answering the implicit ACCEPTED.
		return userConnection{UserID: uid, Status: "ACCEPTED"}, http.StatusOK, ""
	}
	key := newPairKey(caller.ID, uid)
	c := e.st.connections[key]
	now := e.now().UnixMilli()
	incoming := c != nil && c.Status == "PENDING" && c.Target == caller.ID
	switch op {
	case connCreate:
		switch {
		case c == nil:
			c = &connection{Requester: caller.ID, Target: uid, Status: "PENDING", FirstRequestedAt: now, UpdatedAt: now, RequestCounter: 1}
			e.st.connections[key] = c
		case incoming:
			// Not in the spec: inviting someone who already invited you accepts.
			c.Status, c.UpdatedAt = "ACCEPTED", now
		case c.Status == "ACCEPTED":
			// already connected: answered as is
		default: // re-sent or after a rejection: a new request by the caller
			c.Requester, c.Target, c.Status = caller.ID, uid, "PENDING"
			c.UpdatedAt = now
			c.RequestCounter++
		}
	case connAccept:
		switch {
		case incoming:
			c.Status, c.UpdatedAt = "ACCEPTED", now
		case c != nil && c.Status == "ACCEPTED":
			// idempotent
		default:
			return userConnection{}, http.StatusNotFound, msgConnectionNotFound
		}
	case connReject:
		switch {
		case incoming:
			c.Status, c.UpdatedAt = "REJECTED", now
		case c != nil && c.Status == "REJECTED" && c.Target == caller.ID:
			// idempotent
		default:
			return userConnection{}, http.StatusNotFound, msgConnectionNotFound
		}
	}
	return c.view(caller.ID), http.StatusOK, ""
}

func (e *Emulator) handleConnectionRemove(w http.ResponseWriter, r *http.Request, caller *user) {
	uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "uid must be a decimal user id")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	other := e.st.users[uid]
	if other == nil {
		writeError(w, http.StatusNotFound, msgConnectionNotFound)
		return
	}
	if sameCompany(caller, other) {
		writeError(w, http.StatusBadRequest, msgImplicitConnection)
		return
	}
	key := newPairKey(caller.ID, uid)
	if e.st.connections[key] == nil {
		writeError(w, http.StatusNotFound, msgConnectionNotFound)
		return
	}
	// Not in the spec: a connection in any state can be removed (withdrawing an invitation too).
	delete(e.st.connections, key)
	writeSuccess(w, "Connection Removed.")
}
