package presence

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// Payloads of the pane's modals: whose presence is being set.
type (
	setOwnPresence   struct{}
	setOtherPresence struct {
		UserID int64
		Name   string
		Who    string // Name with the email or username: display names repeat
	}
	// confirmOtherPresence is what the confirm dialog carries back.
	confirmOtherPresence struct {
		setOtherPresence
		Category pod.Category
	}
)

// presenceSet is the result of setting a presence.
type presenceSet struct {
	Name     string // "" for the caller's own
	Presence pod.Presence
}

// namesResolved is the result of looking up names for the pane.
type namesResolved struct{ ids []int64 }

const (
	pickerCategory = "presence-category"
	pickerUser     = "presence-user"
)

// pickCategory opens the palette of settable categories.
func (v *Pane) pickCategory(payload any) tea.Cmd {
	items := make([]ui.PickerItem, 0, len(pod.Settable))
	for _, c := range pod.Settable {
		items = append(items, ui.PickerItem{ID: string(c), Label: tab.PresenceLabel(c), Detail: string(c)})
	}
	title := "Set my presence"
	if o, ok := payload.(setOtherPresence); ok {
		title = "Set the presence of " + o.Who
	}
	return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
		ID: pickerCategory, Title: title, Placeholder: "category", Payload: payload, Items: items,
	}))
}

// pickUser opens a user search; the category comes next.
func (v *Pane) pickUser() tea.Cmd {
	return ui.OpenModal(ui.NewPicker(v.c, ui.PickerOptions{
		ID: pickerUser, Title: "Set the presence of…", Placeholder: "name or email", MinQuery: 2,
	}))
}

// searchUsers answers the user picker's query with a local user search.
func (v *Pane) searchUsers(q ui.PickerQueryMsg) tea.Cmd {
	if q.Picker != pickerUser {
		return nil
	}
	d := v.d
	return func() tea.Msg {
		ctx, cancel := d.CallContext()
		defer cancel()
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q.Query}, true, 0, 20)
		items := make([]ui.PickerItem, 0, len(res.Users))
		for _, u := range res.Users {
			label := u.DisplayName
			if label == "" {
				label = u.Username
			}
			items = append(items, ui.PickerItem{ID: strconv.FormatInt(u.ID, 10), Label: label, Detail: userHandle(u)})
		}
		if err == nil && d.Names != nil {
			d.Names.Put(res.Users...)
		}
		return ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Items: items, Err: err}
	}
}

// picked continues a flow after a picker closed.
func (v *Pane) picked(msg ui.PickerResultMsg) tea.Cmd {
	if !msg.Picked {
		return nil
	}
	switch p := msg.Payload.(type) {
	case setOwnPresence:
		return v.setPresence(setOwnPresence{}, pod.Category(msg.Item.ID))
	case setOtherPresence:
		c := pod.Category(msg.Item.ID)
		action := fmt.Sprintf("Set presence to %s", tab.PresenceLabel(c))
		return ui.OpenModal(ui.NewConfirm(v.c, action, []string{p.Who}, confirmOtherPresence{p, c}))
	case nil: // the user picker
		id, err := strconv.ParseInt(msg.Item.ID, 10, 64)
		if err != nil {
			return nil
		}
		return v.pickCategory(setOtherPresence{UserID: id, Name: ui.Sanitize(msg.Item.Label), Who: v.who(id, msg.Item)})
	}
	return nil
}

// userHandle is what tells a user from a namesake: the email, else the
// username.
func userHandle(u pod.User) string {
	if u.EmailAddress != "" {
		return u.EmailAddress
	}
	return u.Username
}

// who names the user picked for the dialogs: "Olga Suzuki <olga@…>", or
// with the username when there is no email.
func (v *Pane) who(id int64, item ui.PickerItem) string {
	name, email, username := item.Label, item.Detail, ""
	if v.d.Names != nil {
		if u, ok := v.d.Names.Get(id); ok {
			email, username = u.EmailAddress, u.Username
		}
	}
	// Each part alone: an unterminated escape in the name would swallow the email.
	name, email, username = ui.Sanitize(name), ui.Sanitize(email), ui.Sanitize(username)
	switch {
	case email != "":
		return name + " <" + email + ">"
	case username != "":
		return name + " (" + username + ")"
	}
	return name + " (#" + strconv.FormatInt(id, 10) + ")"
}

func (v *Pane) confirmed(msg ui.ConfirmResultMsg) tea.Cmd {
	p, ok := msg.Payload.(confirmOtherPresence)
	if !ok || !msg.Confirmed {
		return nil
	}
	return v.setPresence(p.setOtherPresence, p.Category)
}

// setPresence sets the caller's presence (setOwnPresence) or another
// user's (setOtherPresence, an administrator's action).
func (v *Pane) setPresence(who any, c pod.Category) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, 0, func() (presenceSet, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		if o, ok := who.(setOtherPresence); ok {
			p, err := d.Pod.SetUserPresence(ctx, o.UserID, c, false)
			return presenceSet{Name: o.Name, Presence: p}, err
		}
		p, err := d.Pod.SetPresence(ctx, c, false)
		return presenceSet{Presence: p}, err
	})
}

func (v *Pane) presenceSet(msg ui.Result[presenceSet]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	v.tr.Refresh() // show it in the pane without waiting for the interval
	who := "my presence"
	if msg.Value.Name != "" {
		who = "presence of " + msg.Value.Name
	}
	return ui.Info(fmt.Sprintf("%s is now %s", who, tab.PresenceLabel(msg.Value.Presence.Category)))
}

// command handles ":presence CATEGORY", which sets the caller's presence.
func (v *Pane) command(msg ui.CommandMsg) tea.Cmd {
	want := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(msg.Arg), " ", "_"))
	for _, c := range pod.Settable {
		if string(c) == want || strings.EqualFold(tab.PresenceLabel(c), strings.TrimSpace(msg.Arg)) {
			if v.c.ReadOnly {
				return ui.Warn("read-only mode: presence cannot be set")
			}
			if why := v.c.Refusal(epSetOwn); why != "" {
				return ui.Warn("presence cannot be set: " + ui.Sanitize(why))
			}
			return v.setPresence(setOwnPresence{}, c)
		}
	}
	return ui.Warn(fmt.Sprintf(":presence %s: not a category that can be set (try :presence busy)", msg.Arg))
}
