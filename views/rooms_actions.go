package views

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// roomFormPayload rides a room Form: create, or edit of Before.
type roomFormPayload struct {
	Edit   bool
	Before pod.Room
}

// setActivePayload rides the deactivate/reactivate Confirm.
type setActivePayload struct {
	ID, Name string
	Active   bool
}

// roomSaved is a room created, updated, deactivated or reactivated.
type roomSaved struct {
	Verb string // "created", "updated", "deactivated", "reactivated"
	Room pod.Room
}

var errKeywords = errors.New("keywords are key=value pairs separated by commas")

// parseKeywords reads "region=EMEA, desk=Rates".
func parseKeywords(s string) ([]pod.RoomTag, error) {
	var out []pod.RoomTag
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, val, ok := strings.Cut(part, "=")
		k, val = strings.TrimSpace(k), strings.TrimSpace(val)
		if !ok || k == "" || val == "" {
			return nil, errKeywords
		}
		out = append(out, pod.RoomTag{Key: k, Value: val})
	}
	return out, nil
}

func formatKeywords(tags []pod.RoomTag) string {
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = t.Key + "=" + t.Value
	}
	return strings.Join(parts, ", ")
}

func validateKeywords(s string) error { _, err := parseKeywords(s); return err }

func (v *Rooms) createForm() tea.Cmd {
	f := ui.NewForm(v.c, "Create room", []ui.Field{
		{Key: "name", Label: "Name", Required: true, CharLimit: 200},
		{Key: "description", Label: "Description", CharLimit: 500},
		{Key: "keywords", Label: "Keywords", Placeholder: "key=value, key=value", Validate: validateKeywords},
		{Key: "public", Label: "Public", Kind: ui.FieldBool},
		{Key: "discoverable", Label: "Discoverable", Kind: ui.FieldBool, Checked: true},
		{Key: "membersCanInvite", Label: "Members invite", Kind: ui.FieldBool, Checked: true},
		{Key: "readOnly", Label: "Read-only", Kind: ui.FieldBool},
		{Key: "copyProtected", Label: "Copy-protected", Kind: ui.FieldBool},
		{Key: "viewHistory", Label: "View history", Kind: ui.FieldBool, Checked: true},
	}, roomFormPayload{})
	return ui.OpenModal(f)
}

// editForm offers what a room update may change (public, read-only and
// copy protection are fixed at creation).
func (v *Rooms) editForm(r pod.Room) tea.Cmd {
	a := r.RoomAttributes
	f := ui.NewForm(v.c, "Edit room "+ui.Sanitize(a.Name), []ui.Field{
		{Key: "name", Label: "Name", Value: a.Name, Required: true, CharLimit: 200},
		{Key: "description", Label: "Description", Value: a.Description, CharLimit: 500},
		{Key: "keywords", Label: "Keywords", Value: formatKeywords(a.Keywords), Placeholder: "key=value, key=value", Validate: validateKeywords},
		{Key: "discoverable", Label: "Discoverable", Kind: ui.FieldBool, Checked: a.Discoverable},
		{Key: "membersCanInvite", Label: "Members invite", Kind: ui.FieldBool, Checked: a.MembersCanInvite},
		{Key: "viewHistory", Label: "View history", Kind: ui.FieldBool, Checked: a.ViewHistory},
	}, roomFormPayload{Edit: true, Before: r})
	return ui.OpenModal(f)
}

// formDone sends the create or update the operator submitted.
func (v *Rooms) formDone(msg ui.FormResultMsg) tea.Cmd {
	p, ok := msg.Payload.(roomFormPayload)
	if !ok || !msg.Submitted {
		return nil
	}
	kws, err := parseKeywords(msg.Values["keywords"])
	if err != nil {
		return ui.Error(err)
	}
	ch := pod.RoomChanges{Keywords: kws}
	str := func(k string) *string { s := msg.Values[k]; return &s }
	flag := func(k string) *bool { b := msg.Bools[k]; return &b }
	ch.Name, ch.Description = str("name"), str("description")
	ch.Discoverable, ch.MembersCanInvite, ch.ViewHistory = flag("discoverable"), flag("membersCanInvite"), flag("viewHistory")
	d := v.d
	if !p.Edit {
		ch.Public, ch.ReadOnly, ch.CopyProtected = flag("public"), flag("readOnly"), flag("copyProtected")
		return ui.Run(RoomsViewID, 0, func() (roomSaved, error) {
			ctx, cancel := d.ctx()
			defer cancel()
			r, err := d.Pod.CreateRoom(ctx, ch)
			return roomSaved{Verb: "created", Room: r}, err
		})
	}
	id := p.Before.RoomSystemInfo.ID
	return ui.Run(RoomsViewID, 0, func() (roomSaved, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		r, err := d.Pod.UpdateRoom(ctx, id, ch)
		return roomSaved{Verb: "updated", Room: r}, err
	})
}

// confirmSetActive asks before deactivating (or reactivating) the room
// under the cursor.
func (v *Rooms) confirmSetActive(active bool) tea.Cmd {
	r, ok := v.cursorRoom()
	if !ok {
		return nil
	}
	if r.RoomSystemInfo.Active == active {
		state := "inactive"
		if active {
			state = "active"
		}
		return ui.Info("room " + ui.Sanitize(r.RoomAttributes.Name) + " is already " + state)
	}
	action := "Deactivate room (no messages, membership locked)"
	if active {
		action = "Reactivate room"
	}
	p := setActivePayload{ID: r.RoomSystemInfo.ID, Name: r.RoomAttributes.Name, Active: active}
	return ui.OpenModal(ui.NewConfirm(v.c, action, []string{r.RoomAttributes.Name}, p))
}

// confirmed runs the action a Confirm approved.
func (v *Rooms) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	switch p := msg.Payload.(type) {
	case setActivePayload:
		if !msg.Confirmed {
			return ui.Info("nothing changed")
		}
		d := v.d
		return ui.Run(RoomsViewID, 0, func() (roomSaved, error) {
			ctx, cancel := d.ctx()
			defer cancel()
			if _, err := d.Pod.SetRoomActive(ctx, p.ID, p.Active); err != nil {
				return roomSaved{}, err
			}
			// setActive answers with the v1 shape; read the full room back.
			r, err := d.Pod.RoomInfo(ctx, p.ID)
			verb := "deactivated"
			if p.Active {
				verb = "reactivated"
			}
			return roomSaved{Verb: verb, Room: r}, err
		})
	case memberOpPayload:
		if v.members == nil {
			return nil
		}
		return v.members.confirmed(p, msg.Confirmed)
	}
	return nil
}

// roomSaved shows the changed room and says what happened.
func (v *Rooms) roomSaved(msg ui.Result[roomSaved]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	r := msg.Value.Room
	id := r.RoomSystemInfo.ID
	info := ui.Info(membersCapitalize(msg.Value.Verb) + " room " + ui.Sanitize(r.RoomAttributes.Name))
	if _, ok := v.rooms[id]; ok {
		v.rooms[id] = r
		row := v.roomRow(r)
		v.table.UpdateRow(id, row.Cells)
		v.detailFor = ""
		v.refreshDetail()
		return info
	}
	// A new room: search again and land on it if it matches.
	v.focusID = id
	return tea.Batch(info, v.search(0))
}
