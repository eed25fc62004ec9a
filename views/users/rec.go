package users

import (
	"strconv"

	"symtui/pod"
	"symtui/ui"
)

// userRec is one user as the table knows it, from the admin list (which
// has status and roles) or from a search (which does not: Known false).
type userRec struct {
	ID             int64
	Name           string // display name
	Username       string
	Email          string
	Company        string
	Title          string
	AccountType    string
	Status         string // ENABLED, DISABLED, "" when unknown
	Suspended      bool
	SuspendedUntil int64
	Roles          []string
	Known          bool // Status and suspension come from an admin record
	Listed         bool // the admin list holds the user (not only a search or a lookup)
}

func recFromDetail(d pod.UserDetail) userRec {
	a, s := d.UserAttributes, d.UserSystemInfo
	return userRec{
		ID: s.ID, Name: a.DisplayName, Username: a.UserName, Email: a.EmailAddress, Company: a.CompanyName,
		Title: a.Title, AccountType: a.AccountType, Status: s.Status, Suspended: s.Suspended,
		SuspendedUntil: s.SuspendedUntil, Roles: d.Roles, Known: true,
	}
}

func recFromUser(u pod.User) userRec {
	return userRec{
		ID: u.ID, Name: u.DisplayName, Username: u.Username, Email: u.EmailAddress, Company: u.Company,
		Title: u.Title, AccountType: u.AccountType, Roles: u.Roles,
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
