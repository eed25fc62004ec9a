package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"symtui/export"
	"symtui/pod"
)

// userHeaders are the console export's too.
var userHeaders = export.UserHeaders

// getUsers lists every user of the pod (admin list) or the matches of a search.
func getUsers(args []string, env Env) int {
	g := newGetCommand("users", env)
	query := g.fs.String("query", "", "search `text` (name or email); empty lists every user (admin; with --as-user a query is needed)")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: userHeaders}
		if *query == "" && g.onBehalf() {
			err := needsAdministrator("listing every user", "GET /pod/v2/admin/user/list")
			return l, fmt.Errorf("%w; search the directory as the user with --query", err)
		}
		if *query == "" {
			users, err := pod.Collect(c.AllUsers(ctx))
			for _, u := range users {
				a, s := u.UserAttributes, u.UserSystemInfo
				l.add(u, id(s.ID), a.UserName, a.DisplayName, a.EmailAddress, a.CompanyName, a.Title, userStatus(s))
			}
			return l, err
		}
		users, err := pod.Collect(c.SearchAllUsers(ctx, pod.UserSearchQuery{Query: *query}, false))
		if err != nil {
			return l, err
		}
		statuses := make([]*pod.UserStatus, len(users))
		if g.onBehalf() {
			fmt.Fprintf(env.Stderr, "%s: STATUS left empty: %s\n", g.fs.Name(), needsAdministrator("the account status", "GET /pod/v1/admin/user/{uid}/status"))
		} else if statuses, err = accountStatuses(ctx, c, users); err != nil {
			fmt.Fprintf(env.Stderr, "%s: STATUS left empty: %s\n", g.fs.Name(), oneLine(err))
		}
		for i, u := range users {
			l.add(searchedUser{User: u, Status: statuses[i]},
				id(u.ID), u.Username, u.DisplayName, u.EmailAddress, u.Company, u.Title, statusText(statuses[i]))
		}
		return l, nil
	})
}

// searchedUser is a search hit with the account status the search does not
// carry (UserV2 has none), read from the user's admin record.
type searchedUser struct {
	pod.User
	Status *pod.UserStatus `json:"accountStatus,omitempty"`
}

// statusLookups bounds the status requests in flight at once: enough to
// hide the round trips, few enough not to be throttled by the pod.
const statusLookups = 8

// accountStatuses reads the status of each of this pod's users (one admin
// request per user: no batch endpoint has it). Users of other pods (told by
// the tenant in their id) have no record here and get nil, as does a user
// the pod no longer finds. The first other failure stops the lookups: the
// account may not read admin records, and every later request would be
// refused too.
func accountStatuses(ctx context.Context, c *pod.Client, users []pod.User) ([]*pod.UserStatus, error) {
	out := make([]*pod.UserStatus, len(users))
	if len(users) == 0 {
		return out, nil
	}
	me, err := c.SessionInfo(ctx)
	if err != nil {
		return out, fmt.Errorf("who the account is: %w", err)
	}
	tenant := pod.TenantOf(me.ID)
	var (
		next     atomic.Int64
		failed   atomic.Bool
		firstErr error
		once     sync.Once
		wg       sync.WaitGroup
	)
	for range min(statusLookups, len(users)) {
		wg.Go(func() {
			for !failed.Load() && ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(users) {
					return
				}
				if pod.IsExternalUser(users[i].ID, tenant) {
					continue
				}
				s, err := c.UserStatus(ctx, users[i].ID)
				switch {
				case err == nil:
					out[i] = &s
				case !pod.IsNotFound(err) && !pod.IsBadRequest(err): // "User cannot be found"
					once.Do(func() { firstErr = fmt.Errorf("user %d: %w", users[i].ID, err) })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil && firstErr == nil {
		firstErr = err
	}
	if firstErr != nil {
		clear(out)
	}
	return out, firstErr
}

// getUser shows one user by id or email.
func getUser(args []string, env Env) int {
	g := newGetCommand("user", env)
	return g.run(args, 1, 1, "one user ID, EMAIL or USERNAME", func(ctx context.Context, c *pod.Client, pos []string) (listing, error) {
		var list pod.UserList
		var err error
		uid, isID := isUserID(pos[0])
		switch {
		case isID:
			list, err = c.UsersByID(ctx, []int64{uid}, pod.LookupOptions{})
		case strings.Contains(pos[0], "@"):
			list, err = c.UsersByEmail(ctx, []string{pos[0]}, pod.LookupOptions{})
		default: // a username: this pod's users only, as the pod looks them up
			list, err = c.UsersByUsername(ctx, []string{pos[0]}, pod.LookupOptions{})
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

// userStatus is the STATUS cell of an admin record: "enabled",
// "disabled", with ",suspended" when suspended.
func userStatus(s pod.UserSystemInfo) string { return export.UserStatus(s.Status, s.Suspended) }

func statusText(s *pod.UserStatus) string {
	if s == nil {
		return ""
	}
	return export.UserStatus(s.Status, s.Suspended)
}
