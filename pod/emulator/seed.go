package emulator

import (
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
)

// seedEpoch anchors every seeded date, so the same seed gives the same data
// whatever the clock says.
var seedEpoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

const day = int64(24 * time.Hour / time.Millisecond)

// userIDFor builds a user id the way pods do: the tenant (pod) id above bit
// 36, a per-pod sequence below.
func userIDFor(podID, seq int64) int64 { return podID<<36 | seq }

// tenantOf is the pod id a user id belongs to.
func tenantOf(uid int64) int64 { return (uid >> 36) & (1<<27 - 1) }

// init builds the keys, TLS material and seed data. New calls it once.
func (e *Emulator) init() error {
	keys, err := loadAccountKeys(e.opts.Identity)
	if err != nil {
		return err
	}
	e.st = &state{
		rng:        rand.New(rand.NewPCG(uint64(e.opts.Seed), 0x5eed5eed)),
		podID:      localCompany.PodID,
		podCompany: localCompany.Name,
		users:      make(map[int64]*user, e.opts.Users+8),
		byUsername: make(map[string]*user, e.opts.Users+8),
		byEmail:    make(map[string]*user, e.opts.Users+8),
		accounts:   map[string]*account{},
		sessions:   map[string]*session{},
	}
	e.st.initRoomState()
	e.seedServiceAccounts(keys)
	e.seedUsers()

	creds := Credentials{
		BotUsername:   BotUsername,
		PlainUsername: PlainUsername,
		AppID:         AppID,
		BotUserID:     e.st.byUsername[BotUsername].ID,
		PlainUserID:   e.st.byUsername[PlainUsername].ID,
	}
	if creds.BotPrivateKeyPEM, err = pkcs8PEM(keys.bot); err != nil {
		return err
	}
	if creds.PlainPrivateKeyPEM, err = pkcs8PEM(keys.plain); err != nil {
		return err
	}
	if creds.AppPrivateKeyPEM, err = pkcs8PEM(keys.app); err != nil {
		return err
	}
	if e.opts.TLS {
		host, _, _ := net.SplitHostPort(e.opts.Addr)
		m, err := newTLSMaterial(e.now(), host, BotUsername, e.opts.Identity.CACertPEM, e.opts.Identity.CAKeyPEM)
		if err != nil {
			return fmt.Errorf("emulator: TLS: %w", err)
		}
		e.tlsConf, e.CAPEM, e.caKeyPEM = m.config, m.caPEM, m.caKeyPEM
		creds.BotCertPEM, creds.BotCertKeyPEM = m.clientCertPEM, m.clientKeyPEM
	}
	e.Credentials = creds

	// Streams and connections need every user.
	e.seedStreams()
	e.seedConnections()
	e.seedBigRooms()
	return nil
}

// seedServiceAccounts registers the bot (admin), the plain service account
// and the OBO app.
func (e *Emulator) seedServiceAccounts(keys accountKeys) {
	st := e.st
	for _, sa := range []struct {
		username, display string
		roles             []string
	}{
		{BotUsername, "Symtui Bot", []string{"INDIVIDUAL", "SUPER_ADMINISTRATOR", "USER_PROVISIONING"}},
		{PlainUsername, "Symtui Reader", []string{"INDIVIDUAL"}},
	} {
		st.nextUserSeq++
		u := &user{
			ID:          userIDFor(st.podID, 1000+st.nextUserSeq),
			Username:    sa.username,
			Email:       sa.username + "@" + localCompany.Domain,
			DisplayName: sa.display,
			Company:     localCompany.Name,
			AccountType: "SYSTEM",
			Status:      "ENABLED",
			CreatedDate: seedEpoch - 400*day,
			CreatedBy:   "",
			Roles:       sa.roles,
			Features:    allFeatures(),
			Presence:    presence{Category: "AVAILABLE", Timestamp: seedEpoch},
		}
		u.LastUpdatedDate = u.CreatedDate
		e.addUser(u)
	}
	bot := st.byUsername[BotUsername]
	plain := st.byUsername[PlainUsername]
	st.accounts[BotUsername] = &account{Subject: BotUsername, UserID: bot.ID, PublicKey: &keys.bot.PublicKey}
	st.accounts[PlainUsername] = &account{Subject: PlainUsername, UserID: plain.ID, PublicKey: &keys.plain.PublicKey}
	st.accounts[AppID] = &account{Subject: AppID, IsApp: true, PublicKey: &keys.app.PublicKey}
}

func allFeatures() featureSet { return featureSet(1)<<len(systemFeatures) - 1 }

// addUser indexes u. Call with e.mu held (or before the server starts).
func (e *Emulator) addUser(u *user) {
	e.st.users[u.ID] = u
	e.st.byUsername[strings.ToLower(u.Username)] = u
	if u.Email != "" {
		e.st.byEmail[strings.ToLower(u.Email)] = u
	}
	i, _ := slices.BinarySearch(e.st.userOrder, u.ID)
	e.st.userOrder = slices.Insert(e.st.userOrder, i, u.ID)
}

// seedUsers creates Options.Users people: about 90% local, the rest spread
// over other pods, with about 1% carrying hostile strings.
func (e *Emulator) seedUsers() {
	st := e.st
	rng := rand.New(rand.NewPCG(uint64(e.opts.Seed), 0x05e25))
	extSeq := make([]int64, len(externalCompanies))
	ids := make([]int64, 0, e.opts.Users)
	creator := strconv.FormatInt(st.byUsername[BotUsername].ID, 10)
	for range e.opts.Users {
		u := &user{AccountType: "NORMAL", Status: "ENABLED"}
		co := localCompany
		if rng.IntN(10) == 0 {
			ci := rng.IntN(len(externalCompanies))
			co = externalCompanies[ci]
			extSeq[ci]++
			u.ID = userIDFor(co.PodID, 1000+extSeq[ci])
			u.External = true
		} else {
			st.nextUserSeq++
			u.ID = userIDFor(st.podID, 1000+st.nextUserSeq)
		}
		u.Company = co.Name
		u.FirstName = pick(rng, firstNames)
		u.LastName = pick(rng, lastNames)
		u.DisplayName = u.FirstName + " " + u.LastName
		u.Username = e.uniqueUsername(asciiFold(u.FirstName) + "." + asciiFold(u.LastName))
		u.Email = u.Username + "@" + co.Domain
		u.Title = pick(rng, titles)
		u.Department = pick(rng, departments)
		u.Division = pick(rng, divisions)
		u.Location = pick(rng, locations)
		u.JobFunction = pick(rng, jobFunctions)
		u.WorkPhone = fmt.Sprintf("+1 212 555 %04d", rng.IntN(10000))
		if rng.IntN(2) == 0 {
			u.MobilePhone = fmt.Sprintf("+44 7700 9%05d", rng.IntN(100000))
		}
		u.RecommendedLanguage = pick(rng, languages)
		u.AssetClasses = []string{pick(rng, assetClassList)}
		u.Industries = []string{pick(rng, industryList)}
		u.MarketCoverage = []string{pick(rng, marketCoverages)}
		u.CreatedDate = seedEpoch - int64(30+rng.IntN(2000))*day
		u.LastUpdatedDate = u.CreatedDate + int64(rng.IntN(30))*day
		u.LastLoginDate = seedEpoch - int64(rng.IntN(30*24*60))*60_000
		u.CreatedBy = creator
		u.Roles = seedRoles(rng)
		u.Features = seedFeatures(rng)
		if rng.IntN(100) == 0 {
			hostile(rng, u)
		}
		if !u.External {
			switch n := rng.IntN(100); {
			case n < 3:
				u.Status = "DISABLED"
				u.DeactivatedDate = u.LastLoginDate + day
			case n < 5:
				u.Suspended = true
				u.SuspensionReason = "Mandatory leave"
				if rng.IntN(2) == 0 {
					u.SuspendedUntil = seedEpoch/1000 + int64(1+rng.IntN(60))*86400
				}
			}
		} else {
			u.Roles = []string{"INDIVIDUAL"}
		}
		u.Presence = presence{Category: seedPresence(rng), Timestamp: seedEpoch - int64(rng.IntN(8*60))*60_000}
		if u.Status == "DISABLED" {
			u.Presence.Category = "OFFLINE"
		}
		// Indexed here rather than by addUser: one sort of userOrder at the end
		// instead of a sorted insert per user (usernames and emails are already lower case).
		st.users[u.ID] = u
		st.byUsername[u.Username] = u
		st.byEmail[u.Email] = u
		ids = append(ids, u.ID)
	}
	st.userOrder = append(st.userOrder, ids...)
	slices.Sort(st.userOrder)
}

// uniqueUsername returns base, or base with the smallest numeric suffix not yet taken.
func (e *Emulator) uniqueUsername(base string) string {
	if base == "." || base == "" {
		base = "user"
	}
	if _, taken := e.st.byUsername[base]; !taken {
		return base
	}
	for n := 2; ; n++ {
		c := base + strconv.Itoa(n)
		if _, taken := e.st.byUsername[c]; !taken {
			return c
		}
	}
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// weighted is a name drawn with the given weight out of a table's total.
type weighted struct {
	Name   string
	Weight int
}

// draw returns the entry of table that n (uniform in [0, total)) falls in,
// and false when n is past the last entry.
func draw(table []weighted, n int) (string, bool) {
	for _, w := range table {
		if n < w.Weight {
			return w.Name, true
		}
		n -= w.Weight
	}
	return "", false
}

// extraRoles are the roles a seeded person holds besides INDIVIDUAL, per
// thousand: most hold none, a few percent an admin or compliance role.
var extraRoles = []weighted{
	{"SUPER_ADMINISTRATOR", 10}, {"USER_PROVISIONING", 10}, {"COMPLIANCE_OFFICER", 10},
	{"SUPER_COMPLIANCE_OFFICER", 5}, {"CONTENT_MANAGEMENT", 5}, {"ADMINISTRATOR", 5},
	{"L1_SUPPORT", 5}, {"L2_SUPPORT", 3},
}

func seedRoles(rng *rand.Rand) []string {
	roles := []string{"INDIVIDUAL"}
	if extra, ok := draw(extraRoles, rng.IntN(1000)); ok {
		roles = append(roles, extra)
	}
	return roles
}

// seedFeatures enables each entitlement with a likelihood that looks like a
// real pod's policy: most are on, the sensitive ones mostly off.
func seedFeatures(rng *rand.Rand) featureSet {
	var fs featureSet
	for i, name := range systemFeatures {
		p := 90
		switch name {
		case "mustBeRecorded", "canUseFirehose", "canCreateDatahose", "canManageSignalSubscription":
			p = 5
		case "isExternalRoomEnabled", "canShareFilesExternally", "canCreatePublicRoom":
			p = 60
		}
		if rng.IntN(100) < p {
			fs |= 1 << i
		}
	}
	return fs
}

func seedPresence(rng *rand.Rand) string {
	if c, ok := draw(presenceCategories, rng.IntN(100)); ok {
		return c
	}
	return "AVAILABLE"
}

// hostile puts awkward strings in a user's display name and title or department.
func hostile(rng *rand.Rand, u *user) {
	u.DisplayName = pick(rng, hostileStrings)
	if rng.IntN(2) == 0 {
		u.Title = pick(rng, hostileStrings)
	} else {
		u.Department = pick(rng, hostileStrings)
	}
}

// UserCounts returns how many users the pod has: its own (service accounts
// included; what the admin user list pages through) and those of other pods
// (found by directory search and lookups only).
func (e *Emulator) UserCounts() (local, external int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, u := range e.st.users {
		if u.External {
			external++
		} else {
			local++
		}
	}
	return local, external
}
