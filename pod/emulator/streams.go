package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Stream ids are URL-safe unpadded base64 of random bytes, like a real pod's
// ("bjHSiY4iz3ar4iIh6-VzCX___peoM7cPdA"). Stored ids are always URL-safe.

// newStreamID returns a fresh stream id. Seeding passes the deterministic rng;
// streams created at run time use crypto/rand.
func (e *Emulator) newStreamID(deterministic bool) string {
	b := make([]byte, 24)
	if deterministic {
		for i := range b {
			b[i] = byte(e.st.rng.IntN(256))
		}
	} else {
		_, _ = rand.Read(b)
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	if _, taken := e.st.streams[id]; taken {
		return e.newStreamID(false)
	}
	return id
}

// canonicalStreamID converts a stream id as a client may send it (URL-safe or
// standard base64, padded or not) to the stored URL-safe unpadded form.
func canonicalStreamID(raw string) string {
	id := strings.TrimRight(raw, "=")
	id = strings.NewReplacer("+", "-", "/", "_").Replace(id)
	return id
}

// pathStream resolves the {id} or {sid} path parameter. Call with e.mu held.
func (e *Emulator) pathStream(r *http.Request, name string) *stream {
	return e.st.streams[canonicalStreamID(r.PathValue(name))]
}

// Unknown streams: the spec declares no 404 on any stream or room operation,
// and real pods answer 400 with this sentence, so the emulator does too.
const msgStreamNotFound = "Either the stream you're trying to access does not exist, you're not allowed to view its details, or this stream is not a room."

func isAdmin(u *user) bool { return u.hasRole("SUPER_ADMINISTRATOR", "ADMINISTRATOR") }

// addStream registers s. Call with e.mu held.
func (e *Emulator) addStream(s *stream) {
	if s.members == nil {
		s.members = map[int64]*member{}
	}
	if s.pastMembers == nil {
		s.pastMembers = map[int64]*member{}
	}
	e.st.streams[s.ID] = s
	e.st.streamOrder = append(e.st.streamOrder, s.ID)
	if s.Type == "ROOM" {
		e.st.roomsChanged()
	}
	if s.Type == "IM" || s.Type == "MIM" {
		e.st.imByMembers[imKey(s.memberOrder)] = s.ID
	}
}

// addMember puts uid in s (no-op when already a member). Call with e.mu held.
func (s *stream) addMember(uid int64, owner bool, at int64) {
	if m := s.members[uid]; m != nil {
		return
	}
	m := &member{UserID: uid, Owner: owner, JoinDate: at, Creator: uid == s.CreatedBy}
	s.members[uid] = m
	s.memberOrder = append(s.memberOrder, uid)
	delete(s.pastMembers, uid)
}

// removeMember takes uid out of s and remembers it as a past member.
func (s *stream) removeMember(uid int64, at int64) {
	m := s.members[uid]
	if m == nil {
		return
	}
	delete(s.members, uid)
	for i, id := range s.memberOrder {
		if id == uid {
			s.memberOrder = append(s.memberOrder[:i:i], s.memberOrder[i+1:]...)
			break
		}
	}
	past := *m
	past.Owner = false
	past.LeaveDate = at
	s.pastMembers[uid] = &past
}

func (s *stream) ownerCount() int {
	n := 0
	for _, m := range s.members {
		if m.Owner {
			n++
		}
	}
	return n
}

// imKey is the identity of an IM/MIM: its sorted, de-duplicated participants.
func imKey(ids []int64) string {
	set := map[int64]bool{}
	for _, id := range ids {
		set[id] = true
	}
	sorted := make([]int64, 0, len(set))
	for id := range set {
		sorted = append(sorted, id)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var b strings.Builder
	for i, id := range sorted {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// maxInt32 bounds every skip and limit the spec leaves unbounded: the spec
// types them "integer" (int32 on a pod), so a larger value is malformed.
const maxInt32 = 1<<31 - 1

// queryInt reads an integer query parameter; absent means def. A value that
// is not a decimal integer, or lies beyond int32, is not ok.
func queryInt(r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.ParseInt(v, 10, 32)
	return int(n), err == nil
}

// querySkipLimit reads skip/limit with the given default and maximum limit
// (0: the spec states none, so int32's). A skip that is negative, a limit
// that is not positive or above the maximum, and a value that is not an
// int32 are a 400, as the spec's "must be a positive integer and must not
// exceed" texts say.
func querySkipLimit(w http.ResponseWriter, r *http.Request, defLimit, maxLimit int) (skip, limit int, ok bool) {
	if maxLimit == 0 {
		maxLimit = maxInt32
	}
	skip, okS := queryInt(r, "skip", 0)
	limit, okL := queryInt(r, "limit", defLimit)
	switch {
	case !okS || skip < 0:
		writeError(w, http.StatusBadRequest, "skip must be an integer from 0 to "+strconv.Itoa(maxInt32))
	case !okL || limit <= 0 || limit > maxLimit:
		writeError(w, http.StatusBadRequest, "limit must be an integer from 1 to "+strconv.Itoa(maxLimit))
	default:
		return skip, limit, true
	}
	return 0, 0, false
}

// page is items[skip:skip+limit], clipped to items and safe for any
// non-negative skip and limit (skip+limit may not fit an int).
func page[T any](items []T, skip, limit int) []T {
	if skip < 0 || limit <= 0 || skip >= len(items) {
		return []T{}
	}
	return items[skip : skip+min(limit, len(items)-skip)]
}

func (e *Emulator) streamListRoutes() {
	e.handle("POST /pod/v1/streams/list", e.authed(func(w http.ResponseWriter, r *http.Request, caller *user) {
		e.serveStreamList(w, r, caller.ID)
	}))
	e.handle("POST /pod/v2/admin/streams/list", e.authed(e.handleAdminStreamList))
	e.handle("GET /pod/v2/streams/{sid}/info", e.authed(e.handleStreamInfo))
}

type streamTypeJSON struct {
	Type string `json:"type"`
}

// streamFilter is StreamFilter; its body is optional.
type streamFilter struct {
	StreamTypes            []streamTypeJSON `json:"streamTypes"`
	IncludeInactiveStreams bool             `json:"includeInactiveStreams"`
}

// streamAttributes is StreamAttributes, the items of StreamList.
type streamAttributes struct {
	ID               string          `json:"id"`
	CrossPod         bool            `json:"crossPod"`
	Active           bool            `json:"active"`
	StreamType       streamTypeJSON  `json:"streamType"`
	StreamAttributes *streamMembers  `json:"streamAttributes,omitempty"`
	RoomAttributes   *streamRoomName `json:"roomAttributes,omitempty"`
}

type streamMembers struct {
	Members []int64 `json:"members"`
}

type streamRoomName struct {
	Name string `json:"name"`
}

// userStreams lists the streams uid is a member of, by creation date
// ascending, filtered as StreamFilter says (inactive streams are left out
// unless asked for). Call with e.mu held. The admin user-streams endpoint
// uses it through serveStreamList.
func (e *Emulator) userStreams(uid int64, f streamFilter) []streamAttributes {
	types := map[string]bool{}
	for _, t := range f.StreamTypes {
		types[t.Type] = true
	}
	out := []streamAttributes{}
	for _, id := range e.st.streamOrder {
		s := e.st.streams[id]
		if s.members[uid] == nil || (len(types) > 0 && !types[s.Type]) || (!s.Active && !f.IncludeInactiveStreams) {
			continue
		}
		a := streamAttributes{ID: s.ID, CrossPod: s.CrossPod, Active: s.Active, StreamType: streamTypeJSON{s.Type}}
		if s.Type == "ROOM" {
			a.RoomAttributes = &streamRoomName{Name: s.Name}
		} else {
			a.StreamAttributes = &streamMembers{Members: s.otherMembers(uid)}
		}
		out = append(out, a)
	}
	return out
}

// otherMembers are the IM participants other than uid, as real pods list them.
func (s *stream) otherMembers(uid int64) []int64 {
	out := []int64{}
	for _, id := range s.memberOrder {
		if id != uid {
			out = append(out, id)
		}
	}
	return out
}

// serveStreamList answers a StreamList request (skip/limit query, optional
// StreamFilter body) for uid's streams, 204 when the page is empty.
func (e *Emulator) serveStreamList(w http.ResponseWriter, r *http.Request, uid int64) {
	skip, limit, ok := querySkipLimit(w, r, 50, 0)
	if !ok {
		return
	}
	var f streamFilter
	if err := decodeOptionalBody(r, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid stream filter: "+err.Error())
		return
	}
	var list []streamAttributes
	e.locked(func() { list = page(e.userStreams(uid, f), skip, limit) })
	if len(list) == 0 {
		w.WriteHeader(http.StatusNoContent) // "Stream not found."
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// v2StreamAttributes is V2StreamAttributes (stream info).
type v2StreamAttributes struct {
	ID               string         `json:"id"`
	CrossPod         bool           `json:"crossPod"`
	Origin           string         `json:"origin"`
	Active           bool           `json:"active"`
	LastMessageDate  int64          `json:"lastMessageDate,omitempty"`
	StreamType       streamTypeJSON `json:"streamType"`
	StreamAttributes *streamMembers `json:"streamAttributes,omitempty"`
	RoomAttributes   *struct {
		Name   string     `json:"name"`
		Groups []struct{} `json:"groups"`
	} `json:"roomAttributes,omitempty"`
}

func (e *Emulator) handleStreamInfo(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply {
		s := e.pathStream(r, "sid")
		if s == nil || !s.canView(r, caller) {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		a := v2StreamAttributes{ID: s.ID, CrossPod: s.CrossPod, Origin: s.Origin, Active: s.Active,
			LastMessageDate: s.LastMessageDate, StreamType: streamTypeJSON{s.Type}}
		if s.Type == "ROOM" {
			a.RoomAttributes = &struct {
				Name   string     `json:"name"`
				Groups []struct{} `json:"groups"`
			}{Name: s.Name, Groups: []struct{}{}}
		} else {
			a.StreamAttributes = &streamMembers{Members: append([]int64{}, s.memberOrder...)}
		}
		return replyOK(a)
	})
}

// adminStreamFilter is V2AdminStreamFilter.
type adminStreamFilter struct {
	StreamTypes []streamTypeJSON `json:"streamTypes,omitempty"`
	Scope       string           `json:"scope,omitempty"`
	Origin      string           `json:"origin,omitempty"`
	Status      string           `json:"status,omitempty"`
	Privacy     string           `json:"privacy,omitempty"`
	StartDate   int64            `json:"startDate,omitempty"`
	EndDate     int64            `json:"endDate,omitempty"`
}

type adminStreamInfo struct {
	ID         string                `json:"id"`
	IsExternal bool                  `json:"isExternal"`
	IsActive   bool                  `json:"isActive"`
	IsPublic   bool                  `json:"isPublic"`
	Type       string                `json:"type"`
	CrossPod   bool                  `json:"crossPod"`
	Origin     string                `json:"origin"`
	Attributes adminStreamAttributes `json:"attributes"`
}

type adminStreamAttributes struct {
	RoomName         string  `json:"roomName,omitempty"`
	RoomDescription  string  `json:"roomDescription,omitempty"`
	Members          []int64 `json:"members,omitempty"`
	CreatedByUserID  int64   `json:"createdByUserId"`
	CreatedDate      int64   `json:"createdDate"`
	LastModifiedDate int64   `json:"lastModifiedDate"`
	OriginCompany    string  `json:"originCompany"`
	OriginCompanyID  int     `json:"originCompanyId"`
	MembersCount     int     `json:"membersCount"`
	LastMessageDate  int64   `json:"lastMessageDate,omitempty"`
	GroupChat        bool    `json:"groupChat"`
}

type adminStreamList struct {
	Count   int64             `json:"count"`
	Skip    int               `json:"skip"`
	Limit   int               `json:"limit"`
	Filter  adminStreamFilter `json:"filter"`
	Streams []adminStreamInfo `json:"streams"`
}

func (e *Emulator) handleAdminStreamList(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 50, 100)
	if !ok {
		return
	}
	var f adminStreamFilter
	if err := decodeOptionalBody(r, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid stream filter: "+err.Error())
		return
	}
	e.respond(w, func() reply {
		if !isAdmin(caller) {
			return replyError(http.StatusForbidden, msgEntitlement)
		}
		types := map[string]bool{}
		for _, t := range f.StreamTypes {
			types[t.Type] = true
		}
		end := f.EndDate
		if end == 0 {
			end = e.now().UnixMilli() // "If not specified, it assume to be current time."
		}
		var matched []*stream
		for _, id := range e.st.streamOrder {
			s := e.st.streams[id]
			scope := "INTERNAL"
			if s.CrossPod {
				scope = "EXTERNAL"
			}
			privacy := "PRIVATE"
			if s.Public {
				privacy = "PUBLIC"
			}
			status := "INACTIVE"
			if s.Active {
				status = "ACTIVE"
			}
			switch {
			case s.Type == "POST", len(types) > 0 && !types[s.Type],
				f.Scope != "" && f.Scope != scope, f.Origin != "" && f.Origin != s.Origin,
				f.Status != "" && f.Status != status, f.Privacy != "" && f.Privacy != privacy,
				s.LastModified < f.StartDate || s.LastModified > end:
				continue
			}
			matched = append(matched, s)
		}
		res := adminStreamList{Count: int64(len(matched)), Skip: skip, Limit: limit, Filter: f, Streams: []adminStreamInfo{}}
		for _, s := range page(matched, skip, limit) {
			res.Streams = append(res.Streams, e.adminStreamInfo(s))
		}
		return replyOK(res)
	})
}

// adminStreamInfo describes s for the admin list. Call with e.mu held.
func (e *Emulator) adminStreamInfo(s *stream) adminStreamInfo {
	info := adminStreamInfo{ID: s.ID, IsExternal: s.Origin == "EXTERNAL", IsActive: s.Active,
		IsPublic: s.Public, Type: s.Type, CrossPod: s.CrossPod, Origin: s.Origin}
	a := adminStreamAttributes{CreatedByUserID: s.CreatedBy, CreatedDate: s.CreatedAt,
		LastModifiedDate: s.LastModified, OriginCompanyID: int(tenantOf(s.CreatedBy)),
		MembersCount: len(s.memberOrder), LastMessageDate: s.LastMessageDate}
	if u := e.st.users[s.CreatedBy]; u != nil {
		a.OriginCompany = u.Company
	}
	if s.Type == "ROOM" {
		a.RoomName, a.RoomDescription = s.Name, s.Description
	} else {
		a.Members = append([]int64{}, s.memberOrder...)
	}
	info.Attributes = a
	return info
}

// decodeOptionalBody is decodeBody for operations whose body the spec marks
// optional: an empty body leaves v as it is.
func decodeOptionalBody(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	return json.Unmarshal(body, v)
}

// reply is an answer computed under e.mu and written once it is released, so
// a slow client never holds the lock.
type reply struct {
	status int
	body   any    // JSON body of a success
	msg    string // error message
}

func replyOK(body any) reply                  { return reply{status: http.StatusOK, body: body} }
func replyError(status int, msg string) reply { return reply{status: status, msg: msg} }

// respond runs fn with e.mu held and writes its reply after unlocking.
func (e *Emulator) respond(w http.ResponseWriter, fn func() reply) {
	var rp reply
	e.locked(func() { rp = fn() })
	switch {
	case rp.status >= 400:
		writeError(w, rp.status, rp.msg)
	case rp.status == http.StatusNoContent:
		w.WriteHeader(rp.status)
	default:
		writeJSON(w, rp.status, rp.body)
	}
}
