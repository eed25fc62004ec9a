package emulator

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// v2UserCreate is V2UserCreate. The password is accepted and not stored.
type v2UserCreate struct {
	UserAttributes *v2UserAttributes `json:"userAttributes"`
	Password       map[string]any    `json:"password"`
	Roles          []string          `json:"roles"`
}

// defaultFeatures are the entitlements of a new user: the usual set, without
// the sensitive ones an admin grants explicitly.
func defaultFeatures() featureSet {
	fs := allFeatures()
	for _, name := range []string{"mustBeRecorded", "canUseFirehose", "canCreateDatahose", "canManageSignalSubscription"} {
		fs &^= 1 << featureIndex[name]
	}
	return fs
}

// handleAdminUserCreate creates a local user. userName and displayName are
// required, and emailAddress for NORMAL accounts; userName and email must
// be unique. A SYSTEM account created with currentKey (an RSA public key PEM)
// can then log in with a JWT signed by the matching private key.
func (e *Emulator) handleAdminUserCreate(w http.ResponseWriter, r *http.Request, caller *user) {
	var body v2UserCreate
	if err := decodeBody(r, &body); err != nil || body.UserAttributes == nil {
		writeError(w, http.StatusBadRequest, "The body must be a V2UserCreate with userAttributes")
		return
	}
	a := body.UserAttributes
	roles := body.Roles
	if len(roles) == 0 {
		roles = []string{"INDIVIDUAL"}
	}
	for _, role := range roles {
		if !knownRole(role) {
			writeError(w, http.StatusBadRequest, "Unknown role "+strconv.Quote(role))
			return
		}
	}
	u := &user{AccountType: "NORMAL", Status: "ENABLED", Roles: slices.Compact(slices.Sorted(slices.Values(roles)))}
	if err := applyAttributes(u, a); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if u.Username == "" || u.DisplayName == "" || (u.AccountType == "NORMAL" && u.Email == "") {
		writeError(w, http.StatusBadRequest, "userName and displayName are required, and emailAddress for a NORMAL account")
		return
	}
	key, err := publicKeyOf(a.CurrentKey)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if (body.Roles != nil && slices.ContainsFunc(roles, isAdminGrant)) && !caller.hasRole(adminGrantRoles...) {
		writeError(w, http.StatusForbidden, lacksEntitlement)
		return
	}
	if msg := e.uniqueIdentity(u, 0); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	now := e.now().UnixMilli()
	e.st.nextUserSeq++
	u.ID = userIDFor(e.st.podID, 1000+e.st.nextUserSeq)
	if u.Company == "" {
		u.Company = e.st.podCompany
	}
	u.CreatedDate, u.LastUpdatedDate, u.CreatedBy = now, now, strconv.FormatInt(caller.ID, 10)
	u.Features = defaultFeatures()
	u.Presence = presence{Category: "OFFLINE", Timestamp: now}
	e.addUser(u)
	if key != nil && u.AccountType == "SYSTEM" {
		e.st.accounts[strings.ToLower(u.Username)] = &account{Subject: u.Username, UserID: u.ID, PublicKey: key}
	}
	e.recordAudit(caller, "userCreated", itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID), "affectedUsername": u.Username})
	d := u.toV2UserDetail(false)
	writeJSON(w, http.StatusOK, d)
}

func isAdminGrant(role string) bool { return role == "SUPER_ADMINISTRATOR" || role == "ADMINISTRATOR" }

// handleAdminUserUpdate applies the attributes present in the body.
func (e *Emulator) handleAdminUserUpdate(w http.ResponseWriter, r *http.Request, caller *user) {
	var a v2UserAttributes
	if err := decodeBody(r, &a); err != nil {
		writeError(w, http.StatusBadRequest, "The body must be V2UserAttributes: "+err.Error())
		return
	}
	key, err := publicKeyOf(a.CurrentKey)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	u := e.pathUser(w, r, "uid")
	if u == nil {
		return
	}
	defer e.mu.Unlock()
	next := *u
	if err := applyAttributes(&next, &a); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	// A field sent empty is cleared, except those a user must have (as on
	// create): clearing them is refused rather than ignored.
	if next.DisplayName == "" || (next.AccountType == "NORMAL" && next.Email == "") {
		writeError(w, http.StatusBadRequest, "displayName cannot be cleared, nor emailAddress of a NORMAL account")
		return
	}
	if msg := e.uniqueIdentity(&next, u.ID); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	delete(e.st.byUsername, strings.ToLower(u.Username))
	delete(e.st.byEmail, strings.ToLower(u.Email))
	oldSubject := strings.ToLower(u.Username)
	*u = next
	u.searchKey = ""
	u.LastUpdatedDate = e.now().UnixMilli()
	e.st.byUsername[strings.ToLower(u.Username)] = u
	if u.Email != "" {
		e.st.byEmail[strings.ToLower(u.Email)] = u
	}
	if acc := e.st.accounts[oldSubject]; acc != nil && acc.UserID == u.ID {
		delete(e.st.accounts, oldSubject)
		acc.Subject = u.Username
		e.st.accounts[strings.ToLower(u.Username)] = acc
	}
	if key != nil && u.AccountType == "SYSTEM" {
		switch acc := e.st.accounts[strings.ToLower(u.Username)]; {
		case acc != nil:
			acc.PublicKey = key
		default:
			e.st.accounts[strings.ToLower(u.Username)] = &account{Subject: u.Username, UserID: u.ID, PublicKey: key}
		}
	}
	e.recordAudit(caller, "userUpdated", itoa(u.ID), map[string]string{"affectedUserId": itoa(u.ID)})
	d := u.toV2UserDetail(false)
	writeJSON(w, http.StatusOK, d)
}

// uniqueIdentity checks that u's username and email are free (self excepted).
// Call with e.mu held.
func (e *Emulator) uniqueIdentity(u *user, self int64) string {
	if o := e.st.byUsername[strings.ToLower(u.Username)]; o != nil && o.ID != self {
		return "userName " + strconv.Quote(u.Username) + " is already taken"
	}
	if u.Email != "" {
		if o := e.st.byEmail[strings.ToLower(u.Email)]; o != nil && o.ID != self {
			return "emailAddress " + strconv.Quote(u.Email) + " is already taken"
		}
	}
	return ""
}

// applyAttributes copies the fields present in a onto u.
func applyAttributes(u *user, a *v2UserAttributes) error {
	if a.AccountType != nil {
		if *a.AccountType != "NORMAL" && *a.AccountType != "SYSTEM" {
			return errors.New("accountType must be NORMAL or SYSTEM")
		}
		u.AccountType = *a.AccountType
	}
	if a.EmailAddress != nil && *a.EmailAddress != "" && !wellFormedEmail(*a.EmailAddress) {
		return errors.New("emailAddress is not a valid email address")
	}
	if a.UserName != nil && strings.TrimSpace(*a.UserName) == "" {
		return errors.New("userName must not be empty")
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&u.Email, a.EmailAddress)
	set(&u.FirstName, a.FirstName)
	set(&u.LastName, a.LastName)
	set(&u.Username, a.UserName)
	set(&u.DisplayName, a.DisplayName)
	set(&u.Company, a.CompanyName)
	set(&u.Department, a.Department)
	set(&u.Division, a.Division)
	set(&u.Title, a.Title)
	set(&u.WorkPhone, a.WorkPhoneNumber)
	set(&u.MobilePhone, a.MobilePhoneNumber)
	set(&u.TwoFactorAuthPhone, a.TwoFactorAuthPhone)
	set(&u.SmsNumber, a.SmsNumber)
	set(&u.Location, a.Location)
	set(&u.RecommendedLanguage, a.RecommendedLanguage)
	set(&u.JobFunction, a.JobFunction)
	setList := func(dst *[]string, src []string) {
		if src != nil {
			*dst = slices.Clone(src)
		}
	}
	setList(&u.AssetClasses, a.AssetClasses)
	setList(&u.Industries, a.Industries)
	setList(&u.MarketCoverage, a.MarketCoverage)
	setList(&u.Responsibility, a.Responsibility)
	setList(&u.Function, a.Function)
	setList(&u.Instrument, a.Instrument)
	if a.UserMetadata != nil {
		u.Metadata = a.UserMetadata
	}
	return nil
}

// publicKeyOf reads the RSA public key of a currentKey SAVE request; nil when
// there is none.
func publicKeyOf(k *v2UserKeyRequest) (*rsa.PublicKey, error) {
	if k == nil || k.Key == "" || (k.Action != "" && k.Action != "SAVE") {
		return nil, nil
	}
	block, _ := pem.Decode([]byte(k.Key))
	if block == nil {
		return nil, errors.New("currentKey.key must be a PEM public key")
	}
	if pub, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		if rk, ok := pub.(*rsa.PublicKey); ok {
			return rk, nil
		}
		return nil, errors.New("currentKey.key must be an RSA public key")
	}
	if rk, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		return rk, nil
	}
	return nil, errors.New("currentKey.key must be a PEM public key")
}
