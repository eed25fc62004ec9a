package cli

import (
	"context"
	"strconv"

	"symtui/pod"
	"symtui/pod/membership"
)

// userNames are the users a plan's output names, by id.
type userNames struct {
	byID map[int64]pod.User
}

func newUserNames(lists ...[]pod.User) *userNames {
	n := &userNames{byID: map[int64]pod.User{}}
	for _, l := range lists {
		for _, u := range l {
			n.byID[u.ID] = u
		}
	}
	return n
}

// learn looks up the users of p it does not know yet (100 a request).
func (n *userNames) learn(ctx context.Context, c *pod.Client, p *membership.SetPlan) error {
	var ids []int64
	add := func(cs []membership.Change) {
		for _, ch := range cs {
			ids = append(ids, ch.UserID)
		}
	}
	add(p.Remove)
	add(p.Add)
	add(p.Promote)
	add(p.Demote)
	for _, h := range p.Held {
		ids = append(ids, h.UserID)
	}
	return n.lookup(ctx, c, ids)
}

// lookup learns the users of ids it does not know yet.
func (n *userNames) lookup(ctx context.Context, c *pod.Client, ids []int64) error {
	var missing []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if _, ok := n.byID[id]; !ok && !seen[id] && id != 0 {
			seen[id] = true
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	list, err := c.UsersByID(ctx, missing, pod.LookupOptions{})
	for _, u := range list.Users {
		n.byID[u.ID] = u
	}
	return err
}

// user is what the output says of a user: the pod's values, raw (the
// printers make them inert).
type userOut struct {
	ID       int64  `json:"id"`
	Name     string `json:"name,omitempty"`
	Username string `json:"username,omitempty"`
	Email    string `json:"email,omitempty"`
}

func (n *userNames) out(id int64) userOut {
	u := n.byID[id]
	return userOut{ID: id, Name: u.Name(), Username: u.Username, Email: u.EmailAddress}
}

// label names a user for a table: "Ana Lopez <ana@example.com> (7215…)", inert.
func (n *userNames) label(id int64) string {
	u, ok := n.byID[id]
	if !ok {
		return "#" + strconv.FormatInt(id, 10)
	}
	s := u.Name()
	if u.EmailAddress != "" {
		s += " <" + u.EmailAddress + ">"
	}
	return cleanText(s) + " (" + strconv.FormatInt(id, 10) + ")"
}
