package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// roomAttributesIn is V3RoomAttributes as a client sends it; nil means "not
// given" so an update changes only what it names.
type roomAttributesIn struct {
	Name             *string   `json:"name"`
	Keywords         []keyword `json:"keywords"`
	Description      *string   `json:"description"`
	MembersCanInvite *bool     `json:"membersCanInvite"`
	Discoverable     *bool     `json:"discoverable"`
	Public           *bool     `json:"public"`
	ReadOnly         *bool     `json:"readOnly"`
	CopyProtected    *bool     `json:"copyProtected"`
	CrossPod         *bool     `json:"crossPod"`
	ViewHistory      *bool     `json:"viewHistory"`
	MultiLateralRoom *bool     `json:"multiLateralRoom"`
	ScheduledMeeting *bool     `json:"scheduledMeeting"`
	SubType          *string   `json:"subType"`
	PinnedMessageID  *string   `json:"pinnedMessageId"`
	GroupChat        *bool     `json:"groupChat"`
}

type roomTagJSON struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type v3RoomAttributes struct {
	Name             string        `json:"name"`
	Keywords         []roomTagJSON `json:"keywords"`
	Description      string        `json:"description"`
	MembersCanInvite bool          `json:"membersCanInvite"`
	Discoverable     bool          `json:"discoverable"`
	Public           bool          `json:"public"`
	ReadOnly         bool          `json:"readOnly"`
	CopyProtected    bool          `json:"copyProtected"`
	CrossPod         bool          `json:"crossPod"`
	ViewHistory      bool          `json:"viewHistory"`
	MultiLateralRoom bool          `json:"multiLateralRoom"`
	ScheduledMeeting bool          `json:"scheduledMeeting"`
	PinnedMessageID  string        `json:"pinnedMessageId,omitempty"`
	GroupChat        bool          `json:"groupChat"`
}

type roomSystemInfo struct {
	ID              string `json:"id"`
	CreationDate    int64  `json:"creationDate"`
	CreatedByUserID int64  `json:"createdByUserId"`
	Active          bool   `json:"active"`
}

type v3RoomDetail struct {
	RoomAttributes v3RoomAttributes `json:"roomAttributes"`
	RoomSystemInfo roomSystemInfo   `json:"roomSystemInfo"`
	Groups         []struct{}       `json:"groups"`
}

// roomDetailV1 is the v1 RoomDetail that setActive answers with.
type roomDetailV1 struct {
	RoomAttributes struct {
		Name             string `json:"name"`
		Description      string `json:"description"`
		MembersCanInvite bool   `json:"membersCanInvite"`
		Discoverable     bool   `json:"discoverable"`
	} `json:"roomAttributes"`
	RoomSystemInfo          roomSystemInfo `json:"roomSystemInfo"`
	ImmutableRoomAttributes struct {
		Public        bool `json:"public"`
		ReadOnly      bool `json:"readOnly"`
		CopyProtected bool `json:"copyProtected"`
	} `json:"immutableRoomAttributes"`
}

func (s *stream) systemInfo() roomSystemInfo {
	return roomSystemInfo{ID: s.ID, CreationDate: s.CreatedAt, CreatedByUserID: s.CreatedBy, Active: s.Active}
}

func (s *stream) v3Detail() v3RoomDetail {
	kw := make([]roomTagJSON, len(s.Keywords))
	for i, k := range s.Keywords {
		kw[i] = roomTagJSON(k)
	}
	return v3RoomDetail{
		RoomAttributes: v3RoomAttributes{
			Name: s.Name, Keywords: kw, Description: s.Description,
			MembersCanInvite: s.MembersCanInvite, Discoverable: s.Discoverable, Public: s.Public,
			ReadOnly: s.ReadOnly, CopyProtected: s.CopyProtected, CrossPod: s.CrossPod,
			ViewHistory: s.ViewHistory, MultiLateralRoom: s.MultiLateralRoom,
			ScheduledMeeting: s.ScheduledMeeting, PinnedMessageID: s.PinnedMessageID,
		},
		RoomSystemInfo: s.systemInfo(),
		Groups:         []struct{}{},
	}
}

func (s *stream) v1Detail() roomDetailV1 {
	var d roomDetailV1
	d.RoomAttributes.Name = s.Name
	d.RoomAttributes.Description = s.Description
	d.RoomAttributes.MembersCanInvite = s.MembersCanInvite
	d.RoomAttributes.Discoverable = s.Discoverable
	d.RoomSystemInfo = s.systemInfo()
	d.ImmutableRoomAttributes.Public = s.Public
	d.ImmutableRoomAttributes.ReadOnly = s.ReadOnly
	d.ImmutableRoomAttributes.CopyProtected = s.CopyProtected
	return d
}

func (e *Emulator) streamRoutes() {
	e.handle("POST /pod/v3/room/create", e.authed(e.handleRoomCreate))
	e.handle(roomSearchRoute, e.authed(e.handleRoomSearch))
	e.handle("GET /pod/v3/room/{id}/info", e.authed(e.handleRoomInfo))
	e.handle("POST /pod/v3/room/{id}/update", e.authed(e.handleRoomUpdate))
	e.handle("POST /pod/v1/room/{id}/setActive", e.authed(e.handleRoomSetActive(false)))
	e.handle("POST /pod/v1/admin/room/{id}/setActive", e.authed(e.handleRoomSetActive(true)))
	e.membershipRoutes()
	e.imRoutes()
	e.streamListRoutes()
}

// room resolves the {id} path parameter to a ROOM stream. Call with e.mu held.
func (e *Emulator) room(r *http.Request) *stream {
	s := e.pathStream(r, "id")
	if s == nil || s.Type != "ROOM" {
		return nil
	}
	return s
}

// canView: members and admins see any room; others see discoverable rooms
// only, and so does an admin acting through an app. Call with e.mu held.
func (s *stream) canView(r *http.Request, u *user) bool {
	return s.members[u.ID] != nil || actsAsAdmin(r, u) || s.Discoverable
}

func (s *stream) isOwner(uid int64) bool {
	m := s.members[uid]
	return m != nil && m.Owner
}

func (e *Emulator) handleRoomCreate(w http.ResponseWriter, r *http.Request, caller *user) {
	var in roomAttributesIn
	if err := decodeBody(r, &in); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid room attributes: "+err.Error())
		return
	}
	// The spec does not say; real pods refuse a room without a name.
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		writeError(w, http.StatusBadRequest, "Room name cannot be empty")
		return
	}
	if !validKeywords(in.Keywords) {
		writeError(w, http.StatusBadRequest, msgBadKeyword)
		return
	}
	e.respond(w, func() reply {
		now := e.now().UnixMilli()
		// "If no attributes are specified, the room is created as a private
		// chatroom": every flag defaults to false, membersCanInvite included.
		s := &stream{
			ID: e.newStreamID(false), Type: "ROOM", Active: true,
			CreatedBy: caller.ID, CreatedAt: now, LastModified: now,
			Origin: originOf(caller),
		}
		applyRoomAttributes(s, &in)
		s.members = map[int64]*member{}
		s.pastMembers = map[int64]*member{}
		s.addMember(caller.ID, true, now)
		e.addStream(s)
		return replyOK(s.v3Detail())
	})
}

// RoomTag requires both key and value. The spec states no maximum count;
// the emulator keeps one because every search term is matched against every
// keyword with the pod's lock held.
const (
	maxKeywords   = 100
	msgBadKeyword = "Every keyword needs a key and a value, and a room has at most 100 keywords"
)

func validKeywords(kw []keyword) bool {
	if len(kw) > maxKeywords {
		return false
	}
	for _, k := range kw {
		if k.Key == "" || k.Value == "" {
			return false
		}
	}
	return true
}

func originOf(u *user) string {
	if u.External {
		return "EXTERNAL"
	}
	return "INTERNAL"
}

// applyRoomAttributes copies the given attributes onto s. groupChat and
// subType are ignored, as the spec says for create.
func applyRoomAttributes(s *stream, in *roomAttributesIn) {
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	if in.Name != nil {
		s.Name = *in.Name
	}
	if in.Description != nil {
		s.Description = *in.Description
	}
	if in.Keywords != nil {
		s.Keywords = append([]keyword(nil), in.Keywords...)
	}
	if in.PinnedMessageID != nil {
		s.PinnedMessageID = *in.PinnedMessageID // "" unpins, per the spec
	}
	set(&s.MembersCanInvite, in.MembersCanInvite)
	set(&s.Discoverable, in.Discoverable)
	set(&s.Public, in.Public)
	set(&s.ReadOnly, in.ReadOnly)
	set(&s.CopyProtected, in.CopyProtected)
	set(&s.CrossPod, in.CrossPod)
	set(&s.ViewHistory, in.ViewHistory)
	set(&s.MultiLateralRoom, in.MultiLateralRoom)
	set(&s.ScheduledMeeting, in.ScheduledMeeting)
}

func (e *Emulator) handleRoomInfo(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply {
		s := e.room(r)
		if s == nil || !s.canView(r, caller) {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		return replyOK(s.v3Detail())
	})
}

func (e *Emulator) handleRoomUpdate(w http.ResponseWriter, r *http.Request, caller *user) {
	var in roomAttributesIn
	if err := decodeBody(r, &in); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid room attributes: "+err.Error())
		return
	}
	e.respond(w, func() reply {
		s := e.room(r)
		if s == nil || !s.canView(r, caller) {
			return replyError(http.StatusBadRequest, msgStreamNotFound)
		}
		if !s.isOwner(caller.ID) && !actsAsAdmin(r, caller) {
			return replyError(http.StatusForbidden, "Only room owners can update the room")
		}
		// Not in the spec: an inactive room cannot be updated, like its membership.
		if !s.Active {
			return replyError(http.StatusBadRequest, "The room is inactive")
		}
		if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
			return replyError(http.StatusBadRequest, "Room name cannot be empty")
		}
		if !validKeywords(in.Keywords) {
			return replyError(http.StatusBadRequest, msgBadKeyword)
		}
		// v1 RoomDetail calls public and copyProtected immutable; changing them is refused.
		if (in.Public != nil && *in.Public != s.Public) || (in.CopyProtected != nil && *in.CopyProtected != s.CopyProtected) {
			return replyError(http.StatusBadRequest, "public and copyProtected cannot be changed once the room has been created")
		}
		applyRoomAttributes(s, &in)
		if in.Name != nil {
			e.st.roomsChanged() // its place in the search order
		}
		s.LastModified = e.now().UnixMilli()
		return replyOK(s.v3Detail())
	})
}

func (e *Emulator) handleRoomSetActive(admin bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		var active bool
		switch r.URL.Query().Get("active") {
		case "true":
			active = true
		case "false":
		default:
			writeError(w, http.StatusBadRequest, "active is required and must be true or false")
			return
		}
		e.respond(w, func() reply {
			if admin && !isAdmin(caller) {
				return replyError(http.StatusForbidden, msgEntitlement)
			}
			s := e.room(r)
			if s == nil || (!admin && !s.canView(r, caller)) {
				return replyError(http.StatusBadRequest, msgStreamNotFound)
			}
			// Not in the spec: only owners may (de)activate a room through its
			// own endpoint; administrators have the admin variant.
			if !admin && !s.isOwner(caller.ID) {
				return replyError(http.StatusForbidden, "Only room owners can deactivate or reactivate the room")
			}
			if s.Active != active {
				s.Active = active
				s.LastModified = e.now().UnixMilli()
				action := "roomDeactivated"
				if active {
					action = "roomReactivated"
				}
				e.recordAudit(caller, action, s.ID, map[string]string{"streamId": s.ID, "roomName": s.Name})
			}
			return replyOK(s.v1Detail())
		})
	}
}

const msgEntitlement = "The user lacks the required entitlement to perform this operation"

// roomSearchCriteria is V2RoomSearchCriteria.
type roomSearchCriteria struct {
	Query        *string  `json:"query"`
	Labels       []string `json:"labels,omitempty"`
	SearchFields []string `json:"searchFields,omitempty"`
	Active       *bool    `json:"active,omitempty"`
	Private      *bool    `json:"private,omitempty"`
	Owner        *userRef `json:"owner,omitempty"`
	Creator      *userRef `json:"creator,omitempty"`
	Member       *userRef `json:"member,omitempty"`
	SortOrder    string   `json:"sortOrder,omitempty"`
	SubType      string   `json:"subType,omitempty"`
}

// userRef is the UserId schema {"id": int64}.
type userRef struct {
	ID int64 `json:"id"`
}

type roomSearchResults struct {
	Count             int64              `json:"count"`
	Skip              int                `json:"skip"`
	Limit             int                `json:"limit"`
	Query             roomSearchCriteria `json:"query"`
	Rooms             []v3RoomDetail     `json:"rooms"`
	FacetedMatchCount []struct{}         `json:"facetedMatchCount"`
}

const roomSearchRoute = "POST /pod/v3/room/search"

func (e *Emulator) handleRoomSearch(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 50, 100)
	if !ok {
		return
	}
	includeNonDiscoverable := r.URL.Query().Get("includeNonDiscoverable") == "true"
	var c roomSearchCriteria
	if err := decodeBody(r, &c); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid search criteria: "+err.Error())
		return
	}
	// query is required by the spec; an empty string matches every room (a choice).
	if c.Query == nil {
		writeError(w, http.StatusBadRequest, "query is required")
		return
	}
	if c.SortOrder != "" && c.SortOrder != "BASIC" && c.SortOrder != "RELEVANCE" {
		writeError(w, http.StatusBadRequest, "sortOrder must be BASIC or RELEVANCE")
		return
	}
	terms, ok := searchTerms(*c.Query)
	if !ok {
		writeError(w, http.StatusBadRequest, msgTooManyTerms)
		return
	}
	m := newRoomMatcher(&c, terms)
	criteria, _ := json.Marshal(c)
	key := fmt.Sprintf("%d\x00%t\x00%s", caller.ID, includeNonDiscoverable, criteria)
	e.respond(w, func() reply {
		// BASIC orders by name (the index's order); RELEVANCE puts name
		// matches before description and keyword matches, by name within
		// each (our reading of the two algorithms). A client pages through
		// one search: its matches are kept for the next page.
		hits := e.st.cachedRoomSearch(key, func() []roomHit {
			hits := []roomHit{}
			for _, r := range e.st.roomsByName() {
				s := r.s
				if !s.Discoverable && !(includeNonDiscoverable && s.members[caller.ID] != nil) {
					continue
				}
				if score, ok := m.match(s, r.lower); ok {
					hits = append(hits, roomHit{s, score})
				}
			}
			if c.SortOrder == "RELEVANCE" {
				slices.SortStableFunc(hits, func(a, b roomHit) int { return b.score - a.score })
			}
			return hits
		})
		// limit echoes the request, as clients page with it.
		res := roomSearchResults{Count: int64(len(hits)), Skip: skip, Limit: limit, Query: c, Rooms: []v3RoomDetail{}, FacetedMatchCount: []struct{}{}}
		for _, h := range page(hits, skip, limit) {
			res.Rooms = append(res.Rooms, h.s.v3Detail())
		}
		return replyOK(res)
	})
}

// roomMatcher applies V2RoomSearchCriteria to rooms.
type roomMatcher struct {
	c      *roomSearchCriteria
	terms  []string
	fields map[string]bool
	labels map[string]bool
}

func newRoomMatcher(c *roomSearchCriteria, terms []string) *roomMatcher {
	m := &roomMatcher{c: c, terms: terms, fields: map[string]bool{}}
	for _, f := range c.SearchFields {
		m.fields[f] = true
	}
	if len(m.fields) == 0 {
		for _, f := range []string{"name", "description", "keywords_key", "keywords_value"} {
			m.fields[f] = true
		}
	}
	if len(c.Labels) > 0 {
		m.labels = map[string]bool{}
		for _, l := range c.Labels {
			m.labels[strings.ToLower(l)] = true
		}
	}
	return m
}

// match reports whether s passes the filters and every query term, and a
// relevance score (3 = a term in the name, 2 = description, 1 = keywords).
func (m *roomMatcher) match(s *stream, lowerName string) (int, bool) {
	c := m.c
	if c.Active != nil && s.Active != *c.Active {
		return 0, false
	}
	if c.Private != nil && s.Public == *c.Private {
		return 0, false
	}
	if c.Creator != nil && s.CreatedBy != c.Creator.ID {
		return 0, false
	}
	if c.Owner != nil && !s.isOwner(c.Owner.ID) {
		return 0, false
	}
	if c.Member != nil && s.members[c.Member.ID] == nil {
		return 0, false
	}
	best := 0
	for _, t := range m.terms {
		score := m.termScore(s, lowerName, t)
		if score == 0 {
			return 0, false
		}
		best = max(best, score)
	}
	return best, true
}

func (m *roomMatcher) termScore(s *stream, lowerName, t string) int {
	if m.fields["name"] && strings.Contains(lowerName, t) {
		return 3
	}
	if m.fields["description"] && strings.Contains(strings.ToLower(s.Description), t) {
		return 2
	}
	for _, k := range s.Keywords {
		// labels: "A list of room tag labels whose values will be queried."
		if m.labels != nil && !m.labels[strings.ToLower(k.Key)] {
			continue
		}
		if m.fields["keywords_value"] && strings.Contains(strings.ToLower(k.Value), t) {
			return 1
		}
		if m.labels == nil && m.fields["keywords_key"] && strings.Contains(strings.ToLower(k.Key), t) {
			return 1
		}
	}
	return 0
}
