package cli

import (
	"context"
	"strings"

	"symtui/pod"
)

var userHeaders = []string{"ID", "USERNAME", "DISPLAY NAME", "EMAIL", "COMPANY", "TITLE", "STATUS"}

// getUsers lists every user of the pod (admin list) or the matches of a search.
func getUsers(args []string, env Env) int {
	g := newGetCommand("users", env)
	query := g.fs.String("query", "", "search `text` (name or email); empty lists every user (admin)")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: userHeaders}
		if *query == "" {
			users, err := pod.Collect(c.AllUsers(ctx))
			for _, u := range users {
				a, s := u.UserAttributes, u.UserSystemInfo
				l.add(u, id(s.ID), a.UserName, a.DisplayName, a.EmailAddress, a.CompanyName, a.Title, userStatus(s))
			}
			return l, err
		}
		users, err := pod.Collect(c.SearchAllUsers(ctx, pod.UserSearchQuery{Query: *query}, false))
		for _, u := range users {
			l.add(u, id(u.ID), u.Username, u.DisplayName, u.EmailAddress, u.Company, u.Title, "")
		}
		return l, err
	})
}

// getUser shows one user by id or email.
func getUser(args []string, env Env) int {
	g := newGetCommand("user", env)
	return g.run(args, 1, 1, "one user ID or EMAIL", func(ctx context.Context, c *pod.Client, pos []string) (listing, error) {
		var list pod.UserList
		var err error
		if uid, isID := isUserID(pos[0]); isID {
			list, err = c.UsersByID(ctx, []int64{uid}, pod.LookupOptions{})
		} else {
			list, err = c.UsersByEmail(ctx, []string{pos[0]}, pod.LookupOptions{})
		}
		if err == nil && len(list.Users) == 0 {
			err = notFound("user " + pos[0])
		}
		l := listing{headers: []string{"ID", "USERNAME", "DISPLAY NAME", "EMAIL", "COMPANY", "TITLE", "ROLES"}, single: true}
		for _, u := range list.Users {
			l.add(u, id(u.ID), u.Username, u.DisplayName, u.EmailAddress, u.Company, u.Title, joinList(u.Roles))
		}
		return l, err
	})
}

func userStatus(s pod.UserSystemInfo) string {
	status := strings.ToLower(s.Status)
	if s.Suspended {
		status += ",suspended"
	}
	return status
}
