package export

import (
	"strings"
	"time"

	"symtui/pod"
)

// UserHeaders are the columns of a list of users: `symtui get users` and
// an export of the console's Users tab write the same, so a script reads
// either.
var UserHeaders = []string{"ID", "USERNAME", "DISPLAY NAME", "EMAIL", "COMPANY", "TITLE", "STATUS"}

// RoomHeaders are the columns of a list of rooms (`symtui get rooms`, the
// console's Rooms tab).
var RoomHeaders = []string{"ID", "NAME", "ACTIVE", "PUBLIC", "MEMBERS", "CREATED"}

// MemberHeaders are the columns of a room's members (`symtui get
// members`, the console's members of a room).
var MemberHeaders = []string{"ID", "DISPLAY NAME", "EMAIL", "OWNER", "JOINED"}

// UserStatus is the STATUS cell of a user: "enabled", "disabled", with
// ",suspended" when suspended; "" when the status is not known.
func UserStatus(status string, suspended bool) string {
	s := strings.ToLower(status)
	if suspended {
		s += ",suspended"
	}
	return s
}

// Millis is an epoch-milliseconds date as RFC 3339 in UTC ("" for 0).
func Millis(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// YesNo is a flag as a cell.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// AuditHeaders are the columns of the audit trail (`symtui get audit`,
// the console's :audit).
var AuditHeaders = []string{"TIME", "ACTION", "INITIATOR", "INITIATOR ID", "TARGET"}

// AuditCells is an audit entry under AuditHeaders.
func AuditCells(e pod.AuditEntry) []string {
	t := e.Timestamp
	if at := e.Time(); !at.IsZero() {
		t = at.UTC().Format(time.RFC3339)
	}
	return []string{t, e.ActionName + " (" + e.Action + ")", e.InitiatorUsername, e.InitiatorID, e.Target()}
}
