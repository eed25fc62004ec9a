package views

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"symtui/pod"
)

var errNoSuchUser = errors.New("no such user on the pod")

// resolveUserRef reads a user id, or looks up an email or username.
func resolveUserRef(ctx context.Context, c *pod.Client, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	var list pod.UserList
	var err error
	if strings.Contains(s, "@") {
		list, err = c.UsersByEmail(ctx, []string{s}, pod.LookupOptions{})
	} else {
		list, err = c.UsersByUsername(ctx, []string{s}, pod.LookupOptions{})
	}
	if err != nil {
		return 0, err
	}
	if len(list.Users) == 0 {
		return 0, errNoSuchUser
	}
	return list.Users[0].ID, nil
}
