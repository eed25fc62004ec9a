package users

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// roleRank orders roles least privileged first, so the role picker never
// opens with an administrator role under its highlight (enter picks it).
// Roles the console does not know sit in the middle, or with the
// administrators when their id says so.
func roleRank(id string) int {
	switch id {
	case "INDIVIDUAL":
		return 0
	case "CONTENT_MANAGEMENT", "L1_SUPPORT":
		return 1
	case "L2_SUPPORT", "EF_POLICY_MANAGEMENT", "SCOPE_MANAGEMENT":
		return 2
	case "COMPLIANCE_OFFICER", "USER_PROVISIONING":
		return 3
	case "SUPER_COMPLIANCE_OFFICER":
		return 4
	case "ADMINISTRATOR":
		return 5
	case "SUPER_ADMINISTRATOR":
		return 6
	}
	switch {
	case strings.Contains(id, "ADMIN"):
		return 5
	case strings.HasPrefix(id, "SUPER_"):
		return 4
	}
	return 2
}

// privilegedRole: a role that administers the pod.
func privilegedRole(id string) bool { return roleRank(id) >= 5 }

// roleTitle is "ID (Name)" when the pod named the role, each part
// sanitized alone: the dialog's sentence goes on after it.
func roleTitle(id string, roles []pod.RoleDetail) string {
	for _, r := range roles {
		if r.ID == id && r.Name != "" && r.Name != id {
			return ui.Sanitize(id) + " (" + ui.Sanitize(r.Name) + ")"
		}
	}
	return ui.Sanitize(id)
}

// rolePicker offers the roles that would change at least one of recs:
// those some lack (add) or some have (remove), least privileged first.
func (v *Tab) rolePicker(add bool, recs []userRec, all []pod.RoleDetail, hidden string) tea.Cmd {
	have := map[string]int{}
	for _, r := range recs {
		for _, role := range r.Roles {
			have[role]++
		}
	}
	var ids []string
	names := map[string]string{}
	if add {
		for _, role := range all {
			if have[role.ID] < len(recs) {
				ids = append(ids, role.ID)
				names[role.ID] = role.Name
			}
		}
	} else {
		for role := range have {
			ids = append(ids, role)
		}
	}
	who := recs[0].label()
	if len(recs) > 1 {
		who = fmt.Sprintf("%d users", len(recs))
	}
	if len(ids) == 0 {
		if add {
			return ui.Info(who + ": every role is held already")
		}
		return ui.Info(who + ": no role to remove")
	}
	slices.SortStableFunc(ids, func(a, b string) int {
		if d := roleRank(a) - roleRank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	items := make([]ui.PickerItem, len(ids))
	for i, id := range ids {
		detail := names[id]
		if len(recs) > 1 {
			detail = joinNonEmpty(" · ", detail, fmt.Sprintf("%d of %d have it", have[id], len(recs)))
		}
		if privilegedRole(id) {
			detail = joinNonEmpty(" · ", detail, "pod admin")
		}
		items[i] = ui.PickerItem{ID: id, Label: id, Detail: detail}
	}
	title, pickerID := "Add a role to "+who, "users-add-role"
	if !add {
		title, pickerID = "Remove a role from "+who, "users-remove-role"
	}
	return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
		ID: pickerID, Title: title, Placeholder: "role", Items: items,
		Payload: rolePayload{Add: add, Recs: recs, Hidden: hidden},
	}))
}
