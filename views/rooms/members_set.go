package rooms

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/bulk"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// :members set on an open room: the operator pastes the room's whole
// membership (as for bulk add); the plan is computed from a fresh read of
// the room (membership.PlanSet, as `symtui members set` does: the owners
// who stay keep their role, the account itself is never removed, the room
// never left without an owner), shown as a dialog, and once confirmed run
// as a job (esc stops it). The summary says what is left, read afresh.

// setTextMsg is the list pasted for :members set.
type setTextMsg struct {
	RoomID string
	Text   string
}

// setPlanned is a plan ready to preview.
type setPlanned struct {
	RoomID string
	Plan   membership.SetPlan
	Target membership.Target
	Actor  membership.Actor
	Names  map[int64]string // every user the plan names, raw
}

// setDone is what the run did and what is left.
type setDone struct {
	Planned setPlanned
	Results []membership.Result
	Left    membership.SetPlan
	LeftErr error
	Stopped bool
}

// RefuseCommand implements ui.CommandRefuser: ":members" other than
// "set", or with no room open, is refused where it was typed, without
// switching to the Rooms tab.
func (v *Tab) RefuseCommand(cmd ui.CommandMsg) tea.Cmd {
	if cmd.Name != "members" {
		return nil
	}
	if strings.TrimSpace(cmd.Arg) != "set" {
		return ui.Warn("usage: :members set (on an open room: paste its members, see the plan, apply it)")
	}
	if why := v.c.Refusal(membersSetEndpoints...); why != "" {
		return ui.Warn(":members set is not available: " + ui.Sanitize(why))
	}
	if v.members == nil {
		return ui.Warn(":members set works on a room's members: open a room first (enter on a room, or :room NAME)")
	}
	return nil
}

// membersCommand handles ":members set".
func (v *Tab) membersCommand(arg string) tea.Cmd {
	if cmd := v.RefuseCommand(ui.CommandMsg{Name: "members", Arg: arg}); cmd != nil {
		return cmd
	}
	m := v.members
	if cmd := m.refuseWhenLocked(); cmd != nil {
		return cmd
	}
	return ui.OpenModal(m.pasteInput("Members of "+ui.Sanitize(m.roomName)+", exactly", true))
}

// setPlan reads the room and the pasted users afresh and plans.
func (m *roomMembers) setPlan(msg setTextMsg) tea.Cmd {
	if msg.RoomID != m.roomID {
		return nil
	}
	entries := bulkEntries(msg.Text)
	if len(entries) == 0 {
		return ui.Info("nothing pasted: nothing changed")
	}
	d, roomID := m.d, m.roomID
	inFlight := ui.Info(fmt.Sprintf("reading %s and looking up %s…", ui.Sanitize(m.roomName), tab.Plural(len(entries), "1 entry", "%d entries")))
	return tea.Sequence(inFlight, ui.Run(ViewID, 0, func() (setPlanned, error) {
		ctx, cancel := d.RunContext()
		defer cancel()
		out := setPlanned{RoomID: roomID}
		self, err := d.SessionUser(ctx)
		if err != nil {
			return out, err
		}
		out.Actor = membership.ActorOf(self, d.Pod.Access().OnBehalf())
		room, err := membership.ReadRoom(ctx, d.Pod, out.Actor, roomID)
		if err != nil {
			return out, err
		}
		res, err := membership.Resolve(ctx, d.Pod, entries)
		if err != nil {
			return out, err
		}
		if len(res.Users) == len(res.Disabled) { // planned, the room would be emptied
			return out, fmt.Errorf("no active user of the pod among %s (%d unknown, %d disabled): nothing changed",
				tab.Plural(len(entries), "the 1 entry", "the %d entries"), len(res.Unknown), len(res.Disabled))
		}
		out.Target = membership.Target{Members: res.Users, Unknown: res.Unknown, Disabled: res.Disabled}
		out.Plan = membership.PlanSet(room, out.Target, out.Actor, false)
		out.Names = planNames(ctx, d, &out.Plan, res)
		return out, nil
	}))
}

// planNames names the users of a plan: those looked up, the others from
// the shared cache (asked for what it lacks).
func planNames(ctx context.Context, d tab.Deps, p *membership.SetPlan, res membership.Resolved) map[int64]string {
	names := map[int64]string{}
	for _, u := range res.Users {
		names[u.ID] = u.Name()
	}
	var ids []int64
	for _, cs := range [][]membership.Change{p.Remove, p.Add, p.Promote, p.Demote} {
		for _, c := range cs {
			ids = append(ids, c.UserID)
		}
	}
	for _, h := range p.Held {
		ids = append(ids, h.UserID)
	}
	if d.Names != nil {
		_ = d.Names.Resolve(ctx, d.Pod, ids) // unknown names show as "#id"
		for _, id := range ids {
			if _, ok := names[id]; !ok {
				names[id] = d.Names.Label(id)
			}
		}
	}
	return names
}

// setPlannedMsg opens the plan's dialog.
func (m *roomMembers) setPlanned(msg ui.Result[setPlanned]) tea.Cmd {
	if msg.Value.RoomID != m.roomID {
		return nil
	}
	if msg.Err != nil {
		return ui.Error(fmt.Errorf(":members set: %w", msg.Err))
	}
	return ui.OpenModal(&setPreview{preview: preview{c: m.c, width: m.width, height: m.height}, p: msg.Value})
}

// setConfirmed runs a confirmed plan.
func (v *Tab) setConfirmed(p setPlanned, yes bool) tea.Cmd {
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
	x := membership.Executor{Pod: d.Pod, Actor: p.Actor}
	job, run := tab.StartJob(ViewID, d, "setting members", p.Plan.Changes(), func(ctx context.Context, opts bulk.Options) (setDone, error) {
		res := setDone{Planned: p}
		res.Results = x.RunSet(ctx, &p.Plan, membership.RunOptions{Bulk: opts})
		res.Stopped = ctx.Err() != nil
		check, cancel := d.RunContext()
		defer cancel()
		room, err := membership.ReadRoom(check, d.Pod, p.Actor, p.RoomID)
		if err != nil {
			res.LeftErr = err
			return res, nil
		}
		res.Left = membership.PlanSet(room, p.Target, p.Actor, false)
		return res, nil
	})
	v.job = job
	return tea.Sequence(ui.Info("setting the members of "+ui.Sanitize(p.Plan.Room.Name)+"…"), run)
}

// setFinished says what the run did and what is left, and reloads the
// members.
func (v *Tab) setFinished(msg ui.Result[setDone]) tea.Cmd {
	v.job = nil
	r := msg.Value
	var reload tea.Cmd
	if v.members != nil && v.members.roomID == r.Planned.RoomID {
		v.members.table.ClearMarks()
		reload = v.members.load()
	}
	counts := map[membership.Outcome]int{}
	var firstFail string
	for _, res := range r.Results {
		counts[res.Outcome]++
		if res.Outcome == membership.Failed && firstFail == "" {
			// Each part alone: a name's unterminated escape would swallow the reason.
			firstFail = fmt.Sprintf("%s %s: %s", res.Op, ui.Sanitize(r.Planned.Names[res.UserID]), ui.Sanitize(tab.PodReason(res.Err)))
		}
	}
	var b strings.Builder
	if r.Stopped {
		b.WriteString("Stopped: ")
	}
	fmt.Fprintf(&b, "Members of %s: %d of %s made", ui.Sanitize(r.Planned.Plan.Room.Name),
		counts[membership.Done]+counts[membership.Already], tab.Plural(len(r.Results), "1 change", "%d changes"))
	if n := counts[membership.Failed]; n > 0 {
		fmt.Fprintf(&b, "; %d failed: %s", n, ui.Sanitize(firstFail))
	}
	if n := counts[membership.NotAttempted]; n > 0 {
		fmt.Fprintf(&b, "; %d not attempted", n)
	}
	clean := false
	switch {
	case r.LeftErr != nil:
		fmt.Fprintf(&b, "; what is left is unknown: %s", ui.Sanitize(tab.PodReason(r.LeftErr)))
	case r.Left.Changes() > 0:
		fmt.Fprintf(&b, "; left: %s (:members set again retries)", tab.Plural(r.Left.Changes(), "1 change", "%d changes"))
	case len(r.Left.Held) > 0:
		fmt.Fprintf(&b, " · nothing left but the %d held back", len(r.Left.Held))
		clean = true
	default:
		b.WriteString(" · the room is as listed")
		clean = true
	}
	level := ui.Info
	if !clean || counts[membership.Failed]+counts[membership.NotAttempted] > 0 {
		level = ui.Warn
	}
	return tea.Batch(reload, level(b.String()))
}
