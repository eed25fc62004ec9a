package users

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/ui"
	"symtui/views/tab"
)

// userOp is a change the Users tab makes to one or many users at once: the
// marked rows, or the cursor row when none is marked.
type userOp int

const (
	opDisableUser userOp = iota
	opEnableUser
	opSuspendUser
	opLiftSuspension
	opAddRole
	opRemoveRole
)

// doing and done say what the op does, for the status line: "disabling",
// "disabled". Role ops name the role.
func (o userOp) doing(role string) string {
	return [...]string{"disabling", "enabling", "suspending", "lifting the suspension of",
		"adding role " + role + " to", "removing role " + role + " from"}[o]
}

// running is the op in a progress line: "disabling 180/500…".
func (o userOp) running() string {
	return [...]string{"disabling", "enabling", "suspending", "lifting suspensions", "adding the role", "removing the role"}[o]
}

func (o userOp) done(role string) string {
	return [...]string{"disabled", "enabled", "suspended", "lifted the suspension of",
		"added role " + role + " to", "removed role " + role + " from"}[o]
}

// locksOut reports that the op would lock its target out of the pod: the
// console refuses it for the account it signs in as.
func (o userOp) locksOut() bool { return o == opDisableUser || o == opSuspendUser }

// userOpPayload rides the Confirm and is what runs once confirmed: copied
// ids and labels, never the model.
type userOpPayload struct {
	Op     userOp
	IDs    []int64
	Labels []string
	Role   string
	Reason string    // suspend
	Until  time.Time // suspend
	Self   int64     // the caller when known; else the command asks the pod
}

// who names the targets: the user, or "N users".
func (p userOpPayload) who() string {
	if len(p.IDs) == 1 {
		return p.Labels[0]
	}
	return strconv.Itoa(len(p.IDs)) + " users"
}

// userOpDone reports an op: what the pod did with each target, and the
// users it changed as the pod has them now.
type userOpDone struct {
	Payload userOpPayload
	Report  bulk.Report
	Details []pod.UserDetail
}

// errLockout refuses to lock the console's own account out.
var errLockout = errors.New("refused: that is the account this console signs in as (it would lock the console out)")

// targets are the users of the marked rows shown, or the cursor row's
// user; hidden is the confirm's sentence about marked rows the filter
// hides; refuse, when set, says every marked row is hidden.
func (v *Tab) targets() (recs []userRec, hidden string, refuse tea.Cmd) {
	return tab.TargetsIn(v.table, v.recs)
}

// cursorOnly says that a one-user action (what) took the cursor row, not
// the marked rows ("" when none is marked), and how many of them the
// filter hides.
func (v *Tab) cursorOnly(what string) string {
	n := v.table.MarkCount()
	if n == 0 {
		return ""
	}
	s := " · " + what + " takes the cursor row only, not the " + tab.Plural(n, "marked user", ui.Thousands(n)+" marked users")
	if h := v.table.HiddenMarks(); h > 0 {
		by := "hidden by the " + tab.HiddenBy(v.table)
		if n > 1 || h > 1 {
			by = ui.Thousands(h) + " " + by // of several marked, how many
		}
		s += " (" + by + ")"
	}
	return s
}

// refreshNote corrects the note that details take the cursor row only
// once the marks or the filter it counts have changed (esc cleared them):
// the line must not keep counting marks that are gone.
func (v *Tab) refreshNote() tea.Cmd {
	if v.note == "" {
		return nil
	}
	now := ""
	if v.detail.open {
		now = strings.TrimPrefix(v.cursorOnly("details"), " · ")
	}
	if now == v.note {
		return nil
	}
	old := v.note
	v.note = now
	return ui.Replace(old, now)
}

// refuseSelf is the lockout error when rs include the caller.
func (v *Tab) refuseSelf(op userOp, rs []userRec) tea.Cmd {
	if !op.locksOut() || v.selfID == 0 {
		return nil
	}
	for _, r := range rs {
		if r.ID == v.selfID {
			return ui.Error(fmt.Errorf("%s: %w", r.label(), errLockout))
		}
	}
	return nil
}

// confirmOp asks before op on rs; the users it does not apply to are left
// out and said so, as are the marked rows the filter hides (hidden, the
// sentence saying so). action heads the dialog.
func (v *Tab) confirmOp(p userOpPayload, action string, rs []userRec, skipped int, skipWhy, hidden string) tea.Cmd {
	if cmd := v.refuseSelf(p.Op, rs); cmd != nil {
		return cmd
	}
	if len(rs) == 0 {
		if skipped > 0 {
			return ui.Info(tab.Plural(skipped, "the user is "+skipWhy, "the %d users are each "+skipWhy))
		}
		return nil
	}
	p.IDs, p.Labels = make([]int64, len(rs)), make([]string, len(rs))
	for i, r := range rs {
		p.IDs[i], p.Labels[i] = r.ID, r.label()
	}
	p.Self = v.selfID
	return ui.OpenModal(ui.NewConfirm(v.c, action, p.Labels, p).Notes(tab.LeftOut(skipped, skipWhy), hidden))
}

// confirmStatus asks before enabling or disabling the targets.
func (v *Tab) confirmStatus(status string) tea.Cmd {
	var rs []userRec
	skipped := 0
	ts, hidden, refuse := v.targets()
	if refuse != nil {
		return refuse
	}
	for _, r := range ts {
		if r.Known && r.Status == status {
			skipped++
			continue
		}
		rs = append(rs, r)
	}
	op, action, why := opDisableUser, "Disable "+tab.Plural(len(rs), "user", "users")+" (they can no longer sign in)", "already disabled"
	if status == pod.UserEnabled {
		op, action, why = opEnableUser, "Enable "+tab.Plural(len(rs), "user", "users"), "already enabled"
	}
	return v.confirmOp(userOpPayload{Op: op}, action, rs, skipped, why, hidden)
}

// suspendOrLift asks before lifting the suspension of the targets when all
// are suspended; otherwise opens the suspension form for those who are not.
func (v *Tab) suspendOrLift() tea.Cmd {
	ts, hidden, refuse := v.targets()
	if refuse != nil {
		return refuse
	}
	var free []userRec
	for _, r := range ts {
		if !r.Suspended {
			free = append(free, r)
		}
	}
	if len(ts) > 0 && len(free) == 0 {
		return v.confirmOp(userOpPayload{Op: opLiftSuspension}, "Lift the suspension of "+tab.Plural(len(ts), "user", "users"), ts, 0, "", hidden)
	}
	if cmd := v.refuseSelf(opSuspendUser, free); cmd != nil {
		return cmd
	}
	if len(free) == 0 {
		return nil
	}
	return v.suspendForm(free, len(ts)-len(free), hidden)
}

// runOp makes the change, one call per user, a few at a time
// (tab.StartJob: progress in the header, esc stops it), each user read
// back for its row once changed. It says at once what it is doing.
func (v *Tab) runOp(p userOpPayload) tea.Cmd {
	if v.job != nil {
		return v.job.Busy(v.c.Keys.Global.Back.Help().Key)
	}
	d := v.d
	job, run := tab.StartJob(ViewID, d, p.Op.running(), len(p.IDs), func(ctx context.Context, opts bulk.Options) (userOpDone, error) {
		res := userOpDone{Payload: p}
		if p.Op.locksOut() {
			if err := refuseSelfNow(d, p); err != nil {
				return res, err
			}
		}
		var mu sync.Mutex
		res.Report = bulk.Run(ctx, len(p.IDs), opts, func(ctx context.Context, i int) error {
			id := p.IDs[i]
			if err := p.call(ctx, d.Pod, id); err != nil {
				return err
			}
			// Read back even when the run was stopped meanwhile (no pacer):
			// the change was made and its row must say so.
			if det, err := d.Pod.UserDetail(pod.WithPacer(ctx, nil), id); err == nil {
				mu.Lock()
				res.Details = append(res.Details, det)
				mu.Unlock()
			}
			return nil
		})
		return res, nil
	})
	v.job = job
	return tea.Sequence(ui.Info(p.Op.doing(p.Role)+" "+p.who()+"…"), run)
}

// refuseSelfNow learns the caller when the view did not know it yet, and
// refuses a lockout of it.
func refuseSelfNow(d tab.Deps, p userOpPayload) error {
	self := p.Self
	if self == 0 {
		ctx, cancel := d.CallContext()
		defer cancel()
		me, err := d.SessionUser(ctx)
		if err != nil {
			return fmt.Errorf("could not check who this console signs in as, so nothing was changed: %w", err)
		}
		self = me.ID
	}
	if slices.Contains(p.IDs, self) {
		return errLockout
	}
	return nil
}

// call is the client call of the op for one user.
func (p userOpPayload) call(ctx context.Context, c *pod.Client, id int64) error {
	switch p.Op {
	case opDisableUser:
		return c.UpdateUserStatus(ctx, id, pod.UserDisabled)
	case opEnableUser:
		return c.UpdateUserStatus(ctx, id, pod.UserEnabled)
	case opSuspendUser:
		return c.SuspendUser(ctx, id, p.Reason, p.Until)
	case opLiftSuspension:
		return c.UnsuspendUser(ctx, id)
	case opAddRole:
		return c.AddRole(ctx, id, p.Role)
	}
	return c.RemoveRole(ctx, id, p.Role)
}

// opDone shows the users as they are now and says what happened. Like
// every change's answer it is applied whatever the operator did meanwhile:
// only query answers go stale.
func (v *Tab) opDone(msg ui.Result[userOpDone]) tea.Cmd {
	v.job = nil
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	r := msg.Value
	p := r.Payload
	for _, det := range r.Details {
		v.updateRec(recFromDetail(det))
	}
	var refresh tea.Cmd
	if slices.Contains(p.IDs, v.detail.id) {
		refresh = v.refreshDetail(v.detail.id)
	}
	done := p.Op.done(p.Role)
	until := ""
	if p.Op == opSuspendUser {
		until = " until " + p.Until.UTC().Format("2006-01-02 15:04")
	}
	rep := r.Report
	var status tea.Cmd
	v.table.Unmark(tab.RowIDs(tab.Succeeded(rep, p.IDs))...) // marks the filter hid and rows that failed stay
	switch {
	case len(rep.Done) == len(p.IDs):
		status = ui.Info(done + " " + p.who() + until)
	case len(p.IDs) > 1:
		s := tab.Summary{Past: done, One: "user", Many: "users", Where: until}
		status = s.Say(rep, func(i int) string { return p.Labels[i] })
	case len(rep.Failed) == 1:
		status = ui.Error(fmt.Errorf("nothing changed: %s: %s", p.Labels[0], rep.Failed[0].Err))
	default:
		status = ui.Warn("stopped: nothing changed")
	}
	return tea.Batch(status, refresh)
}
