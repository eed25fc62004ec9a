package emulator

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

// validPresenceCategory holds the V2PresenceStatus values (the spec lists 11).
var validPresenceCategory = map[string]bool{
	"UNDEFINED": true, "AVAILABLE": true, "BUSY": true, "DO_NOT_DISTURB": true, "ON_THE_PHONE": true,
	"BE_RIGHT_BACK": true, "IN_A_MEETING": true, "AWAY": true, "OUT_OF_OFFICE": true, "OFF_WORK": true, "OFFLINE": true,
}

// v2Presence is V2Presence.
type v2Presence struct {
	Category  string `json:"category"`
	UserID    int64  `json:"userId"`
	Timestamp int64  `json:"timestamp"`
}

// presenceOf is u's current presence; a user never set is OFFLINE.
func presenceOf(u *user) v2Presence {
	p := v2Presence{Category: u.Presence.Category, UserID: u.ID, Timestamp: u.Presence.Timestamp}
	if p.Category == "" {
		p.Category = "OFFLINE"
	}
	return p
}

func (e *Emulator) aux(uid int64) *presenceAux {
	a := e.st.presenceAux[uid]
	if a == nil {
		a = &presenceAux{}
		e.st.presenceAux[uid] = a
	}
	return a
}

// setPresence changes u's presence and marks the change in every live feed.
// soft follows POST /v2/user/presence?soft=true: an OFFLINE user stays
// OFFLINE and gets the category when they come online; an idle online user
// set to AVAILABLE shows AWAY. Call with e.mu held.
func (e *Emulator) setPresence(u *user, category string, soft bool) {
	cur := presenceOf(u).Category
	a := e.st.presenceAux[u.ID]
	if soft {
		if cur == "OFFLINE" {
			e.aux(u.ID).Deferred = category
			return
		}
		if category == "AVAILABLE" && a != nil && a.Idle {
			category = "AWAY"
		}
	}
	if a != nil {
		a.Deferred = ""
	}
	u.Presence = presence{Category: category, Timestamp: e.now().UnixMilli()}
	e.markPresenceChanged(u)
}

// markPresenceChanged adds u to every live feed's pending set (O(feeds)) and
// drops feeds that have idled past Options.FeedIdleTTL. Only the pod's own
// users are reported by feeds ("company (pod) users").
func (e *Emulator) markPresenceChanged(u *user) {
	if u.External {
		return
	}
	now := e.now().UnixMilli()
	for id, f := range e.st.feeds {
		if e.feedExpired(f, now) {
			delete(e.st.feeds, id)
			continue
		}
		if _, ok := f.pending[u.ID]; !ok {
			f.pending[u.ID] = struct{}{}
			f.order = append(f.order, u.ID)
		}
	}
}

func (e *Emulator) feedExpired(f *presenceFeed, now int64) bool {
	return now-f.LastRead > e.opts.FeedIdleTTL.Milliseconds()
}

func (e *Emulator) presenceRoutes() {
	e.handle("GET /pod/v2/user/presence", e.authed(e.handleOwnPresence))
	e.handle("POST /pod/v2/user/presence", e.authed(e.handleSetOwnPresence))
	e.handle("GET /pod/v3/user/{uid}/presence", e.authed(e.handleUserPresence))
	e.handle("GET /pod/v2/users/presence", e.authed(e.handleAllPresence))
	e.handle("POST /pod/v3/user/presence", e.authed(e.handleSetUserPresence))
	e.handle("POST /pod/v1/user/presence/register", e.authed(e.handleRegisterInterest))
	e.handle("POST /pod/v1/presence/feed/create", e.authed(e.handleFeedCreate))
	e.handle("GET /pod/v1/presence/feed/{feedId}/read", e.authed(e.handleFeedRead))
	e.handle("POST /pod/v1/presence/feed/{feedId}/delete", e.authed(e.handleFeedDelete))
}

func (e *Emulator) handleOwnPresence(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply { return replyOK(presenceOf(caller)) })
}

// presenceUpdate is the body of both presence setters: V2PresenceStatus
// {category} for one's own, V2UserPresence {category, userId} for another's.
type presenceUpdate struct {
	Category string `json:"category"`
	UserID   int64  `json:"userId"`
}

// readPresenceUpdate decodes the body and the ?soft=true flag; an absent or
// unknown category is a 400, already answered when ok is false.
func readPresenceUpdate(w http.ResponseWriter, r *http.Request) (body presenceUpdate, soft, ok bool) {
	if err := decodeBody(r, &body); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid presence: "+err.Error())
		return body, false, false
	}
	if !validPresenceCategory[body.Category] {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("Unknown presence category %q", body.Category))
		return body, false, false
	}
	return body, r.URL.Query().Get("soft") == "true", true
}

func (e *Emulator) handleSetOwnPresence(w http.ResponseWriter, r *http.Request, caller *user) {
	body, soft, ok := readPresenceUpdate(w, r)
	if !ok {
		return
	}
	e.respond(w, func() reply {
		e.setPresence(caller, body.Category, soft)
		return replyOK(presenceOf(caller))
	})
}

func (e *Emulator) handleSetUserPresence(w http.ResponseWriter, r *http.Request, caller *user) {
	body, soft, ok := readPresenceUpdate(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// Setting another user's presence is an administrator's action (never
	// through an app); anyone may set their own.
	if body.UserID != caller.ID && !actsAsAdmin(r, caller) {
		writeError(w, http.StatusForbidden, msgEntitlement)
		return
	}
	u := e.st.users[body.UserID]
	if u == nil {
		writeError(w, http.StatusNotFound, "user id cannot be located")
		return
	}
	e.setPresence(u, body.Category, soft)
	if u.ID != caller.ID {
		e.recordAudit(caller, "userPresenceSet", itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID), "category": body.Category})
	}
	writeJSON(w, http.StatusOK, presenceOf(u))
}

func (e *Emulator) handleUserPresence(w http.ResponseWriter, r *http.Request, caller *user) {
	uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "uid must be a decimal user id")
		return
	}
	local := r.URL.Query().Get("local") == "true"
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.st.users[uid]
	if u == nil {
		writeError(w, http.StatusNotFound, "user id cannot be located")
		return
	}
	p := presenceOf(u)
	if !sameCompany(caller, u) {
		// Another company's user: OFFLINE for a local query, and otherwise
		// unless connected and a presence interest was registered.
		c := e.st.connections[newPairKey(caller.ID, uid)]
		visible := !local && c != nil && c.Status == "ACCEPTED" && e.st.interest[caller.ID][uid]
		if !visible {
			p = v2Presence{Category: "OFFLINE", UserID: uid, Timestamp: e.now().UnixMilli()}
		}
	}
	writeJSON(w, http.StatusOK, p)
}

// handleAllPresence pages the pod's users by id. lastUserId is exclusive
// (the spec's "skip users with IDs less than" would repeat the last one;
// real pods start after it). DISABLED and external users are omitted.
func (e *Emulator) handleAllPresence(w http.ResponseWriter, r *http.Request, caller *user) {
	q := r.URL.Query()
	var last int64
	if v := q.Get("lastUserId"); v != "" {
		var err error
		if last, err = strconv.ParseInt(v, 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, "lastUserId must be a user id")
			return
		}
	}
	limit, ok := queryInt(r, "limit", 1000)
	if !ok || limit <= 0 || limit > 5000 {
		writeError(w, http.StatusBadRequest, "limit must be an integer from 1 to 5000")
		return
	}
	var out []v2Presence
	e.locked(func() {
		order := e.st.userOrder
		out = make([]v2Presence, 0, min(limit, len(order)))
		for i := sort.Search(len(order), func(i int) bool { return order[i] > last }); i < len(order) && len(out) < limit; i++ {
			u := e.st.users[order[i]]
			if u == nil || u.External || u.Status == "DISABLED" {
				continue
			}
			out = append(out, presenceOf(u))
		}
	})
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) handleRegisterInterest(w http.ResponseWriter, r *http.Request, caller *user) {
	var ids []int64
	if err := decodeBody(r, &ids); err != nil {
		writeError(w, http.StatusBadRequest, "Body must be a JSON array of user ids")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids { // atomic: check all before registering any
		if e.st.users[id] == nil {
			writeError(w, http.StatusNotFound, "user id cannot be located: "+itoa(id))
			return
		}
	}
	set := e.st.interest[caller.ID]
	if set == nil {
		set = map[int64]bool{}
		e.st.interest[caller.ID] = set
	}
	for _, id := range ids {
		set[id] = true
	}
	writeSuccess(w, "OK")
}

// An unknown, deleted or expired feed is a 400 with the pod's error body: the
// spec declares no 404 here, and BDK datafeed logic treats 400 as "recreate".
const msgFeedNotFound = "Presence feed not found or expired; create a new one"

// maxFeedRead is the spec's "Returns up to 500 records at a time."
const maxFeedRead = 500

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (e *Emulator) handleFeedCreate(w http.ResponseWriter, r *http.Request, caller *user) {
	f := &presenceFeed{ID: newUUID(), Owner: caller.ID, LastRead: e.now().UnixMilli(), pending: map[int64]struct{}{}}
	e.locked(func() { e.st.feeds[f.ID] = f })
	writeJSON(w, http.StatusOK, map[string]string{"id": f.ID})
}

// liveFeed returns the caller's feed named in the path, dropping it if it
// expired. Another user's feed is answered like an unknown one. Call with e.mu held.
func (e *Emulator) liveFeed(r *http.Request, caller *user) *presenceFeed {
	f := e.st.feeds[r.PathValue("feedId")]
	if f == nil || f.Owner != caller.ID {
		return nil
	}
	if e.feedExpired(f, e.now().UnixMilli()) {
		delete(e.st.feeds, f.ID)
		return nil
	}
	return f
}

// handleFeedRead returns the current presence of users changed since the last
// read (changes collapse to one record), oldest change first, at most 500;
// the rest stay pending for the next read.
func (e *Emulator) handleFeedRead(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply {
		f := e.liveFeed(r, caller)
		if f == nil {
			return replyError(http.StatusBadRequest, msgFeedNotFound)
		}
		return replyOK(e.drainFeed(f, maxFeedRead))
	})
}

// drainFeed takes up to n pending users off f, oldest change first. Call
// with e.mu held.
func (e *Emulator) drainFeed(f *presenceFeed, n int) []v2Presence {
	f.LastRead = e.now().UnixMilli()
	batch := f.order[f.head:]
	batch = batch[:min(n, len(batch))]
	out := make([]v2Presence, 0, len(batch))
	for _, uid := range batch {
		delete(f.pending, uid)
		if u := e.st.users[uid]; u != nil {
			out = append(out, presenceOf(u))
		}
	}
	f.head += len(batch)
	switch {
	case f.head == len(f.order):
		f.order, f.head = f.order[:0], 0
	case f.head > len(f.order)/2: // compact so memory stays O(pending)
		f.order, f.head = append(f.order[:0:0], f.order[f.head:]...), 0
	}
	return out
}

func (e *Emulator) handleFeedDelete(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply {
		f := e.liveFeed(r, caller)
		if f == nil {
			return replyError(http.StatusBadRequest, msgFeedNotFound)
		}
		delete(e.st.feeds, f.ID)
		return replyOK(map[string]string{"id": f.ID})
	})
}

// handleEmulatorPresence serves GET /_emulator/presence: every user's current
// presence, sorted by user id.
func (e *Emulator) handleEmulatorPresence(w http.ResponseWriter, r *http.Request) {
	var out []v2Presence
	e.locked(func() {
		out = make([]v2Presence, 0, len(e.st.userOrder))
		for _, uid := range e.st.userOrder {
			if u := e.st.users[uid]; u != nil {
				out = append(out, presenceOf(u))
			}
		}
	})
	writeJSON(w, http.StatusOK, out)
}

// ExpireFeeds makes every presence feed expire now; their next read is a 400.
func (e *Emulator) ExpireFeeds() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.st.feeds)
}
