package pod

// Models of the streams and rooms family; JSON names follow the pod spec.

// Stream types (StreamType.type). POST is a user's wall.
const (
	StreamIM   = "IM"
	StreamMIM  = "MIM"
	StreamRoom = "ROOM"
	StreamPost = "POST"
)

// StreamType wraps a stream type as the pod sends it: {"type": "ROOM"}.
type StreamType struct {
	Type string `json:"type"`
}

// StreamAttributes is one stream of a stream list (the caller's, or a user's).
type StreamAttributes struct {
	ID               string              `json:"id"`
	CrossPod         bool                `json:"crossPod,omitempty"`
	Active           bool                `json:"active"`
	StreamType       StreamType          `json:"streamType"`
	StreamAttributes *ConversationFields `json:"streamAttributes,omitempty"` // IM and MIM only
	RoomAttributes   *RoomFields         `json:"roomAttributes,omitempty"`   // ROOM only
}

// ConversationFields are what an IM or MIM stream adds: its members.
type ConversationFields struct {
	Members []int64 `json:"members,omitempty"`
}

// RoomFields are what a room stream adds: its name (and, in stream info, its groups).
type RoomFields struct {
	Name   string      `json:"name,omitempty"`
	Groups []GroupItem `json:"groups,omitempty"`
}

// StreamInfo is the spec's V2StreamAttributes (GET /pod/v2/streams/{sid}/info).
type StreamInfo struct {
	ID               string              `json:"id"`
	CrossPod         bool                `json:"crossPod,omitempty"`
	Origin           string              `json:"origin,omitempty"` // INTERNAL or EXTERNAL
	Active           bool                `json:"active"`
	LastMessageDate  int64               `json:"lastMessageDate,omitempty"`
	StreamType       StreamType          `json:"streamType"`
	StreamAttributes *ConversationFields `json:"streamAttributes,omitempty"`
	RoomAttributes   *RoomFields         `json:"roomAttributes,omitempty"`
}

// StreamFilter narrows a stream list; no types means all types.
type StreamFilter struct {
	StreamTypes            []StreamType `json:"streamTypes,omitempty"`
	IncludeInactiveStreams bool         `json:"includeInactiveStreams"`
}

// AdminStreamFilter narrows the enterprise stream list; empty fields do not filter.
type AdminStreamFilter struct {
	StreamTypes []StreamType `json:"streamTypes,omitempty"` // IM, MIM, ROOM
	Scope       string       `json:"scope,omitempty"`       // INTERNAL or EXTERNAL
	Origin      string       `json:"origin,omitempty"`      // INTERNAL or EXTERNAL
	Status      string       `json:"status,omitempty"`      // ACTIVE or INACTIVE
	Privacy     string       `json:"privacy,omitempty"`     // PUBLIC or PRIVATE
	StartDate   int64        `json:"startDate,omitempty"`   // membership modified since, epoch ms
	EndDate     int64        `json:"endDate,omitempty"`     // until, epoch ms (default now)
}

// AdminStreamList is one page of the enterprise stream list; Count is the total.
type AdminStreamList struct {
	Count   int64             `json:"count"`
	Skip    int               `json:"skip"`
	Limit   int               `json:"limit"`
	Filter  AdminStreamFilter `json:"filter"`
	Streams []AdminStreamInfo `json:"streams"`
}

// AdminStreamInfo is one stream of the enterprise stream list.
type AdminStreamInfo struct {
	ID         string                `json:"id"`
	IsExternal bool                  `json:"isExternal,omitempty"` // deprecated by the pod: use Origin
	IsActive   bool                  `json:"isActive"`
	IsPublic   bool                  `json:"isPublic,omitempty"`
	Type       string                `json:"type"`
	CrossPod   bool                  `json:"crossPod,omitempty"`
	Origin     string                `json:"origin,omitempty"`
	Attributes AdminStreamAttributes `json:"attributes"`
}

// AdminStreamAttributes describe a stream in the enterprise list.
type AdminStreamAttributes struct {
	RoomName         string  `json:"roomName,omitempty"`        // ROOM only
	RoomDescription  string  `json:"roomDescription,omitempty"` // ROOM only
	Members          []int64 `json:"members,omitempty"`         // IM and MIM only
	CreatedByUserID  int64   `json:"createdByUserId,omitempty"`
	CreatedDate      int64   `json:"createdDate,omitempty"`
	LastModifiedDate int64   `json:"lastModifiedDate,omitempty"`
	OriginCompany    string  `json:"originCompany,omitempty"`
	OriginCompanyID  int     `json:"originCompanyId,omitempty"`
	MembersCount     int     `json:"membersCount,omitempty"`
	LastMessageDate  int64   `json:"lastMessageDate,omitempty"`
	GroupChat        bool    `json:"groupChat,omitempty"`
}

// Room is the spec's V3RoomDetail: what room create, info, update and search return.
type Room struct {
	RoomAttributes RoomAttributes `json:"roomAttributes"`
	RoomSystemInfo RoomSystemInfo `json:"roomSystemInfo"`
	Groups         []GroupItem    `json:"groups,omitempty"`
}

// RoomAttributes is the spec's V3RoomAttributes as the pod reports them.
type RoomAttributes struct {
	Name             string    `json:"name"`
	Keywords         []RoomTag `json:"keywords,omitempty"`
	Description      string    `json:"description,omitempty"`
	MembersCanInvite bool      `json:"membersCanInvite"`
	Discoverable     bool      `json:"discoverable"`
	Public           bool      `json:"public"`
	ReadOnly         bool      `json:"readOnly"`
	CopyProtected    bool      `json:"copyProtected"`
	CrossPod         bool      `json:"crossPod"`
	ViewHistory      bool      `json:"viewHistory"`
	MultiLateralRoom bool      `json:"multiLateralRoom"`
	ScheduledMeeting bool      `json:"scheduledMeeting,omitempty"`
	SubType          string    `json:"subType,omitempty"`
	PinnedMessageID  string    `json:"pinnedMessageId,omitempty"`
	GroupChat        bool      `json:"groupChat,omitempty"`
}

// RoomChanges is a V3RoomAttributes body for room create and update: only
// the fields set are sent, so an update leaves the others as they are and a
// create takes the pod's defaults (a private room). A field set empty is
// sent empty and clears it, as the spec says of pinnedMessageId: ""
// clears a description, an empty Keywords list the keywords.
type RoomChanges struct {
	Name             *string    `json:"name,omitempty"`
	Keywords         *[]RoomTag `json:"keywords,omitempty"`
	Description      *string    `json:"description,omitempty"`
	MembersCanInvite *bool      `json:"membersCanInvite,omitempty"`
	Discoverable     *bool      `json:"discoverable,omitempty"`
	Public           *bool      `json:"public,omitempty"`
	ReadOnly         *bool      `json:"readOnly,omitempty"`
	CopyProtected    *bool      `json:"copyProtected,omitempty"`
	CrossPod         *bool      `json:"crossPod,omitempty"`
	ViewHistory      *bool      `json:"viewHistory,omitempty"`
	MultiLateralRoom *bool      `json:"multiLateralRoom,omitempty"`
	ScheduledMeeting *bool      `json:"scheduledMeeting,omitempty"`
	PinnedMessageID  *string    `json:"pinnedMessageId,omitempty"` // "" unpins
}

// RoomTag is a room keyword: a label and its value.
type RoomTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// RoomSystemInfo is what the pod maintains about a room. An inactive room
// takes no messages and its membership is locked.
type RoomSystemInfo struct {
	ID              string `json:"id"`
	CreationDate    int64  `json:"creationDate,omitempty"`
	CreatedByUserID int64  `json:"createdByUserId,omitempty"`
	Active          bool   `json:"active"`
}

// GroupItem is a group (SDL) attached to a room, and who added it.
type GroupItem struct {
	ID      int64 `json:"id"`
	AddedBy int64 `json:"addedBy,omitempty"`
}

// RoomDetailV1 is the spec's v1 RoomDetail, which setActive still returns.
type RoomDetailV1 struct {
	RoomAttributes          RoomAttributesV1        `json:"roomAttributes"`
	RoomSystemInfo          RoomSystemInfo          `json:"roomSystemInfo"`
	ImmutableRoomAttributes ImmutableRoomAttributes `json:"immutableRoomAttributes"`
}

// RoomAttributesV1 is the spec's v1 RoomAttributes.
type RoomAttributesV1 struct {
	Name             string `json:"name"`
	Description      string `json:"description,omitempty"`
	MembersCanInvite bool   `json:"membersCanInvite"`
	Discoverable     bool   `json:"discoverable"`
}

// ImmutableRoomAttributes cannot change once the room exists.
type ImmutableRoomAttributes struct {
	Public        bool `json:"public"`
	ReadOnly      bool `json:"readOnly"`
	CopyProtected bool `json:"copyProtected"`
}

// RoomSearchCriteria is the spec's V2RoomSearchCriteria. Query is required
// by the pod; nil pointers do not filter.
type RoomSearchCriteria struct {
	Query        string   `json:"query"`
	Labels       []string `json:"labels,omitempty"`
	SearchFields []string `json:"searchFields,omitempty"` // name, description, keywords_key, keywords_value
	Active       *bool    `json:"active,omitempty"`
	Private      *bool    `json:"private,omitempty"`
	Owner        *UserRef `json:"owner,omitempty"`
	Creator      *UserRef `json:"creator,omitempty"`
	Member       *UserRef `json:"member,omitempty"`
	SortOrder    string   `json:"sortOrder,omitempty"` // BASIC or RELEVANCE
	SubType      string   `json:"subType,omitempty"`
}

// UserRef names a user by id: the spec's UserId, {"id": n}.
type UserRef struct {
	ID int64 `json:"id"`
}

// RoomSearchResults is one page of a room search; Count is the total.
type RoomSearchResults struct {
	Count             int64               `json:"count"`
	Skip              int                 `json:"skip"`
	Limit             int                 `json:"limit"`
	Query             RoomSearchCriteria  `json:"query"`
	Rooms             []Room              `json:"rooms"`
	FacetedMatchCount []FacetedMatchCount `json:"facetedMatchCount,omitempty"`
}

// FacetedMatchCount counts the matches of one room tag label.
type FacetedMatchCount struct {
	Facet string `json:"facet"`
	Count int    `json:"count"`
}

// MemberInfo is one member of a room (the spec's MemberInfo).
type MemberInfo struct {
	ID                 int64   `json:"id"`
	Owner              bool    `json:"owner"`
	JoinDate           int64   `json:"joinDate,omitempty"`
	AddedThroughGroups []int64 `json:"addedThroughGroups,omitempty"`
}

// MembershipList is one page of the admin stream membership list (the
// spec's V2MembershipList); Count is the total.
type MembershipList struct {
	Count   int            `json:"count"`
	Skip    int            `json:"skip"`
	Limit   int            `json:"limit"`
	Members []StreamMember `json:"members"`
}

// StreamMember is the spec's V2MemberInfo.
type StreamMember struct {
	User               MemberUser `json:"user"`
	IsOwner            bool       `json:"isOwner"`
	IsCreator          bool       `json:"isCreator,omitempty"`
	JoinDate           int64      `json:"joinDate,omitempty"`
	AddedThroughGroups []int64    `json:"addedThroughGroups,omitempty"`
}

// MemberUser is the spec's V2MemberUserDetail.
type MemberUser struct {
	UserID      int64  `json:"userId"`
	Email       string `json:"email,omitempty"`
	FirstName   string `json:"firstName,omitempty"`
	LastName    string `json:"lastName,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	Company     string `json:"company,omitempty"`
	CompanyID   int    `json:"companyId,omitempty"`
	IsExternal  bool   `json:"isExternal"`
}
