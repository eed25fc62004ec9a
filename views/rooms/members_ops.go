package rooms

import (
	"context"
	"fmt"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// memberOp is a membership change.
type memberOp int

const (
	opAddMember memberOp = iota
	opRemoveMember
	opPromoteMember
	opDemoteMember
)

// past is what the status line says was done ("removed").
func (o memberOp) past() string {
	return [...]string{"added", "removed", "promoted to owner", "demoted"}[o]
}

// verb is the change in a sentence: "cannot remove …".
func (o memberOp) verb() string {
	return [...]string{"add", "remove", "promote", "demote"}[o]
}

// doing is the change while in flight: "removing 2 members…".
func (o memberOp) doing() string {
	return [...]string{"adding", "removing", "promoting", "demoting"}[o]
}

// action heads the confirm dialog; it names the room.
func (o memberOp) action(room string) string {
	return [...]string{"Add to ", "Remove from ", "Make owner of ", "Demote owner of "}[o] + ui.Sanitize(room)
}

// memberOpPayload rides a Confirm (or the bulk preview) and is what runs
// once confirmed: copied ids and names, never the model.
type memberOpPayload struct {
	Op               memberOp
	RoomID, RoomName string
	IDs              []int64
	Vias             []membership.Via // each change's endpoint (none: the room's own)
	Labels           []string
	Shown            []string // the dialog's "Name <email>"
	// HeldBack is the console's own account when a change of several left
	// it out (0: none): unmarked with the rows done, so that its mark
	// alone does not carry the next key.
	HeldBack int64
}

// memberOpDone reports a change: what the pod did with each target.
type memberOpDone struct {
	Payload memberOpPayload
	Report  bulk.Report
}

// confirmOp asks before removing, promoting or demoting the targets. Rows
// the change does not apply to (promoting an owner) are left out and said so.
func (m *roomMembers) confirmOp(op memberOp) tea.Cmd {
	if cmd := m.refuseWhenLocked(); cmd != nil {
		return cmd
	}
	var ids []int64
	var labels, names []string // the dialog's "Name <email>", the status line's names
	skipped := 0
	ts, hidden, refuse := m.targets()
	if refuse != nil {
		return refuse
	}
	self := "" // the console's own account, held back from a change of many
	for _, mi := range ts {
		if op == opPromoteMember && mi.Owner || op == opDemoteMember && !mi.Owner {
			skipped++
			continue
		}
		if m.holdsBack(op, len(ts), mi.ID) {
			self = m.label(mi.ID)
			continue
		}
		ids = append(ids, mi.ID)
		labels = append(labels, m.targetLabel(mi.ID))
		names = append(names, m.label(mi.ID))
	}
	if len(ids) == 0 {
		if self != "" {
			return ui.Info("nothing done: " + selfNote(op, self))
		}
		if skipped > 0 {
			what := "already an owner"
			if op == opDemoteMember {
				what = "not an owner"
			}
			return ui.Info(tab.Plural(skipped, "the member is "+what, "the %d members are each "+what))
		}
		return nil
	}
	p, refused, why := m.routed(op, ids, labels, names)
	if len(p.IDs) == 0 {
		return refusedCmd(op, m.roomName, why)
	}
	skipWhy := tab.Plural(skipped, "owner", "owners")
	if op == opDemoteMember {
		skipWhy = tab.Plural(skipped, "non-owner", "non-owners")
	}
	if self != "" {
		p.HeldBack = m.selfID
	}
	return ui.OpenModal(ui.NewConfirm(m.c, op.action(m.roomName)+p.viaNote(), p.Shown, p).
		Notes(tab.LeftOut(skipped, skipWhy), leftOut(refused, why), selfNote(op, self), m.ownNote(op, p.IDs), hidden))
}

// ownNote warns when the change's only target is the console's own
// account: the console leaves the room, or no longer owns it.
func (m *roomMembers) ownNote(op memberOp, ids []int64) string {
	if len(ids) != 1 || ids[0] != m.selfID || m.selfID == 0 {
		return ""
	}
	switch op {
	case opRemoveMember:
		return "this is the account this console signs in as: the console leaves the room"
	case opDemoteMember:
		return "this is the account this console signs in as: the console no longer owns the room"
	}
	return ""
}

// holdsBack: a remove or demote of several members leaves out the account
// the console signs in as, as members set does without --include-self: one
// ctrl+a must not take the console's own rights in the room. Chosen alone
// (the cursor row, one mark) it goes ahead: that is leaving the room, or
// stepping down, on purpose.
func (m *roomMembers) holdsBack(op memberOp, targets int, id int64) bool {
	return targets > 1 && id == m.selfID && m.selfID != 0 && (op == opRemoveMember || op == opDemoteMember)
}

// selfNote says the console's own account (label) was held back.
func selfNote(op memberOp, label string) string {
	if label == "" {
		return ""
	}
	return label + ", the account this console signs in as, is left out (" + op.verb() + " it on its own to include it)"
}

// refuseWhenLocked says why nothing can change in an inactive room ("If
// false, ... membership is locked") instead of letting the pod refuse.
func (m *roomMembers) refuseWhenLocked() tea.Cmd {
	if m.active {
		return nil
	}
	return ui.Warn(ui.Sanitize(m.roomName) + " is inactive, so its membership is locked: reactivate the room first")
}

// memberOpConfirmed runs a confirmed change, one call per user, a few at
// a time (tab.StartJob): its progress shows in the view and esc stops it.
func (v *Tab) memberOpConfirmed(p memberOpPayload, yes bool) tea.Cmd {
	if !yes {
		return ui.Info("nothing changed")
	}
	if v.members == nil || p.RoomID != v.members.roomID {
		return nil
	}
	if v.job != nil {
		return v.job.Busy(v.c.Keys.Global.Back.Help().Key)
	}
	d := v.d
	who := fmt.Sprintf("%d members", len(p.IDs))
	if len(p.IDs) == 1 {
		who = ui.Sanitize(p.Labels[0])
	}
	inFlight := ui.Info(p.Op.doing() + " " + who + "…")
	job, run := tab.StartJob(ViewID, d, p.Op.doing(), len(p.IDs), func(ctx context.Context, opts bulk.Options) (memberOpDone, error) {
		x := membership.Executor{Pod: d.Pod}
		rep := bulk.Run(ctx, len(p.IDs), opts, func(ctx context.Context, i int) error {
			return x.Call(ctx, p.change(i))
		})
		return memberOpDone{Payload: p, Report: rep}, nil
	})
	v.job = job
	return tea.Sequence(inFlight, run)
}

// memberOpStatus says what a change did. A change of one member leads with
// the pod's reason when refused, kept short so that the status line shows
// it whole; a bulk change counts done, failed (by reason) and not attempted.
func memberOpStatus(r memberOpDone) tea.Cmd {
	p, rep := r.Payload, r.Report
	room := ui.Sanitize(p.RoomName)
	if len(p.IDs) != 1 {
		s := tab.Summary{Past: p.Op.past(), One: "member", Many: "members", Where: " (" + room + ")"}
		return s.Say(rep, func(i int) string { return p.Labels[i] })
	}
	switch {
	case len(rep.Done) == 1:
		return ui.Info(fmt.Sprintf("%s %s (%s)", tab.Capitalize(p.Op.past()), p.Labels[0], room))
	case len(rep.Failed) == 1:
		return ui.Error(fmt.Errorf("cannot %s %s: %s", p.Op.verb(), ui.Sanitize(p.Labels[0]), ui.Sanitize(tab.PodReason(rep.Failed[0].Err))))
	}
	return ui.Warn(fmt.Sprintf("stopped: %s was not %s", ui.Sanitize(p.Labels[0]), p.Op.past()))
}

// addPickerID tells the member picker's queries from other pickers'.
const addPickerID = "rooms.add-member"

// addPick rides the member picker.
type addPick struct{ RoomID string }

func (m *roomMembers) openPicker() tea.Cmd {
	if cmd := m.refuseWhenLocked(); cmd != nil {
		return cmd
	}
	if cmd := m.refuseAdd(); cmd != nil {
		return cmd
	}
	p := ui.NewPicker(m.c, ui.PickerOptions{
		ID:          addPickerID,
		Title:       "Add a member to " + ui.Sanitize(m.roomName),
		Placeholder: "name or email",
		Payload:     addPick{RoomID: m.roomID},
	})
	return ui.OpenModal(p)
}

// pickerQuery searches users for the picker (the picker debounces).
func (m *roomMembers) pickerQuery(q ui.PickerQueryMsg) tea.Cmd {
	if q.Picker != addPickerID {
		return nil
	}
	d := m.d
	members := make(map[int64]bool, len(m.byID))
	for id := range m.byID {
		members[id] = true
	}
	return func() tea.Msg {
		ctx, cancel := d.CallContext()
		defer cancel()
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q.Query}, false, 0, 20)
		if err != nil {
			return ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Err: err}
		}
		if d.Names != nil {
			d.Names.Put(res.Users...)
		}
		items := make([]ui.PickerItem, 0, len(res.Users))
		for _, u := range res.Users {
			detail := ui.Sanitize(u.EmailAddress) // alone, or it could swallow "· member"
			if members[u.ID] {
				detail += " · member"
			}
			items = append(items, ui.PickerItem{ID: strconv.FormatInt(u.ID, 10), Label: u.Name(), Detail: detail})
		}
		return ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Items: items}
	}
}

// picked confirms adding the picked user.
func (m *roomMembers) picked(r ui.PickerResultMsg) tea.Cmd {
	p, ok := r.Payload.(addPick)
	if !ok || !r.Picked || p.RoomID != m.roomID {
		return nil
	}
	id, err := strconv.ParseInt(r.Item.ID, 10, 64)
	if err != nil {
		return nil
	}
	label := ui.Sanitize(r.Item.Label)
	if _, member := m.byID[id]; member {
		return ui.Info(label + " is already a member of " + ui.Sanitize(m.roomName))
	}
	add, _, why := m.routed(opAddMember, []int64{id}, []string{m.targetLabel(id)}, []string{label})
	if len(add.IDs) == 0 {
		return refusedCmd(opAddMember, m.roomName, why)
	}
	return ui.OpenModal(ui.NewConfirm(m.c, opAddMember.action(m.roomName)+add.viaNote(), add.Shown, add))
}
