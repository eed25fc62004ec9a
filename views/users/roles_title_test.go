package users

import (
	"testing"

	"symtui/pod"
)

// The grant dialog's sentence goes on after the role's title: its parts
// are sanitized alone, so a hostile id or name cannot swallow the rest.
func TestRoleTitleSanitizesEachPart(t *testing.T) {
	roles := []pod.RoleDetail{{ID: "DESK\x1b]0;x", Name: "Desk\x1bP1$r"}}
	if got := "Grant role " + roleTitle("DESK\x1b]0;x", roles) + " to 2 users"; got != "Grant role DESK (Desk) to 2 users" {
		t.Errorf("%q", got)
	}
}
