package views

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// connPickerLimit is how many users a search in the request Picker shows.
const connPickerLimit = 20

// accept accepts the incoming request under the cursor (nothing is lost,
// so no dialog).
func (v *Connections) accept() tea.Cmd {
	c, ok := v.cursorConn()
	if !ok {
		return nil
	}
	label := v.label(c.UserID)
	if c.Status != pod.ConnectionPendingIncoming {
		return ui.Info("only an incoming request can be accepted; " + label + " is " + connStatusText(c.Status))
	}
	id := c.UserID
	return v.act("accepted the connection request of "+label, func(ctx context.Context, p *pod.Client) error {
		_, err := p.AcceptConnection(ctx, id)
		return err
	})
}

// confirmAction asks before rejecting the request (or removing the
// connection) under the cursor, naming the user.
func (v *Connections) confirmAction(reject bool) tea.Cmd {
	c, ok := v.cursorConn()
	if !ok {
		return nil
	}
	label := v.label(c.UserID)
	action := "Remove the connection with"
	if reject {
		if c.Status != pod.ConnectionPendingIncoming {
			return ui.Info("only an incoming request can be rejected; " + label + " is " + connStatusText(c.Status))
		}
		action = "Reject the connection request of"
	}
	return ui.OpenModal(ui.NewConfirm(v.c, action, []string{label}, connPayload{UserID: c.UserID, Label: label, Reject: reject}))
}

// confirmed runs a reject or remove the operator approved.
func (v *Connections) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	p, ok := msg.Payload.(connPayload)
	if !ok {
		return nil
	}
	if !msg.Confirmed {
		return ui.Info("nothing changed")
	}
	id := p.UserID
	if p.Reject {
		return v.act("rejected the connection request of "+p.Label, func(ctx context.Context, c *pod.Client) error {
			_, err := c.RejectConnection(ctx, id)
			return err
		})
	}
	return v.act("removed the connection with "+p.Label, func(ctx context.Context, c *pod.Client) error {
		return c.RemoveConnection(ctx, id)
	})
}

// act runs one change; the answer reloads the list and says what happened.
func (v *Connections) act(text string, fn func(ctx context.Context, c *pod.Client) error) tea.Cmd {
	d := v.d
	return ui.Run(ConnectionsViewID, 0, func() (connChange, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		return connChange{Text: text}, fn(ctx, d.Pod)
	})
}

// searchUsers answers the request Picker's query with a directory search
// (users of other pods are who one connects with).
func (v *Connections) searchUsers(q ui.PickerQueryMsg) tea.Cmd {
	if q.Picker != connPickerID {
		return nil
	}
	d := v.d
	return func() tea.Msg {
		ctx, cancel := d.ctx()
		defer cancel()
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q.Query}, false, 0, connPickerLimit)
		out := ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Err: err}
		if err != nil {
			return out
		}
		if d.Names != nil {
			d.Names.Put(res.Users...)
		}
		out.Items = make([]ui.PickerItem, 0, len(res.Users))
		for _, u := range res.Users {
			label := u.DisplayName
			if label == "" {
				label = u.Username
			}
			detail := u.EmailAddress
			if u.Company != "" {
				detail += " · " + u.Company
			}
			out.Items = append(out.Items, ui.PickerItem{ID: strconv.FormatInt(u.ID, 10), Label: label, Detail: detail})
		}
		return out
	}
}

// requestPicked sends the invitation to the user picked.
func (v *Connections) requestPicked(msg ui.PickerResultMsg) tea.Cmd {
	if _, ok := msg.Payload.(connRequestPayload); !ok || !msg.Picked {
		return nil
	}
	id, err := strconv.ParseInt(msg.Item.ID, 10, 64)
	if err != nil {
		return nil
	}
	label := ui.Sanitize(msg.Item.Label)
	return v.act("sent a connection request to "+label, func(ctx context.Context, c *pod.Client) error {
		_, err := c.CreateConnection(ctx, id)
		return err
	})
}
