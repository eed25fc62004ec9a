package rooms

import (
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

// roomFormPayload rides a room Form: create, or edit of Before.
type roomFormPayload struct {
	Edit   bool
	Before pod.Room
}

// setActivePayload rides the deactivate/reactivate Confirm: the rooms'
// ids and names, copied.
type setActivePayload struct {
	IDs, Names []string
	Active     bool
}

// roomSaved is a room created or updated (deactivating and reactivating
// are bulk changes: setactive.go).
type roomSaved struct {
	Verb  string   // "created", "updated"
	Tried []string // the room's name, as the operator knew it
	Rooms []pod.Room
	// Said names what an update changed; Kept what the pod did not take.
	Said, Kept string
	// Form is the create or edit form to reopen when the pod refuses it.
	Form *ui.Form
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

func (v *Tab) createForm() tea.Cmd {
	f := ui.NewForm(v.c, "Create room", []ui.Field{
		{Key: "name", Label: "Name", Required: true, CharLimit: 200},
		{Key: "description", Label: "Description", CharLimit: 500},
		{Key: "keywords", Label: "Keywords", Placeholder: "key=value, key=value", Validate: validateKeywords, Names: []string{"keyword"}},
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
// copy protection are fixed at creation), from the room as the pod holds
// it. Only the fields changed are sent: an emptied description or keyword
// list clears it; the name cannot be cleared.
func (v *Tab) editForm(r pod.Room) tea.Cmd {
	a := r.RoomAttributes
	f := ui.NewEditForm(v.c, "Edit room "+ui.Sanitize(a.Name), []ui.Field{
		{Key: "name", Label: "Name", Value: a.Name, Required: true, CharLimit: 200},
		{Key: "description", Label: "Description", Value: a.Description, CharLimit: 500},
		{Key: "keywords", Label: "Keywords", Value: formatKeywords(a.Keywords), Placeholder: "key=value, key=value", Validate: validateKeywords, Names: []string{"keyword"}},
		{Key: "discoverable", Label: "Discoverable", Kind: ui.FieldBool, Checked: a.Discoverable},
		{Key: "membersCanInvite", Label: "Members invite", Kind: ui.FieldBool, Checked: a.MembersCanInvite},
		{Key: "viewHistory", Label: "View history", Kind: ui.FieldBool, Checked: a.ViewHistory},
	}, roomFormPayload{Edit: true, Before: r})
	return ui.OpenModal(f)
}

// roomFieldValue is an edit form's field in a room as the pod reports it
// (toggles as "on"/"off").
func roomFieldValue(a pod.RoomAttributes, key string) string {
	switch key {
	case "name":
		return a.Name
	case "description":
		return a.Description
	case "keywords":
		return formatKeywords(a.Keywords)
	case "discoverable":
		return tab.OnOff(a.Discoverable)
	case "membersCanInvite":
		return tab.OnOff(a.MembersCanInvite)
	case "viewHistory":
		return tab.OnOff(a.ViewHistory)
	}
	return ""
}

// roomForEdit is a room read afresh before its edit form opens: the list
// may describe it only in part (the admin list has no keywords or flags),
// and a form filled from that would reset them.
type roomForEdit struct {
	Name string
	Room pod.Room
}

func (v *Tab) loadForEdit(r pod.Room) tea.Cmd {
	d, id, name := v.d, r.RoomSystemInfo.ID, r.RoomAttributes.Name
	return ui.Run(ViewID, 0, func() (roomForEdit, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		full, err := d.Pod.RoomInfo(ctx, id)
		return roomForEdit{Name: name, Room: full}, err
	})
}

// roomCopied says which stream id reached the clipboard, and how.
type roomCopied struct{ ID, How string }

// copyID copies the stream id of the room under the cursor.
func (v *Tab) copyID() tea.Cmd {
	r, ok := v.cursorRoom()
	if !ok {
		return nil
	}
	fn, id := v.copyText, r.RoomSystemInfo.ID
	return ui.Run(ViewID, 0, func() (roomCopied, error) {
		how, err := fn(id)
		return roomCopied{ID: id, How: how}, err
	})
}

// formDone sends the create or update the operator submitted.
func (v *Tab) formDone(msg ui.FormResultMsg) tea.Cmd {
	p, ok := msg.Payload.(roomFormPayload)
	if !ok || !msg.Submitted {
		return nil
	}
	if p.Edit {
		return v.saveEdit(p.Before, msg)
	}
	kws, err := parseKeywords(msg.Values["keywords"])
	if err != nil {
		return ui.Error(err)
	}
	str := func(k string) *string { s := msg.Values[k]; return &s }
	flag := func(k string) *bool { b := msg.Bools[k]; return &b }
	ch := pod.RoomChanges{Name: str("name"), Description: str("description")}
	if len(kws) > 0 {
		ch.Keywords = &kws
	}
	ch.Discoverable, ch.MembersCanInvite, ch.ViewHistory = flag("discoverable"), flag("membersCanInvite"), flag("viewHistory")
	ch.Public, ch.ReadOnly, ch.CopyProtected = flag("public"), flag("readOnly"), flag("copyProtected")
	d, name, form := v.d, *ch.Name, msg.Form
	return tea.Sequence(ui.Info("creating room "+ui.Sanitize(name)+"…"), ui.Run(ViewID, 0, func() (roomSaved, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		r, err := d.Pod.CreateRoom(ctx, ch)
		return roomSaved{Verb: "created", Rooms: []pod.Room{r}, Tried: []string{name}, Form: form}, err
	}))
}

// saveEdit sends the fields an edit form changed, and only those: the
// room's other attributes are left as the pod has them.
func (v *Tab) saveEdit(before pod.Room, msg ui.FormResultMsg) tea.Cmd {
	id, name := before.RoomSystemInfo.ID, before.RoomAttributes.Name
	if len(msg.Changes) == 0 {
		return ui.Info("nothing changed: room " + ui.Sanitize(name) + " left as the pod has it")
	}
	changes := slices.Clone(msg.Changes)
	var ch pod.RoomChanges
	for i, c := range changes {
		val, on := c.New, c.NewOn
		switch c.Key {
		case "name":
			ch.Name = &val
		case "description":
			ch.Description = &val
		case "keywords":
			kws, err := parseKeywords(val)
			if err != nil {
				return ui.Error(err)
			}
			if kws == nil {
				kws = []pod.RoomTag{} // sent as [], which clears them
			}
			ch.Keywords = &kws
			changes[i].New = formatKeywords(kws) // as the pod will report them
		case "discoverable":
			ch.Discoverable = &on
		case "membersCanInvite":
			ch.MembersCanInvite = &on
		case "viewHistory":
			ch.ViewHistory = &on
		}
	}
	d, form := v.d, msg.Form
	return tea.Sequence(ui.Info("updating room "+ui.Sanitize(name)+"…"), ui.Run(ViewID, 0, func() (roomSaved, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		r, err := d.Pod.UpdateRoom(ctx, id, ch)
		res := roomSaved{Verb: "updated", Rooms: []pod.Room{r}, Tried: []string{name}, Form: form, Said: tab.ChangesSaid(changes)}
		if err == nil {
			res.Kept = tab.ChangesKept(changes, func(key string) string { return roomFieldValue(r.RoomAttributes, key) })
		}
		return res, err
	}))
}

// confirmSetActive asks before deactivating (or reactivating) the marked
// rooms, or the one under the cursor. Rooms already in that state are left
// out and said so.
func (v *Tab) confirmSetActive(active bool) tea.Cmd {
	state := "inactive"
	if active {
		state = "active"
	}
	if refuse := tab.AllMarksHidden(v.table); refuse != nil {
		return refuse
	}
	var p setActivePayload
	p.Active = active
	skipped := 0
	for _, id := range v.table.Targets() {
		r, ok := v.rooms[id]
		if !ok {
			continue
		}
		if r.RoomSystemInfo.Active == active {
			skipped++
			continue
		}
		p.IDs = append(p.IDs, id)
		p.Names = append(p.Names, r.RoomAttributes.Name)
	}
	if len(p.IDs) == 0 {
		if skipped == 1 {
			r, _ := v.cursorRoom()
			if ids := v.table.Marked(); len(ids) == 1 {
				r = v.rooms[ids[0]]
			}
			return ui.Info("room " + ui.Sanitize(r.RoomAttributes.Name) + " is already " + state)
		}
		if skipped > 1 {
			return ui.Info(fmt.Sprintf("the %d marked rooms are already %s", skipped, state))
		}
		return nil
	}
	action := "Deactivate " + tab.Plural(len(p.IDs), "room", "rooms") + " (no messages, membership locked)"
	if active {
		action = "Reactivate " + tab.Plural(len(p.IDs), "room", "rooms")
	}
	return ui.OpenModal(ui.NewConfirm(v.c, action, p.Names, p).Notes(tab.LeftOut(skipped, "already "+state), tab.HiddenLeftOut(v.table)))
}

// confirmed runs the action a Confirm approved.
func (v *Tab) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	switch p := msg.Payload.(type) {
	case setActivePayload:
		if !msg.Confirmed {
			return ui.Info("nothing changed")
		}
		return v.runSetActive(p)
	case memberOpPayload:
		return v.memberOpConfirmed(p, msg.Confirmed)
	case setPlanned:
		return v.setConfirmed(p, msg.Confirmed)
	}
	return nil
}

// roomsWho names one room, or counts several.
func roomsWho(names []string) string {
	if len(names) == 1 {
		return "room " + ui.Sanitize(names[0])
	}
	return fmt.Sprintf("%d rooms", len(names))
}

// roomSaved applies a change whatever the list shows now (a change is not
// a query: it is never stale) and says what happened, the pod's reason
// first when it refused.
func (v *Tab) roomSaved(msg ui.Result[roomSaved]) tea.Cmd {
	res := msg.Value
	if msg.Err != nil {
		err := fmt.Errorf("cannot %s %s: %s", roomVerbBase(res.Verb), roomsWho(res.Tried), ui.Sanitize(tab.PodReason(msg.Err)))
		if res.Verb == "created" {
			what, failed := "The room "+strconv.Quote(ui.Sanitize(res.Tried[0])), "cannot create "+roomsWho(res.Tried)
			if cmd, ok := tab.OutcomeUnknownForm(res.Form, what, failed, msg.Err, ui.CommandMsg{Name: "room", Arg: res.Tried[0]}); ok {
				return cmd
			}
		}
		if res.Form != nil {
			return tea.Batch(ui.OpenModal(res.Form.Refused(tab.PodReason(msg.Err))), ui.Error(err))
		}
		return ui.Error(err)
	}
	var cmds []tea.Cmd
	for _, r := range res.Rooms {
		id := r.RoomSystemInfo.ID
		if _, ok := v.rooms[id]; ok {
			v.updateRoom(r)
		} else if res.Verb == "created" {
			// A new room of the pod: the list has it at once; a search
			// runs again and lands on it if it matches.
			v.focusID = id
			v.addRooms(v.list, []pod.Room{r}, nil)
			if v.table == v.found {
				cmds = append(cmds, v.search(0))
			}
		}
	}
	done := tab.Capitalize(res.Verb) + " "
	if res.Said != "" { // what changed first: a long name must not push it off the status line
		done += res.Said + " for "
	}
	if len(res.Rooms) == 1 {
		done += "room " + ui.Sanitize(res.Rooms[0].RoomAttributes.Name)
	} else {
		done += fmt.Sprintf("%d rooms", len(res.Rooms))
	}
	if res.Kept != "" {
		return tea.Batch(append(cmds, ui.Warn(done+", but the pod "+res.Kept))...)
	}
	return tea.Batch(append(cmds, ui.Info(done))...)
}

// roomVerbBase turns "deactivated" into "deactivate".
func roomVerbBase(past string) string {
	return strings.TrimSuffix(past, "d")
}
