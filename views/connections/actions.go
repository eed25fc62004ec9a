package connections

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// connPickerLimit is how many users a search in the request Picker shows.
const connPickerLimit = 20

// connOp is a change to existing connections.
type connOp int

const (
	connAccept connOp = iota
	connReject
	connRemove
)

// connPayload rides the Confirms of accept, reject and remove: the change,
// the users it applies to and what was left out.
type connPayload struct {
	Op      connOp
	IDs     []int64
	Labels  []string // name <email>, for the dialog and a single user
	Names   []string // names only, for reports on several users
	Skipped int      // marked rows the change does not apply to (not incoming)
}

// confirmAction is the Confirm's phrase for the change.
func (op connOp) confirmAction(n int) string {
	s := ""
	if n != 1 {
		s = "s"
	}
	switch op {
	case connAccept:
		return "Accept the connection request" + s + " of"
	case connReject:
		return "Reject the connection request" + s + " of"
	}
	return "Remove the connection" + s + " with"
}

// report says what was done to the users: one is named with the email
// (labels), several by name only (names) to fit the status line.
func (op connOp) report(labels, names []string) string {
	if len(labels) == 1 {
		switch op {
		case connAccept:
			return "accepted the connection request of " + labels[0]
		case connReject:
			return "rejected the connection request of " + labels[0]
		}
		return "removed the connection with " + labels[0]
	}
	list := ": " + strings.Join(names, ", ")
	switch op {
	case connAccept:
		return fmt.Sprintf("accepted %d connection requests%s", len(labels), list)
	case connReject:
		return fmt.Sprintf("rejected %d connection requests%s", len(labels), list)
	}
	return fmt.Sprintf("removed %d connections%s", len(labels), list)
}

// verb is the change in an error: "could not accept".
func (op connOp) verb() string { return [...]string{"accept", "reject", "remove"}[op] }

// past is the change done: "only an incoming request can be accepted".
func (op connOp) past() string { return [...]string{"accepted", "rejected", "removed"}[op] }

// do makes the change for one user.
func (op connOp) do(ctx context.Context, c *pod.Client, id int64) error {
	var err error
	switch op {
	case connAccept:
		_, err = c.AcceptConnection(ctx, id)
	case connReject:
		_, err = c.RejectConnection(ctx, id)
	default:
		err = c.RemoveConnection(ctx, id)
	}
	return err
}

// targetConns are the connections an action applies to: the marked rows,
// or the row under the cursor when none is marked.
func (v *Tab) targetConns() (conns []pod.Connection, hidden string, refuse tea.Cmd) {
	return tab.TargetsIn(v.table, v.conns)
}

// start begins op on the target rows. Reject and remove always ask first,
// naming the users; accepting loses nothing, so one request is accepted at
// once and only several at a time are confirmed. Only incoming requests
// can be accepted or rejected: other marked rows are left out and counted.
func (v *Tab) start(op connOp) tea.Cmd {
	targets, hidden, refuse := v.targetConns()
	if refuse != nil {
		return refuse
	}
	if len(targets) == 0 {
		return nil
	}
	p := connPayload{Op: op}
	var notIncoming pod.Connection
	for _, c := range targets {
		if op != connRemove && c.Status != pod.ConnectionPendingIncoming {
			p.Skipped++
			notIncoming = c
			continue
		}
		p.IDs = append(p.IDs, c.UserID)
		p.Labels = append(p.Labels, v.label(c.UserID))
		name, _ := v.userText(c.UserID)
		p.Names = append(p.Names, name)
	}
	switch {
	case len(p.IDs) == 0 && len(targets) == 1:
		return ui.Info("only an incoming request can be " + op.past() + "; " + v.label(notIncoming.UserID) + " is " + connStatusText(notIncoming.Status))
	case len(p.IDs) == 0:
		return ui.Info(fmt.Sprintf("only incoming requests can be %s; none of the %d marked is incoming", op.past(), len(targets)))
	case op == connAccept && len(p.IDs) == 1 && hidden == "":
		return v.run(p)
	}
	return ui.OpenModal(ui.NewConfirm(v.c, op.confirmAction(len(p.IDs)), p.Labels, p).
		Notes(tab.LeftOut(p.Skipped, "not incoming"), hidden))
}

// confirmed runs a change the operator approved.
func (v *Tab) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	p, ok := msg.Payload.(connPayload)
	if !ok {
		return nil
	}
	if !msg.Confirmed {
		return ui.Info("nothing changed")
	}
	return v.run(p)
}

// run makes the change for each user in turn. A refusal about one user
// (not found, bad request) does not stop the others; any other failure
// (entitlement, session, network, server) would refuse them all, so it
// stops there. The answer says what was done, what failed and what was
// not tried.
func (v *Tab) run(p connPayload) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, 0, func() (connChange, error) {
		var done, failed connPayload
		var firstErr error
		notTried := 0
		for i, id := range p.IDs {
			ctx, cancel := d.CallContext()
			err := p.Op.do(ctx, d.Pod, id)
			cancel()
			if err == nil {
				done.IDs = append(done.IDs, id)
				done.Labels, done.Names = append(done.Labels, p.Labels[i]), append(done.Names, p.Names[i])
				continue
			}
			failed.Labels, failed.Names = append(failed.Labels, p.Labels[i]), append(failed.Names, p.Names[i])
			if firstErr == nil {
				firstErr = err
			}
			if !pod.IsNotFound(err) && !pod.IsBadRequest(err) {
				notTried = len(p.IDs) - i - 1
				break
			}
		}
		var text string
		if len(done.Labels) > 0 {
			text = p.Op.report(done.Labels, done.Names)
		}
		if p.Skipped > 0 {
			text = strings.TrimPrefix(text+fmt.Sprintf("; %d marked not incoming, left as they were", p.Skipped), "; ")
		}
		if firstErr == nil {
			return connChange{Text: text, Done: done.IDs}, nil
		}
		return connChange{Done: done.IDs}, connFailure(p.Op, text, failed, notTried, firstErr)
	})
}

// connFailure is the error of a change that failed for some users, after
// what was done (text, may be empty).
func connFailure(op connOp, text string, failed connPayload, notTried int, err error) error {
	msg := "could not " + op.verb() + " "
	if len(failed.Labels) == 1 {
		msg += failed.Labels[0]
	} else {
		msg += fmt.Sprintf("%d (%s)", len(failed.Labels), strings.Join(failed.Names, ", "))
	}
	if text != "" {
		msg = text + "; " + msg
	}
	if notTried > 0 {
		msg += fmt.Sprintf(", %d more not tried", notTried)
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// connPickerSearch is how many users a search in the request Picker asks
// for: users of the caller's pod are dropped from them.
const connPickerSearch = 50

// searchUsers answers the request Picker's query with a directory search,
// keeping only users of other pods: same-pod users are connected already
// (the pod answers a request to one with the implicit ACCEPTED).
func (v *Tab) searchUsers(q ui.PickerQueryMsg) tea.Cmd {
	if q.Picker != connPickerID {
		return nil
	}
	d, self := v.d, v.selfID
	return func() tea.Msg {
		ctx, cancel := d.CallContext()
		defer cancel()
		out := ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag}
		if self == 0 { // asked before the caller was known
			me, err := d.SessionUser(ctx)
			if err != nil {
				out.Err = err
				return out
			}
			self = me.ID
		}
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q.Query}, false, 0, connPickerSearch)
		if err != nil {
			out.Err = err
			return out
		}
		if d.Names != nil {
			d.Names.Put(res.Users...)
		}
		samePod := 0
		out.Items = make([]ui.PickerItem, 0, min(len(res.Users), connPickerLimit))
		for _, u := range res.Users {
			if !tab.IsExternal(u.ID, self) {
				samePod++
				continue
			}
			if len(out.Items) == connPickerLimit {
				break
			}
			label := u.DisplayName
			if label == "" {
				label = u.Username
			}
			detail := ui.Sanitize(u.EmailAddress) // each part alone: see ui.Sanitize
			if u.Company != "" {
				detail += " · " + ui.Sanitize(u.Company)
			}
			out.Items = append(out.Items, ui.PickerItem{ID: strconv.FormatInt(u.ID, 10), Label: label, Detail: detail})
		}
		if len(out.Items) == 0 && samePod > 0 {
			out.Err = fmt.Errorf("no user of another pod matches (%d of this pod hidden)", samePod)
		}
		return out
	}
}

// requestPicked sends the invitation to the user picked, after asking the
// pod where the two stand: a user already connected is told so and sent
// nothing. The status line then says what the pod did with the request.
func (v *Tab) requestPicked(msg ui.PickerResultMsg) tea.Cmd {
	if _, ok := msg.Payload.(connRequestPayload); !ok || !msg.Picked {
		return nil
	}
	id, err := strconv.ParseInt(msg.Item.ID, 10, 64)
	if err != nil {
		return nil
	}
	label := ui.Sanitize(msg.Item.Label)
	d := v.d
	return ui.Run(ViewID, 0, func() (connChange, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		before, err := d.Pod.Connection(ctx, id)
		switch {
		case pod.IsNotFound(err):
			before = pod.Connection{} // none yet
		case err != nil:
			before = pod.Connection{} // unknown: the answer to the request will tell
		case before.Status == pod.ConnectionAccepted:
			return connChange{Text: label + " is already connected (same pod, or accepted before); no request sent"}, nil
		}
		after, err := d.Pod.CreateConnection(ctx, id)
		if err != nil {
			return connChange{}, err
		}
		return connChange{Text: requestOutcome(label, before.Status, after)}, nil
	})
}

// requestOutcome says what a connection request did, from the state
// before it (empty when unknown or none) and the pod's answer.
func requestOutcome(label string, before pod.ConnectionStatus, after pod.Connection) string {
	switch {
	case after.Status == pod.ConnectionPendingOutgoing && before == pod.ConnectionPendingOutgoing:
		return fmt.Sprintf("sent the connection request to %s again (request %d, still pending)", label, after.RequestCounter)
	case after.Status == pod.ConnectionPendingOutgoing:
		return "sent a connection request to " + label + " (pending their answer)"
	case after.Status == pod.ConnectionAccepted && before == pod.ConnectionPendingIncoming:
		return label + " had invited you: the request accepted it, you are connected"
	case after.Status == pod.ConnectionAccepted:
		return "the pod answered the request to " + label + " with ACCEPTED: already connected, nothing new created"
	}
	return "sent a connection request to " + label + "; the pod reports the connection " + connStatusText(after.Status)
}
