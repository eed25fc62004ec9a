package emulator

import (
	"crypto/rsa"
	"math/rand/v2"
)

// state is the pod's data. Every access holds Emulator.mu.
//
// Ownership while the emulator is being built: the users/accounts/sessions
// half (auth.go, users.go, seed.go) and the rooms/connections/presence/audit
// half (rooms.go, streams.go, connections.go, presence.go, audit.go) each add
// the fields they need to the types they own, below.
type state struct {
	rng *rand.Rand // deterministic; seeded from Options.Seed

	podID       int64  // this pod's tenant id (user ids carry it, see userIDFor)
	podCompany  string // company name of local users
	nextUserSeq int64

	// users and accounts
	users      map[int64]*user
	userOrder  []int64             // ascending ids, for paging and presence listing
	byUsername map[string]*user    // lower-cased username
	byEmail    map[string]*user    // lower-cased email
	accounts   map[string]*account // service accounts and apps by JWT subject
	sessions   map[string]*session // by token

	// rooms, IMs and membership
	streams map[string]*stream // by URL-safe stream id

	// connections, keyed by the unordered pair of user ids
	connections map[pairKey]*connection

	// presence feeds by id
	feeds map[string]*presenceFeed

	// privileged actions, in order
	audit []auditEvent

	// indexes (indexes.go)
	localOrder     []int64 // local users by id
	localOrderOf   int     // len(userOrder) localOrder was built from
	roomIndex      []namedRoom
	roomIndexStale bool
	version        uint64 // moved on by every request that may change the pod
	roomSearch     roomSearchCache

	streamOrder []string                 // stream ids in creation order
	imByMembers map[string]string        // sorted participant set -> IM/MIM stream id
	presenceAux map[int64]*presenceAux   // idle flag and soft-deferred category
	interest    map[int64]map[int64]bool // caller -> external users whose presence it registered
	following   map[int64]map[int64]bool // user -> users they follow; made on first use
	churnRate   float64                  // presence changes per second
	churnCarry  float64                  // fractional change carried between ticks
	auditSeq    int64
}

// user is a pod user (a person or a service account).
type user struct {
	ID                  int64
	Username            string
	Email               string
	FirstName           string
	LastName            string
	DisplayName         string
	Title               string
	Company             string
	Department          string
	Division            string
	Location            string
	JobFunction         string
	WorkPhone           string
	MobilePhone         string
	TwoFactorAuthPhone  string
	SmsNumber           string
	RecommendedLanguage string
	AccountType         string // NORMAL or SYSTEM
	AssetClasses        []string
	Industries          []string
	MarketCoverage      []string
	Responsibility      []string
	Function            []string
	Instrument          []string
	Metadata            map[string]any
	External            bool // belongs to another pod

	Status            string // ENABLED or DISABLED
	Suspended         bool
	SuspendedUntil    int64 // seconds, as the spec's example (unlike every other date)
	SuspensionReason  string
	CreatedDate       int64
	CreatedBy         string
	LastUpdatedDate   int64
	LastLoginDate     int64
	LastPasswordReset int64
	DeactivatedDate   int64

	Roles    []string
	Features featureSet // see hasFeature; a bit per entry of systemFeatures

	Presence presence

	searchKey string // lower-cased names and email, built on first search; cleared on update
}

// presence is a user's current presence.
type presence struct {
	Category  string
	Timestamp int64 // ms
}

// account is something that can authenticate: a service account (bot, by
// signed JWT or client certificate) or an app (OBO, by signed JWT). Subject is
// the JWT "sub" and the certificate CN.
type account struct {
	Subject   string
	UserID    int64 // the bot's user; 0 for an app
	IsApp     bool
	PublicKey *rsa.PublicKey
	// AuthorizedUsers, for an app: users that installed it (OBO allowed).
	// nil means every user of the pod.
	AuthorizedUsers map[int64]bool
	// Permissions, for an app: what it may do on behalf of a user (see obo_table.go).
	Permissions map[string]bool
}

// session is an issued token: a pod session, an app session (OBO step one)
// or a key manager token.
type session struct {
	Token      string
	UserID     int64 // 0 for an app session
	AppID      string
	KeyManager bool  // a /relay or /keyauth token: good for the agent, not the pod
	ExpiresAt  int64 // ms
}

// stream is a room, an IM/MIM or a wall (POST) stream.
type stream struct {
	ID           string // URL-safe base64, unpadded
	Type         string // ROOM, IM, MIM, POST
	Name         string
	Description  string
	Keywords     []keyword
	Active       bool
	CreatedBy    int64
	CreatedAt    int64 // ms
	LastModified int64

	Public           bool
	ReadOnly         bool
	CopyProtected    bool
	CrossPod         bool
	ViewHistory      bool
	MultiLateralRoom bool
	MembersCanInvite bool
	Discoverable     bool
	ScheduledMeeting bool
	PinnedMessageID  string
	Origin           string // INTERNAL or EXTERNAL
	LastMessageDate  int64

	members     map[int64]*member
	memberOrder []int64 // join order
	pastMembers map[int64]*member
}

type keyword struct{ Key, Value string }

type member struct {
	UserID    int64
	Owner     bool
	Creator   bool
	JoinDate  int64 // ms
	LeaveDate int64 // ms, past members only
}

// pairKey is an unordered pair of user ids (Lo < Hi).
type pairKey struct{ Lo, Hi int64 }

func newPairKey(a, b int64) pairKey {
	if a > b {
		a, b = b, a
	}
	return pairKey{a, b}
}

// connection between two users of different pods (same-pod users are
// implicitly connected and never stored here).
type connection struct {
	Requester        int64
	Target           int64
	Status           string // PENDING, ACCEPTED, REJECTED (seen from either side)
	FirstRequestedAt int64
	UpdatedAt        int64
	RequestCounter   int
}

// presenceFeed remembers which users changed since its last read.
type presenceFeed struct {
	ID       string
	Owner    int64 // user id of the creator
	LastRead int64 // ms of creation or last read; for idle expiry
	pending  map[int64]struct{}
	order    []int64 // pending ids in change order, so a read spills the oldest first
	head     int     // order[:head] were already read
}

// auditEvent is one privileged action performed through the emulator.
type auditEvent struct {
	Seq            int64 // position in the trail; the paging cursor
	Timestamp      int64
	Action         string
	ActionName     string
	InitiatorID    int64
	Initiator      string // username
	InitiatorEmail string
	InitiatorRoles []string // roles the initiator held when acting
	TargetID       string
	Details        map[string]string
}

// presenceAux is presence state the wire does not show directly.
type presenceAux struct {
	Idle     bool   // online but inactive; a soft AVAILABLE shows as AWAY
	Deferred string // category applied when the user comes online (soft set while OFFLINE)
}
