package users

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// prepPurpose is the action a userPrep gathers data for.
type prepPurpose int

const (
	prepEdit prepPurpose = iota
	prepAddRole
	prepRemoveRole
	prepFeatures
)

// userPrep is what an action needs from the pod before its dialog opens:
// the admin record of each user (one for edit, every target for roles).
type userPrep struct {
	Purpose  prepPurpose
	Recs     []userRec
	Details  []pod.UserDetail // parallel to Recs (not for features)
	Roles    []pod.RoleDetail // the pod's roles (add role)
	Features []pod.Feature
	Note     string // the cursor row was taken, not the marked rows
	Hidden   string // the marked rows the filter hides, left out
}

// userChange is a change made to one user; Detail (when read back)
// refreshes the row.
type userChange struct {
	Text    string // what happened, for the status line
	Warn    string // what the pod did not do as asked (instead of Text)
	ID      int64
	Detail  *pod.UserDetail
	Created bool
	// Form, when the pod refused a form's create or update, is reopened
	// with its values; Failed says what could not be done.
	Form   *ui.Form
	Failed string
	Look   string // a create's email, to look for the user when its outcome is unknown
}

// userFound answers ":user ID|EMAIL".
type userFound struct{ Rec userRec }

// copyDone says what reached the clipboard, and how.
type copyDone struct{ What, Text, How, Note string }

// rolePayload rides the role pickers: the targets, with the roles each has.
type rolePayload struct {
	Add    bool
	Recs   []userRec // Roles fresh from the admin records
	Hidden string    // the marked rows the filter hides, left out
}

// prepare loads what the action needs: roles act on the targets, edit and
// features on the cursor row only.
func (v *Tab) prepare(p prepPurpose) tea.Cmd {
	var recs []userRec
	var note, hidden string
	switch p {
	case prepAddRole, prepRemoveRole:
		var refuse tea.Cmd
		if recs, hidden, refuse = v.targets(); refuse != nil {
			return refuse
		}
	default:
		r, ok := v.cursorRec()
		if !ok {
			return nil
		}
		recs = []userRec{r}
		note = v.cursorOnly([...]string{"edit", "", "", "features"}[p])
	}
	if len(recs) == 0 {
		return nil
	}
	d, cached := v.d, v.roles
	cmd := ui.Run(ViewID, 0, func() (userPrep, error) {
		out := userPrep{Purpose: p, Recs: recs, Roles: cached, Note: note, Hidden: hidden}
		ctx, cancel := d.CallContext()
		defer cancel()
		var err error
		switch p {
		case prepFeatures:
			out.Features, err = d.Pod.UserFeatures(ctx, recs[0].ID)
			return out, err
		case prepAddRole:
			if out.Roles == nil {
				if out.Roles, err = d.Pod.Roles(ctx); err != nil {
					return out, err
				}
			}
		}
		for _, r := range recs {
			// One timeout per user: many marked rows must not share one.
			uctx, ucancel := d.CallContext()
			det, err := d.Pod.UserDetail(uctx, r.ID)
			ucancel()
			if err != nil {
				return out, fmt.Errorf("%s: %w", r.label(), err)
			}
			out.Details = append(out.Details, det)
		}
		return out, nil
	})
	if len(recs) > 1 {
		return tea.Sequence(ui.Info("reading "+strconv.Itoa(len(recs))+" users…"), cmd)
	}
	return cmd
}

// prepared opens the action's dialog.
func (v *Tab) prepared(msg ui.Result[userPrep]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	p := msg.Value
	recs := p.Recs
	if p.Purpose != prepFeatures {
		for i, det := range p.Details {
			recs[i] = recFromDetail(det)
			v.updateRec(recs[i])
		}
	}
	var note tea.Cmd
	if p.Note != "" {
		note = ui.Info(strings.TrimPrefix(p.Note, " · "))
	}
	r := recs[0]
	switch p.Purpose {
	case prepEdit:
		return tea.Batch(note, v.editForm(r, p.Details[0].UserAttributes))
	case prepAddRole:
		v.roles = p.Roles
		return v.rolePicker(true, recs, p.Roles, p.Hidden)
	case prepRemoveRole:
		return v.rolePicker(false, recs, nil, p.Hidden)
	case prepFeatures:
		if len(p.Features) == 0 {
			return ui.Info(r.label() + " has no feature to toggle")
		}
		return tea.Batch(note, ui.OpenModal(newFeaturesModal(v.c, r, p.Features)))
	}
	return nil
}

// picked asks before adding or removing the role chosen: the users it
// changes are named, those it would not change are left out.
func (v *Tab) picked(msg ui.PickerResultMsg) tea.Cmd {
	p, ok := msg.Payload.(rolePayload)
	if !ok || !msg.Picked {
		return nil
	}
	role := msg.Item.ID
	var rs []userRec
	for _, r := range p.Recs {
		if slices.Contains(r.Roles, role) != p.Add {
			rs = append(rs, r)
		}
	}
	skipped := len(p.Recs) - len(rs)
	if p.Add {
		return v.confirmOp(userOpPayload{Op: opAddRole, Role: role}, "Grant role "+roleTitle(role, v.roles)+" to "+tab.Plural(len(rs), "user", "users"),
			rs, skipped, "already holding it", p.Hidden)
	}
	return v.confirmOp(userOpPayload{Op: opRemoveRole, Role: role}, "Remove role "+role+" from "+tab.Plural(len(rs), "user", "users"), rs, skipped, "not holding it", p.Hidden)
}

// confirmed runs what a Confirm approved.
func (v *Tab) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	p, ok := msg.Payload.(userOpPayload)
	if !ok {
		return nil
	}
	if !msg.Confirmed {
		return ui.Info("nothing changed")
	}
	return v.runOp(p)
}

// featuresDone saves the features the operator toggled.
func (v *Tab) featuresDone(msg featuresResultMsg) tea.Cmd {
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
	return v.mutate(msg.Rec, "saving the features of", "features of "+msg.Rec.label()+": "+strings.Join(names, ", "), func(d tab.Deps, ctx context.Context) error {
		return d.Pod.UpdateUserFeatures(ctx, msg.Rec.ID, changed)
	})
}

// mutate runs fn for r, then reads r back for the row; doing is the
// in-flight status.
func (v *Tab) mutate(r userRec, doing, text string, fn func(d tab.Deps, ctx context.Context) error) tea.Cmd {
	d := v.d
	return tea.Sequence(ui.Info(doing+" "+r.label()+"…"), ui.Run(ViewID, 0, func() (userChange, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		if err := fn(d, ctx); err != nil {
			return userChange{ID: r.ID}, err
		}
		out := userChange{Text: text, ID: r.ID}
		if det, err := d.Pod.UserDetail(ctx, r.ID); err == nil {
			out.Detail = &det
		}
		return out, nil
	}))
}

// changed says what happened and shows the user as the pod has it now.
// A change's answer is never stale: it applies whatever the operator did
// meanwhile (only query answers are generation-checked).
func (v *Tab) changed(msg ui.Result[userChange]) tea.Cmd {
	c := msg.Value
	if msg.Err != nil {
		if c.Look != "" {
			if cmd, ok := tab.OutcomeUnknownForm(c.Form, "The user "+ui.Sanitize(c.Look), c.Failed, msg.Err, ui.CommandMsg{Name: "user", Arg: c.Look}); ok {
				return cmd
			}
		}
		if c.Form != nil {
			return tea.Batch(ui.OpenModal(c.Form.Refused(tab.PodReason(msg.Err))), ui.Error(fmt.Errorf("%s: %w", c.Failed, msg.Err)))
		}
		return ui.Error(msg.Err)
	}
	if c.Detail != nil {
		r := recFromDetail(*c.Detail)
		if _, known := v.recs[r.ID]; !known || c.Created {
			v.show(r)
		} else {
			v.updateRec(r)
		}
	}
	said := ui.Info(c.Text)
	if c.Warn != "" {
		said = ui.Warn(c.Warn)
	}
	return tea.Batch(said, v.refreshDetail(c.ID))
}

// startIM opens (or finds) the IM with the user under the cursor.
func (v *Tab) startIM() tea.Cmd {
	r, ok := v.cursorRec()
	if !ok {
		return nil
	}
	d, note := v.d, v.cursorOnly("IM")
	return ui.Run(ViewID, 0, func() (userChange, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		sid, err := d.Pod.CreateIM(ctx, r.ID)
		return userChange{ID: r.ID, Text: "IM with " + r.label() + ": stream " + sid + note}, err
	})
}

var errNoEmail = errors.New("this user has no email address")

// copyCmd copies the id or the email of the user under the cursor, and
// nothing else.
func (v *Tab) copyCmd(what string) tea.Cmd {
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
	fn, note := v.copyText, v.cursorOnly("copy")
	return ui.Run(ViewID, 0, func() (copyDone, error) {
		how, err := fn(text)
		return copyDone{What: what, Text: text, How: how, Note: note}, err
	})
}

// lookup finds a user by id, email or username for ":user".
func (v *Tab) lookup(arg string) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, 0, func() (userFound, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		id, err := tab.ResolveUserRef(ctx, d.Pod, arg)
		if err != nil {
			return userFound{}, errors.New("user " + strconv.Quote(arg) + ": " + err.Error())
		}
		if mayCall(d, epUserDetail) {
			if det, err := d.Pod.UserDetail(ctx, id); err == nil {
				return userFound{Rec: recFromDetail(det)}, nil
			}
		}
		list, err := d.Pod.UsersByID(ctx, []int64{id}, pod.LookupOptions{})
		if err != nil {
			return userFound{}, err
		}
		if len(list.Users) == 0 {
			return userFound{}, errors.New("user " + strconv.Quote(arg) + ": " + tab.ErrNoSuchUser.Error())
		}
		return userFound{Rec: recFromUser(list.Users[0])}, nil
	})
}

// found1 shows the user ":user" asked for, with its detail pane open.
func (v *Tab) found1(msg ui.Result[userFound]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	r := msg.Value.Rec
	tab.PresenceInterest(v.d, v.selfID, []int64{r.ID})
	tab.WatchPresence(v.d, []int64{r.ID})
	if !v.table.SetCursor(r.key()) {
		v.show(r)
	} else {
		v.updateRec(r)
	}
	if !v.detail.open {
		v.detail.open = true
		v.layout()
	}
	return v.scheduleDetail()
}
