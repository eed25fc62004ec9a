package views

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// prepPurpose is the action a userPrep gathers data for.
type prepPurpose int

const (
	prepEdit prepPurpose = iota
	prepAddRole
	prepRemoveRole
	prepFeatures
)

// userPrep is what an action needs from the pod before its dialog opens.
type userPrep struct {
	Purpose  prepPurpose
	Rec      userRec
	Detail   pod.UserDetail
	Roles    []pod.RoleDetail // the pod's roles (add role)
	Features []pod.Feature
}

// userChange is a change made to a user; Detail (when read back) refreshes
// the row.
type userChange struct {
	Text    string // what happened, for the status line
	ID      int64
	Detail  *pod.UserDetail
	Created bool
}

// userFound answers ":user ID|EMAIL".
type userFound struct{ Rec userRec }

// copyDone says what reached the clipboard, and how.
type copyDone struct{ What, Text, How string }

// Payloads riding the dialogs.
type (
	rolePayload struct {
		Add   bool
		Rec   userRec
		Roles []string // remove: the user's roles
	}
	roleRemovePayload struct {
		Rec  userRec
		Role string
	}
	statusPayload struct {
		Rec    userRec
		Status string
	}
	suspendPayload struct {
		Rec    userRec
		Lift   bool
		Reason string
		Until  time.Time
	}
)

// prepare loads what the action needs for the user under the cursor.
func (v *Users) prepare(p prepPurpose) tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	d, cached := v.d, v.roles
	return ui.Run(UsersViewID, 0, func() (userPrep, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		out := userPrep{Purpose: p, Rec: r, Roles: cached}
		var err error
		switch p {
		case prepFeatures:
			out.Features, err = d.Pod.UserFeatures(ctx, r.ID)
			return out, err
		case prepAddRole:
			if out.Roles == nil {
				if out.Roles, err = d.Pod.Roles(ctx); err != nil {
					return out, err
				}
			}
		}
		out.Detail, err = d.Pod.UserDetail(ctx, r.ID)
		return out, err
	})
}

// prepared opens the action's dialog.
func (v *Users) prepared(msg ui.Result[userPrep]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	p := msg.Value
	r := p.Rec
	if p.Purpose != prepFeatures {
		r = recFromDetail(p.Detail)
		v.updateRec(r)
	}
	switch p.Purpose {
	case prepEdit:
		return v.editForm(r, p.Detail.UserAttributes)
	case prepAddRole:
		v.roles = p.Roles
		items := []ui.PickerItem{}
		for _, role := range p.Roles {
			if !slices.Contains(p.Detail.Roles, role.ID) {
				items = append(items, ui.PickerItem{ID: role.ID, Label: role.ID, Detail: role.Name})
			}
		}
		if len(items) == 0 {
			return ui.Info(r.label() + " has every role already")
		}
		return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
			ID: "users-add-role", Title: "Add a role to " + r.label(), Placeholder: "role", Items: items,
			Payload: rolePayload{Add: true, Rec: r},
		}))
	case prepRemoveRole:
		if len(p.Detail.Roles) == 0 {
			return ui.Info(r.label() + " has no role")
		}
		items := make([]ui.PickerItem, len(p.Detail.Roles))
		for i, role := range p.Detail.Roles {
			items[i] = ui.PickerItem{ID: role, Label: role}
		}
		return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
			ID: "users-remove-role", Title: "Remove a role from " + r.label(), Placeholder: "role", Items: items,
			Payload: rolePayload{Rec: r, Roles: p.Detail.Roles},
		}))
	case prepFeatures:
		if len(p.Features) == 0 {
			return ui.Info(r.label() + " has no feature to toggle")
		}
		return ui.OpenModal(newFeaturesModal(v.c, r, p.Features))
	}
	return nil
}

// picked handles a role chosen in a picker: adding goes ahead (nothing is
// lost), removing asks first.
func (v *Users) picked(msg ui.PickerResultMsg) tea.Cmd {
	p, ok := msg.Payload.(rolePayload)
	if !ok || !msg.Picked {
		return nil
	}
	role := msg.Item.ID
	if !p.Add {
		return ui.OpenModal(ui.NewConfirm(v.c, "Remove role "+role+" from user", []string{p.Rec.label()},
			roleRemovePayload{Rec: p.Rec, Role: role}))
	}
	return v.mutate(p.Rec, "added role "+role+" to "+p.Rec.label(), func(d Deps, ctx context.Context) error {
		return d.Pod.AddRole(ctx, p.Rec.ID, role)
	})
}

// confirmStatus asks before enabling or disabling the user under the cursor.
func (v *Users) confirmStatus(status string) tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	if r.Status == status {
		return ui.Info(r.label() + " is already " + strings.ToLower(status))
	}
	action := "Disable user (they can no longer sign in)"
	if status == pod.UserEnabled {
		action = "Enable user"
	}
	return ui.OpenModal(ui.NewConfirm(v.c, action, []string{r.label()}, statusPayload{Rec: r, Status: status}))
}

// suspendOrLift opens the suspension form, or asks before lifting one.
func (v *Users) suspendOrLift() tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	if r.Suspended {
		return ui.OpenModal(ui.NewConfirm(v.c, "Lift the suspension of user", []string{r.label()}, suspendPayload{Rec: r, Lift: true}))
	}
	return v.suspendForm(r)
}

// confirmed runs what a Confirm approved.
func (v *Users) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	if !msg.Confirmed {
		switch msg.Payload.(type) {
		case statusPayload, roleRemovePayload, suspendPayload:
			return ui.Info("nothing changed")
		}
		return nil
	}
	switch p := msg.Payload.(type) {
	case statusPayload:
		verb := "disabled "
		if p.Status == pod.UserEnabled {
			verb = "enabled "
		}
		return v.mutate(p.Rec, verb+p.Rec.label(), func(d Deps, ctx context.Context) error {
			return d.Pod.UpdateUserStatus(ctx, p.Rec.ID, p.Status)
		})
	case roleRemovePayload:
		return v.mutate(p.Rec, "removed role "+p.Role+" from "+p.Rec.label(), func(d Deps, ctx context.Context) error {
			return d.Pod.RemoveRole(ctx, p.Rec.ID, p.Role)
		})
	case suspendPayload:
		if p.Lift {
			return v.mutate(p.Rec, "lifted the suspension of "+p.Rec.label(), func(d Deps, ctx context.Context) error {
				return d.Pod.UnsuspendUser(ctx, p.Rec.ID)
			})
		}
		return v.mutate(p.Rec, "suspended "+p.Rec.label()+" until "+p.Until.UTC().Format("2006-01-02 15:04"), func(d Deps, ctx context.Context) error {
			return d.Pod.SuspendUser(ctx, p.Rec.ID, p.Reason, p.Until)
		})
	}
	return nil
}

// featuresDone saves the features the operator toggled.
func (v *Users) featuresDone(msg featuresResultMsg) tea.Cmd {
	if !msg.Saved {
		return nil
	}
	if len(msg.Changed) == 0 {
		return ui.Info("no feature changed")
	}
	names := make([]string, len(msg.Changed))
	for i, f := range msg.Changed {
		state := "off"
		if f.Enabled {
			state = "on"
		}
		names[i] = f.Entitlement + " " + state
	}
	changed := msg.Changed
	return v.mutate(msg.Rec, "features of "+msg.Rec.label()+": "+strings.Join(names, ", "), func(d Deps, ctx context.Context) error {
		return d.Pod.UpdateUserFeatures(ctx, msg.Rec.ID, changed)
	})
}

// mutate runs fn for r, then reads r back for the row.
func (v *Users) mutate(r userRec, text string, fn func(d Deps, ctx context.Context) error) tea.Cmd {
	d := v.d
	return ui.Run(UsersViewID, 0, func() (userChange, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		if err := fn(d, ctx); err != nil {
			return userChange{ID: r.ID}, err
		}
		out := userChange{Text: text, ID: r.ID}
		if det, err := d.Pod.UserDetail(ctx, r.ID); err == nil {
			out.Detail = &det
		}
		return out, nil
	})
}

// changed says what happened and shows the user as the pod has it now.
func (v *Users) changed(msg ui.Result[userChange]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	c := msg.Value
	if c.Detail != nil {
		r := recFromDetail(*c.Detail)
		if _, known := v.recs[r.ID]; !known || c.Created {
			v.recs[r.ID] = r
			v.pending[r.ID] = r
			v.focusID = r.ID
			if v.mode == usersSearch {
				v.query = ""
				v.showList()
			} else {
				v.setRows()
			}
		} else {
			v.updateRec(r)
		}
	}
	return tea.Batch(ui.Info(c.Text), v.refreshDetail(c.ID))
}

// startIM opens (or finds) the IM with the user under the cursor.
func (v *Users) startIM() tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	d := v.d
	return ui.Run(UsersViewID, 0, func() (userChange, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		sid, err := d.Pod.CreateIM(ctx, r.ID)
		return userChange{ID: r.ID, Text: "IM with " + r.label() + ": stream " + sid}, err
	})
}

var errNoEmail = errors.New("this user has no email address")

// copyCmd copies the id or the email of the user under the cursor, and
// nothing else.
func (v *Users) copyCmd(what string) tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	text := strconv.FormatInt(r.ID, 10)
	if what == "email" {
		if r.Email == "" {
			return ui.Error(errNoEmail)
		}
		text = ui.Sanitize(r.Email)
	}
	fn := v.copyText
	return ui.Run(UsersViewID, 0, func() (copyDone, error) {
		how, err := fn(text)
		return copyDone{What: what, Text: text, How: how}, err
	})
}

// lookup finds a user by id, email or username for ":user".
func (v *Users) lookup(arg string) tea.Cmd {
	d := v.d
	return ui.Run(UsersViewID, 0, func() (userFound, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		id, err := resolveUserRef(ctx, d.Pod, arg)
		if err != nil {
			return userFound{}, errors.New("user " + strconv.Quote(arg) + ": " + err.Error())
		}
		if det, err := d.Pod.UserDetail(ctx, id); err == nil {
			return userFound{Rec: recFromDetail(det)}, nil
		}
		list, err := d.Pod.UsersByID(ctx, []int64{id}, pod.LookupOptions{})
		if err != nil {
			return userFound{}, err
		}
		if len(list.Users) == 0 {
			return userFound{}, errors.New("user " + strconv.Quote(arg) + ": " + errNoSuchUser.Error())
		}
		return userFound{Rec: recFromUser(list.Users[0])}, nil
	})
}

// found1 shows the user ":user" asked for, with its detail pane open.
func (v *Users) found1(msg ui.Result[userFound]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	r := msg.Value.Rec
	v.recs[r.ID] = r
	presenceInterest(v.d, v.selfID, []int64{r.ID})
	if !v.table.SetCursor(r.key()) {
		if v.mode == usersSearch {
			v.query = ""
			v.showList()
		}
		if _, listed := v.pos[r.ID]; !listed {
			v.pending[r.ID] = r
		}
		v.focusID = r.ID
		v.table.SetFilter("")
		v.setRows()
	} else {
		v.updateRec(r)
	}
	if !v.detail.open {
		v.detail.open = true
		v.layout()
	}
	return v.scheduleDetail()
}
