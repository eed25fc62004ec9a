package membership

import (
	"context"
	"strconv"
	"strings"

	"symtui/pod"
)

// Resolved is a list of entries looked up on the pod.
type Resolved struct {
	Users    []pod.User // every user an entry named, once, in the order named
	Unknown  []string   // entries no user of the pod matched
	Disabled []pod.User // among Users, those whose account is disabled
	Requests int        // lookups sent
}

// Resolve looks entries up: ids, emails (this pod's users and the visible
// users of other pods) and usernames (this pod's), 100 per request, then
// which of the users found are disabled (100 ids per request).
func Resolve(ctx context.Context, c *pod.Client, entries []string) (Resolved, error) {
	var res Resolved
	var ids []int64
	var emails, names []string
	for _, e := range entries {
		switch id, err := strconv.ParseInt(e, 10, 64); {
		case err == nil && id > 0:
			ids = append(ids, id)
		case strings.Contains(e, "@"):
			emails = append(emails, e)
		default:
			names = append(names, e)
		}
	}
	var found []pod.User
	for _, l := range []struct {
		n  int
		do func() (pod.UserList, error)
	}{
		{len(ids), func() (pod.UserList, error) { return c.UsersByID(ctx, ids, pod.LookupOptions{}) }},
		{len(emails), func() (pod.UserList, error) { return c.UsersByEmail(ctx, emails, pod.LookupOptions{}) }},
		{len(names), func() (pod.UserList, error) { return c.UsersByUsername(ctx, names, pod.LookupOptions{}) }},
	} {
		if l.n == 0 {
			continue
		}
		res.Requests += chunks(l.n)
		list, err := l.do()
		if err != nil {
			return res, err
		}
		found = append(found, list.Users...)
	}
	matched := map[string]int64{}
	byID := map[int64]pod.User{}
	for _, u := range found {
		matched[strconv.FormatInt(u.ID, 10)] = u.ID
		if u.EmailAddress != "" {
			matched[strings.ToLower(u.EmailAddress)] = u.ID
		}
		if u.Username != "" {
			matched[strings.ToLower(u.Username)] = u.ID
		}
		byID[u.ID] = u
	}
	seen := map[int64]bool{}
	for _, e := range entries {
		id, ok := matched[strings.ToLower(e)]
		switch {
		case !ok:
			res.Unknown = append(res.Unknown, e)
		case !seen[id]:
			seen[id] = true
			res.Users = append(res.Users, byID[id])
		}
	}
	if len(res.Users) == 0 {
		return res, nil
	}
	all := make([]int64, len(res.Users))
	for i, u := range res.Users {
		all[i] = u.ID
	}
	inactive := false
	res.Requests += chunks(len(all))
	off, err := c.UsersByID(ctx, all, pod.LookupOptions{Active: &inactive})
	if err != nil {
		return res, err
	}
	disabled := map[int64]bool{}
	for _, u := range off.Users {
		disabled[u.ID] = true
	}
	for _, u := range res.Users {
		if disabled[u.ID] {
			res.Disabled = append(res.Disabled, u)
		}
	}
	return res, nil
}

// chunks is how many lookups n entries take (100 a request).
func chunks(n int) int { return (n + 99) / 100 }
