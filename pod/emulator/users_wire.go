package emulator

import "slices"

// Wire shapes of the users family, field for field as the pod spec names them.

type avatar struct {
	Size string `json:"size"`
	URL  string `json:"url"`
}

// defaultAvatars are the spec examples' avatar URLs.
var defaultAvatars = []avatar{
	{Size: "original", URL: "../avatars/static/150/default.png"},
	{Size: "small", URL: "../avatars/static/50/default.png"},
}

// userV2 is UserV2 (sessioninfo, /v2/user, /v3/users, search).
type userV2 struct {
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
	Avatars           []avatar       `json:"avatars"`
	WorkPhoneNumber   string         `json:"workPhoneNumber,omitempty"`
	MobilePhoneNumber string         `json:"mobilePhoneNumber,omitempty"`
	JobFunction       string         `json:"jobFunction,omitempty"`
	Department        string         `json:"department,omitempty"`
	Division          string         `json:"division,omitempty"`
	Roles             []string       `json:"roles,omitempty"`
	UserMetadata      map[string]any `json:"userMetadata,omitempty"`
}

// toUserV2 renders u for a caller. Like a pod, it shows another pod's users
// only their public profile: no phones, department or roles. Call with e.mu held.
func (u *user) toUserV2() userV2 {
	v := userV2{
		ID: u.ID, EmailAddress: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		DisplayName: u.DisplayName, Title: u.Title, Company: u.Company, Username: u.Username,
		Location: u.Location, AccountType: u.AccountType, Avatars: defaultAvatars,
	}
	if !u.External {
		v.WorkPhoneNumber, v.MobilePhoneNumber = u.WorkPhone, u.MobilePhone
		v.JobFunction, v.Department, v.Division = u.JobFunction, u.Department, u.Division
		v.Roles = slices.Clone(u.Roles)
		v.UserMetadata = u.Metadata
	}
	return v
}

// v2UserAttributes is V2UserAttributes (admin records; also the update body).
// Note userName and companyName, unlike UserV2's username and company.
type v2UserAttributes struct {
	EmailAddress        *string           `json:"emailAddress,omitempty"`
	FirstName           *string           `json:"firstName,omitempty"`
	LastName            *string           `json:"lastName,omitempty"`
	UserName            *string           `json:"userName,omitempty"`
	DisplayName         *string           `json:"displayName,omitempty"`
	CompanyName         *string           `json:"companyName,omitempty"`
	Department          *string           `json:"department,omitempty"`
	Division            *string           `json:"division,omitempty"`
	Title               *string           `json:"title,omitempty"`
	WorkPhoneNumber     *string           `json:"workPhoneNumber,omitempty"`
	MobilePhoneNumber   *string           `json:"mobilePhoneNumber,omitempty"`
	TwoFactorAuthPhone  *string           `json:"twoFactorAuthPhone,omitempty"`
	SmsNumber           *string           `json:"smsNumber,omitempty"`
	AccountType         *string           `json:"accountType,omitempty"`
	Location            *string           `json:"location,omitempty"`
	RecommendedLanguage *string           `json:"recommendedLanguage,omitempty"`
	JobFunction         *string           `json:"jobFunction,omitempty"`
	AssetClasses        []string          `json:"assetClasses,omitempty"`
	Industries          []string          `json:"industries,omitempty"`
	MarketCoverage      []string          `json:"marketCoverage,omitempty"`
	Responsibility      []string          `json:"responsibility,omitempty"`
	Function            []string          `json:"function,omitempty"`
	Instrument          []string          `json:"instrument,omitempty"`
	CurrentKey          *v2UserKeyRequest `json:"currentKey,omitempty"`
	PreviousKey         *v2UserKeyRequest `json:"previousKey,omitempty"`
	UserMetadata        map[string]any    `json:"userMetadata,omitempty"`
}

type v2UserKeyRequest struct {
	Key            string `json:"key,omitempty"`
	ExpirationDate int64  `json:"expirationDate,omitempty"`
	Action         string `json:"action,omitempty"`
}

// userSystemInfo is UserSystemInfo.
type userSystemInfo struct {
	ID                int64  `json:"id"`
	Status            string `json:"status"`
	Suspended         bool   `json:"suspended"`
	SuspendedUntil    int64  `json:"suspendedUntil,omitempty"`
	SuspensionReason  string `json:"suspensionReason,omitempty"`
	CreatedDate       int64  `json:"createdDate,omitempty"`
	CreatedBy         string `json:"createdBy,omitempty"`
	LastUpdatedDate   int64  `json:"lastUpdatedDate,omitempty"`
	LastLoginDate     int64  `json:"lastLoginDate,omitempty"`
	LastPasswordReset int64  `json:"lastPasswordReset,omitempty"`
	DeactivatedDate   int64  `json:"deactivatedDate,omitempty"`
}

// v2UserDetail is V2UserDetail (and, with the v1 attributes subset, UserDetail).
type v2UserDetail struct {
	UserAttributes v2UserAttributes `json:"userAttributes"`
	UserSystemInfo userSystemInfo   `json:"userSystemInfo"`
	Features       []int64          `json:"features,omitempty"`
	Apps           []int64          `json:"apps,omitempty"`
	Groups         []int64          `json:"groups,omitempty"`
	Roles          []string         `json:"roles"`
	Disclaimers    []int64          `json:"disclaimers,omitempty"`
	Avatar         *avatar          `json:"avatar,omitempty"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// toV2UserDetail renders u's admin record. v1 (UserDetail, from
// /v1/admin/user/find) carries only the v1 attribute subset. Call with e.mu held.
func (u *user) toV2UserDetail(v1 bool) v2UserDetail {
	a := v2UserAttributes{
		EmailAddress: strp(u.Email), FirstName: strp(u.FirstName), LastName: strp(u.LastName),
		UserName: strp(u.Username), DisplayName: strp(u.DisplayName), CompanyName: strp(u.Company),
		Department: strp(u.Department), Division: strp(u.Division), Title: strp(u.Title),
		WorkPhoneNumber: strp(u.WorkPhone), MobilePhoneNumber: strp(u.MobilePhone), SmsNumber: strp(u.SmsNumber),
		AccountType: strp(u.AccountType), Location: strp(u.Location), JobFunction: strp(u.JobFunction),
		AssetClasses: slices.Clone(u.AssetClasses), Industries: slices.Clone(u.Industries),
	}
	if !v1 {
		a.TwoFactorAuthPhone = strp(u.TwoFactorAuthPhone)
		a.RecommendedLanguage = strp(u.RecommendedLanguage)
		a.MarketCoverage = slices.Clone(u.MarketCoverage)
		a.Responsibility = slices.Clone(u.Responsibility)
		a.Function = slices.Clone(u.Function)
		a.Instrument = slices.Clone(u.Instrument)
		a.UserMetadata = u.Metadata
	}
	return v2UserDetail{
		UserAttributes: a,
		UserSystemInfo: userSystemInfo{
			ID: u.ID, Status: u.Status, Suspended: u.Suspended, SuspendedUntil: u.SuspendedUntil,
			SuspensionReason: u.SuspensionReason, CreatedDate: u.CreatedDate, CreatedBy: u.CreatedBy,
			LastUpdatedDate: u.LastUpdatedDate, LastLoginDate: u.LastLoginDate,
			LastPasswordReset: u.LastPasswordReset, DeactivatedDate: u.DeactivatedDate,
		},
		Roles: slices.Clone(u.Roles),
	}
}

// feature is a FeatureList item; the spec spells the key "entitlment".
type feature struct {
	Entitlment string `json:"entitlment"`
	Enabled    bool   `json:"enabled"`
}

// userStatus is UserStatus (get and update status).
type userStatus struct {
	Status           string `json:"status"`
	Suspended        *bool  `json:"suspended,omitempty"`
	SuspendedUntil   *int64 `json:"suspendedUntil,omitempty"`
	SuspensionReason string `json:"suspensionReason,omitempty"`
}

// roleDetail is RoleDetail.
type roleDetail struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	UserTypes       []string `json:"userTypes"`
	OptionalActions []string `json:"optionalActions,omitempty"`
}
