package users

import (
	"strconv"
	"strings"

	"symtui/pod"
	"symtui/ui"
)

// userRec is one user as the table knows it, from the admin list (which
// has status and roles) or from a search (which does not: Known false).
// A pod's whole directory is held in these, so they keep only what the
// table and the actions need (the detail pane reads the rest).
type userRec struct {
	ID             int64
	Name           string // display name
	Username       string
	Email          string
	Company        string
	Title          string
	Status         string // ENABLED, DISABLED, "" when unknown
	SuspendedUntil int64
	Roles          []string
	Presence       pod.Category // last known; "" while unknown
	Suspended      bool
	Known          bool // Status and suspension come from an admin record
	Listed         bool // the admin list holds the user (not only a search or a lookup)
}

func recFromDetail(d pod.UserDetail) userRec {
	a, s := d.UserAttributes, d.UserSystemInfo
	return userRec{
		ID: s.ID, Name: a.DisplayName, Username: a.UserName, Email: a.EmailAddress, Company: a.CompanyName,
		Title: a.Title, Status: s.Status, Suspended: s.Suspended,
		SuspendedUntil: s.SuspendedUntil, Roles: d.Roles, Known: true,
	}
}

// recFromBrief is recFromDetail for a record of the admin list, which
// decodes only what the tab shows.
func recFromBrief(d pod.UserBrief) userRec {
	a, s := d.UserAttributes, d.UserSystemInfo
	return userRec{
		ID: s.ID, Name: a.DisplayName, Username: a.UserName, Email: a.EmailAddress, Company: a.CompanyName,
		Title: a.Title, Status: s.Status, Suspended: s.Suspended,
		SuspendedUntil: s.SuspendedUntil, Roles: d.Roles, Known: true,
	}
}

func recFromUser(u pod.User) userRec {
	return userRec{
		ID: u.ID, Name: u.DisplayName, Username: u.Username, Email: u.EmailAddress, Company: u.Company,
		Title: u.Title, Roles: u.Roles,
	}
}

// key is the table row id of r.
func (r userRec) key() string { return strconv.FormatInt(r.ID, 10) }

// label names the user for status lines and dialogs: "Name <email>".
func (r userRec) label() string {
	name := r.Name
	if name == "" {
		name = r.Username
	}
	if name == "" {
		name = "#" + strconv.FormatInt(r.ID, 10)
	}
	if r.Email != "" {
		return ui.Sanitize(name) + " <" + ui.Sanitize(r.Email) + ">"
	}
	return ui.Sanitize(name)
}

// shared keeps one copy of the values most users repeat: a status, an
// account type, a set of roles. A pod of 100,000 users would otherwise
// hold 100,000 copies of "ENABLED". Bounded, so that a pod sending unique
// values costs no more than keeping them. Role sets are shared: never
// change a userRec's Roles in place.
type shared struct {
	strs  map[string]string
	roles map[string][]string
}

const sharedMax = 256

func (s *shared) str(v string) string {
	if c, ok := s.strs[v]; ok {
		return c
	}
	if s.strs == nil {
		s.strs = map[string]string{}
	}
	if len(s.strs) < sharedMax {
		s.strs[v] = v
	}
	return v
}

func (s *shared) roleSet(rs []string) []string {
	if rs == nil {
		return nil
	}
	k := strings.Join(rs, "\x00")
	if c, ok := s.roles[k]; ok {
		return c
	}
	if s.roles == nil {
		s.roles = map[string][]string{}
	}
	if len(s.roles) < sharedMax {
		s.roles[k] = rs
	}
	return rs
}
