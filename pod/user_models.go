package pod

// Models of the users family. JSON names follow the pod spec exactly,
// including its inconsistencies (UserV2 says "username"/"company", admin
// records say "userName"/"companyName"). Strings are kept raw.

// Account types (UserV2.accountType, V2UserAttributes.accountType).
const (
	AccountNormal = "NORMAL"
	AccountSystem = "SYSTEM" // service accounts (bots)
	AccountSDL    = "SDL"    // distribution lists
)

// User statuses (UserSystemInfo.status, UserStatus.status).
const (
	UserEnabled  = "ENABLED"
	UserDisabled = "DISABLED"
)

// User is the spec's UserV2: what search, lookup and sessioninfo return.
type User struct {
	ID                int64          `json:"id"`
	EmailAddress      string         `json:"emailAddress,omitempty"`
	FirstName         string         `json:"firstName,omitempty"`
	LastName          string         `json:"lastName,omitempty"`
	DisplayName       string         `json:"displayName,omitempty"`
	Title             string         `json:"title,omitempty"`
	Company           string         `json:"company,omitempty"`
	Username          string         `json:"username,omitempty"`
	Location          string         `json:"location,omitempty"`
	AccountType       string         `json:"accountType,omitempty"`
	Avatars           []Avatar       `json:"avatars,omitempty"`
	WorkPhoneNumber   string         `json:"workPhoneNumber,omitempty"`
	MobilePhoneNumber string         `json:"mobilePhoneNumber,omitempty"`
	JobFunction       string         `json:"jobFunction,omitempty"`
	Department        string         `json:"department,omitempty"`
	Division          string         `json:"division,omitempty"`
	Roles             []string       `json:"roles,omitempty"`
	UserMetadata      map[string]any `json:"userMetadata,omitempty"`
}

// Avatar is one size of a user's picture.
type Avatar struct {
	Size string `json:"size,omitempty"`
	URL  string `json:"url,omitempty"`
}

// UserDetail is the spec's V2UserDetail, the admin view of a user. The v1
// UserDetail that admin find returns decodes into it too (its attributes
// are a subset of V2UserAttributes under the same names).
type UserDetail struct {
	UserAttributes UserAttributes `json:"userAttributes"`
	UserSystemInfo UserSystemInfo `json:"userSystemInfo"`
	Features       []int64        `json:"features,omitempty"`
	Apps           []int64        `json:"apps,omitempty"`
	Groups         []int64        `json:"groups,omitempty"`
	Roles          []string       `json:"roles,omitempty"`
	Disclaimers    []int64        `json:"disclaimers,omitempty"`
	Avatar         *Avatar        `json:"avatar,omitempty"`
}

// UserAttributes is the spec's V2UserAttributes: the editable part of a user
// as the pod reports it, and the body of a create (an update sends
// UserChanges, which can clear a field).
type UserAttributes struct {
	EmailAddress        string          `json:"emailAddress,omitempty"`
	FirstName           string          `json:"firstName,omitempty"`
	LastName            string          `json:"lastName,omitempty"`
	UserName            string          `json:"userName,omitempty"`
	DisplayName         string          `json:"displayName,omitempty"`
	CompanyName         string          `json:"companyName,omitempty"`
	Department          string          `json:"department,omitempty"`
	Division            string          `json:"division,omitempty"`
	Title               string          `json:"title,omitempty"`
	WorkPhoneNumber     string          `json:"workPhoneNumber,omitempty"`
	MobilePhoneNumber   string          `json:"mobilePhoneNumber,omitempty"`
	TwoFactorAuthPhone  string          `json:"twoFactorAuthPhone,omitempty"`
	SMSNumber           string          `json:"smsNumber,omitempty"`
	AccountType         string          `json:"accountType,omitempty"`
	Location            string          `json:"location,omitempty"`
	RecommendedLanguage string          `json:"recommendedLanguage,omitempty"`
	JobFunction         string          `json:"jobFunction,omitempty"`
	AssetClasses        []string        `json:"assetClasses,omitempty"`
	Industries          []string        `json:"industries,omitempty"`
	MarketCoverage      []string        `json:"marketCoverage,omitempty"`
	Responsibility      []string        `json:"responsibility,omitempty"`
	Function            []string        `json:"function,omitempty"`
	Instrument          []string        `json:"instrument,omitempty"`
	CurrentKey          *UserKeyRequest `json:"currentKey,omitempty"`
	PreviousKey         *UserKeyRequest `json:"previousKey,omitempty"`
	UserMetadata        map[string]any  `json:"userMetadata,omitempty"`
}

// UserChanges is a V2UserAttributes body for a user update. Only the
// fields set are sent and the pod keeps the others; a field set to ""
// is sent empty, which clears it (the spec's update example sends
// "department": ""). List fields are not here: the pod cannot clear them
// (a known pod bug keeps industries and asset classes once set).
type UserChanges struct {
	EmailAddress        *string         `json:"emailAddress,omitempty"`
	FirstName           *string         `json:"firstName,omitempty"`
	LastName            *string         `json:"lastName,omitempty"`
	UserName            *string         `json:"userName,omitempty"`
	DisplayName         *string         `json:"displayName,omitempty"`
	CompanyName         *string         `json:"companyName,omitempty"`
	Department          *string         `json:"department,omitempty"`
	Division            *string         `json:"division,omitempty"`
	Title               *string         `json:"title,omitempty"`
	WorkPhoneNumber     *string         `json:"workPhoneNumber,omitempty"`
	MobilePhoneNumber   *string         `json:"mobilePhoneNumber,omitempty"`
	TwoFactorAuthPhone  *string         `json:"twoFactorAuthPhone,omitempty"`
	SMSNumber           *string         `json:"smsNumber,omitempty"`
	AccountType         *string         `json:"accountType,omitempty"`
	Location            *string         `json:"location,omitempty"`
	RecommendedLanguage *string         `json:"recommendedLanguage,omitempty"`
	JobFunction         *string         `json:"jobFunction,omitempty"`
	CurrentKey          *UserKeyRequest `json:"currentKey,omitempty"`
	PreviousKey         *UserKeyRequest `json:"previousKey,omitempty"`
}

// UserKeyRequest is the spec's V2UserKeyRequest: a user's RSA public key.
type UserKeyRequest struct {
	Key            string `json:"key,omitempty"`
	ExpirationDate int64  `json:"expirationDate,omitempty"`
	Action         string `json:"action,omitempty"` // SAVE, REVOKE (active key); REVOKE, EXTEND (rotated key)
}

// UserSystemInfo is what the pod maintains about a user. Dates are epoch
// milliseconds, except SuspendedUntil whose spec example is in seconds.
type UserSystemInfo struct {
	ID                int64  `json:"id"`
	Status            string `json:"status,omitempty"`
	Suspended         bool   `json:"suspended,omitempty"`
	SuspendedUntil    int64  `json:"suspendedUntil,omitempty"`
	SuspensionReason  string `json:"suspensionReason,omitempty"`
	CreatedDate       int64  `json:"createdDate,omitempty"`
	CreatedBy         string `json:"createdBy,omitempty"` // a user id, as a string
	LastUpdatedDate   int64  `json:"lastUpdatedDate,omitempty"`
	LastLoginDate     int64  `json:"lastLoginDate,omitempty"`
	LastPasswordReset int64  `json:"lastPasswordReset,omitempty"`
	DeactivatedDate   int64  `json:"deactivatedDate,omitempty"`
}

// UserBrief is a record of the admin user list as a list shows it: a
// UserDetail with only these fields decoded.
type UserBrief struct {
	UserAttributes UserBriefAttributes `json:"userAttributes"`
	UserSystemInfo UserBriefSystemInfo `json:"userSystemInfo"`
	Roles          []string            `json:"roles,omitempty"`
}

// UserBriefAttributes are the attributes of a UserBrief.
type UserBriefAttributes struct {
	EmailAddress string `json:"emailAddress,omitempty"`
	UserName     string `json:"userName,omitempty"`
	DisplayName  string `json:"displayName,omitempty"`
	CompanyName  string `json:"companyName,omitempty"`
	Title        string `json:"title,omitempty"`
}

// UserBriefSystemInfo is the system information of a UserBrief.
type UserBriefSystemInfo struct {
	ID             int64  `json:"id"`
	Status         string `json:"status,omitempty"`
	Suspended      bool   `json:"suspended,omitempty"`
	SuspendedUntil int64  `json:"suspendedUntil,omitempty"`
}

// UserSearchQuery is the body of a user search.
type UserSearchQuery struct {
	Query   string            `json:"query,omitempty"` // first name, last name, display name or email
	Filters *UserSearchFilter `json:"filters,omitempty"`
}

// UserSearchFilter narrows a user search; empty fields do not filter.
type UserSearchFilter struct {
	AccountTypes   []string `json:"accountTypes,omitempty"`
	Title          string   `json:"title,omitempty"`
	Company        string   `json:"company,omitempty"`
	Location       string   `json:"location,omitempty"`
	MarketCoverage string   `json:"marketCoverage,omitempty"`
	Responsibility string   `json:"responsibility,omitempty"`
	Function       string   `json:"function,omitempty"`
	Instrument     string   `json:"instrument,omitempty"`
}

// UserSearchResults is one page of a user search; Count is the total.
type UserSearchResults struct {
	Count       int64           `json:"count"`
	Skip        int64           `json:"skip"`
	Limit       int64           `json:"limit"`
	SearchQuery UserSearchQuery `json:"searchQuery"`
	Users       []User          `json:"users"`
}

// UserList is the spec's V2UserList: users found by a lookup, and the
// entries the pod could not use.
type UserList struct {
	Users  []User      `json:"users"`
	Errors []UserError `json:"errors,omitempty"`
}

// UserError is one lookup entry the pod rejected, e.g. {"error":"invalid.format","email":"x"}.
type UserError struct {
	Error string `json:"error"`
	Email string `json:"email,omitempty"`
	ID    string `json:"id,omitempty"`
}

// UserCreate is the spec's V2UserCreate.
type UserCreate struct {
	UserAttributes UserAttributes `json:"userAttributes"`
	Password       *Password      `json:"password,omitempty"`
	Roles          []string       `json:"roles,omitempty"`
}

// Password is a derived password (PBKDF2, 10,000 iterations, 256 bits) for
// the pod and the key manager. Its String hides the values.
type Password struct {
	HSalt      string `json:"hSalt"`
	HPassword  string `json:"hPassword"`
	KHSalt     string `json:"khSalt"`
	KHPassword string `json:"khPassword"`
}

func (Password) String() string   { return "[password hidden]" }
func (Password) GoString() string { return "pod.Password{[hidden]}" }

// UserFilter is the body of an admin user find; empty fields do not filter.
type UserFilter struct {
	Role    string `json:"role,omitempty"`
	Feature string `json:"feature,omitempty"`
	Status  string `json:"status,omitempty"` // ENABLED or DISABLED
}

// Feature is one feature entitlement of a user.
type Feature struct {
	Entitlement string `json:"entitlment"` // sic: the pod spells it "entitlment"
	Enabled     bool   `json:"enabled"`
}

// RoleDetail describes a role the pod knows.
type RoleDetail struct {
	ID              string   `json:"id"`
	Name            string   `json:"name,omitempty"`
	UserTypes       []string `json:"userTypes,omitempty"`
	OptionalActions []string `json:"optionalActions,omitempty"`
}

// UserStatus is whether a user is enabled, and suspended.
type UserStatus struct {
	Status           string `json:"status"`
	Suspended        bool   `json:"suspended,omitempty"`
	SuspendedUntil   int64  `json:"suspendedUntil,omitempty"`
	SuspensionReason string `json:"suspensionReason,omitempty"`
}

// UserSuspension is the body of a suspension update.
type UserSuspension struct {
	Suspended        bool   `json:"suspended"`
	SuspendedUntil   int64  `json:"suspendedUntil,omitempty"`
	SuspensionReason string `json:"suspensionReason,omitempty"`
}

// stringID is the spec's StringId: {"id": "…"}.
type stringID struct {
	ID string `json:"id"`
}

// Name is what an operator knows the user by (raw: sanitise before
// display): the display name, else first and last name, else the
// username, else the email.
func (u User) Name() string {
	switch {
	case u.DisplayName != "":
		return u.DisplayName
	case u.FirstName != "" || u.LastName != "":
		return u.FirstName + " " + u.LastName
	case u.Username != "":
		return u.Username
	}
	return u.EmailAddress
}
