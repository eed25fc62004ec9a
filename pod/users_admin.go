package pod

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
)

// adminUserPageSize is the largest page the admin user list and find accept
// (spec: "must not exceed 1000").
const adminUserPageSize = 1000

// ListUsers returns one page of every user of the pod (admin;
// GET /pod/v2/admin/user/list). limit is at most 1000.
func (c *Client) ListUsers(ctx context.Context, skip, limit int) ([]UserDetail, error) {
	var users []UserDetail
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/admin/user/list", query: skipLimit(skip, limit)}, &users)
	return users, err
}

// ListUserBriefs returns the same page as ListUsers with only what a list
// of users shows of each record decoded: the rest is read past, not
// stored. A page of 1,000 decodes in half the time, with a third of the
// allocations, and the decoding is most of what loading a pod's whole
// directory costs the console.
func (c *Client) ListUserBriefs(ctx context.Context, skip, limit int) ([]UserBrief, error) {
	var users []UserBrief
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/admin/user/list", query: skipLimit(skip, limit)}, &users)
	return users, err
}

// AllUsers walks every user of the pod, 1,000 per request. The answer
// carries no total, so the walk ends on a short page.
func (c *Client) AllUsers(ctx context.Context) iter.Seq2[UserDetail, error] {
	return pagedBySkip(ctx, adminUserPageSize, func(ctx context.Context, skip, limit int) ([]UserDetail, error) {
		return c.ListUsers(ctx, skip, limit)
	})
}

// FindUsers returns one page of the users matching a role, feature or
// status (admin; POST /pod/v1/admin/user/find). limit is at most 1000.
func (c *Client) FindUsers(ctx context.Context, f UserFilter, skip, limit int) ([]UserDetail, error) {
	var users []UserDetail
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/find", query: skipLimit(skip, limit), body: f}, &users)
	return users, err
}

// FindAllUsers walks every user matching the filter.
func (c *Client) FindAllUsers(ctx context.Context, f UserFilter) iter.Seq2[UserDetail, error] {
	return pagedBySkip(ctx, adminUserPageSize, func(ctx context.Context, skip, limit int) ([]UserDetail, error) {
		return c.FindUsers(ctx, f, skip, limit)
	})
}

// UserDetail returns the admin view of a user (GET /pod/v2/admin/user/{uid}).
func (c *Client) UserDetail(ctx context.Context, uid int64) (UserDetail, error) {
	var d UserDetail
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/admin/user/{uid}", params: []string{idParam(uid)}}, &d)
	return d, err
}

// CreateUser creates a user (admin; POST /pod/v2/admin/user/create). It is
// not retried once it may have reached the pod: a replay could create a twin.
// When the answer is lost it looks the username up and returns the user if
// it was created since the request, else an *OutcomeUnknownError.
func (c *Client) CreateUser(ctx context.Context, u UserCreate) (UserDetail, error) {
	var d UserDetail
	sent := c.now()
	err := c.do(ctx, createCall("/pod/v2/admin/user/create", u), &d)
	if le, ok := lost(err); ok {
		err = c.confirm(ctx, le, fmt.Sprintf("create user %q", u.UserAttributes.UserName), func(ctx context.Context) (bool, string, error) {
			return c.findCreatedUser(ctx, u, sent, &d)
		})
	}
	return d, err
}

// UpdateUser changes the attributes set in changes, leaving the others
// (admin; POST /pod/v2/admin/user/{uid}/update).
func (c *Client) UpdateUser(ctx context.Context, uid int64, attrs UserChanges) (UserDetail, error) {
	var d UserDetail
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v2/admin/user/{uid}/update", params: []string{idParam(uid)}, body: attrs, effect: writes}, &d)
	return d, err
}

// UserFeatures returns a user's feature entitlements (GET /pod/v1/admin/user/{uid}/features).
func (c *Client) UserFeatures(ctx context.Context, uid int64) ([]Feature, error) {
	var fs []Feature
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/user/{uid}/features", params: []string{idParam(uid)}}, &fs)
	return fs, err
}

// UpdateUserFeatures sets the given entitlements of a user, leaving the
// others (POST /pod/v1/admin/user/{uid}/features/update).
func (c *Client) UpdateUserFeatures(ctx context.Context, uid int64, features []Feature) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/{uid}/features/update", params: []string{idParam(uid)}, body: features, effect: writes}, nil)
}

// SystemFeatures lists the feature entitlement names the pod knows
// (GET /pod/v1/admin/system/features/list).
func (c *Client) SystemFeatures(ctx context.Context) ([]string, error) {
	var names []string
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/system/features/list"}, &names)
	return names, err
}

// Roles lists the roles the pod knows (GET /pod/v1/admin/system/roles/list).
// A user's own roles are in UserDetail.Roles.
func (c *Client) Roles(ctx context.Context) ([]RoleDetail, error) {
	var roles []RoleDetail
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/system/roles/list"}, &roles)
	return roles, err
}

// AddRole grants a role, e.g. "USER_PROVISIONING" (POST /pod/v1/admin/user/{uid}/roles/add).
func (c *Client) AddRole(ctx context.Context, uid int64, roleID string) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/{uid}/roles/add", params: []string{idParam(uid)}, body: stringID{ID: roleID}, effect: writes}, nil)
}

// RemoveRole withdraws a role (POST /pod/v1/admin/user/{uid}/roles/remove).
func (c *Client) RemoveRole(ctx context.Context, uid int64, roleID string) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/{uid}/roles/remove", params: []string{idParam(uid)}, body: stringID{ID: roleID}, effect: writes}, nil)
}

// UserStatus returns whether a user is enabled and suspended
// (GET /pod/v1/admin/user/{uid}/status).
func (c *Client) UserStatus(ctx context.Context, uid int64) (UserStatus, error) {
	var s UserStatus
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/user/{uid}/status", params: []string{idParam(uid)}}, &s)
	return s, err
}

// UpdateUserStatus enables or disables a user: status is UserEnabled or
// UserDisabled (POST /pod/v1/admin/user/{uid}/status/update).
func (c *Client) UpdateUserStatus(ctx context.Context, uid int64, status string) error {
	body := UserStatus{Status: status}
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/{uid}/status/update", params: []string{idParam(uid)}, body: body, effect: writes}, nil)
}

// SuspendUser suspends a user until the given time, with a reason
// (PUT /pod/v1/admin/user/{userId}/suspension/update). The time is sent in
// epoch milliseconds, as the Java BDK does (the spec's example looks like seconds).
func (c *Client) SuspendUser(ctx context.Context, uid int64, reason string, until time.Time) error {
	return c.updateSuspension(ctx, uid, UserSuspension{Suspended: true, SuspensionReason: reason, SuspendedUntil: until.UnixMilli()})
}

// UnsuspendUser lifts a user's suspension.
func (c *Client) UnsuspendUser(ctx context.Context, uid int64) error {
	return c.updateSuspension(ctx, uid, UserSuspension{Suspended: false})
}

func (c *Client) updateSuspension(ctx context.Context, uid int64, s UserSuspension) error {
	return c.do(ctx, call{method: http.MethodPut, route: "/pod/v1/admin/user/{userId}/suspension/update", params: []string{idParam(uid)}, body: s, effect: writes}, nil)
}

// UserStreams returns one page of the streams a user is a member of, oldest
// first (admin; POST /pod/v1/admin/user/{uid}/streams/list). None (204) is an empty page.
func (c *Client) UserStreams(ctx context.Context, uid int64, f StreamFilter, skip, limit int) ([]StreamAttributes, error) {
	var streams []StreamAttributes
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/admin/user/{uid}/streams/list", params: []string{idParam(uid)}, query: skipLimit(skip, limit), body: f}, &streams)
	return streams, err
}

// AllUserStreams walks every stream a user is a member of.
func (c *Client) AllUserStreams(ctx context.Context, uid int64, f StreamFilter) iter.Seq2[StreamAttributes, error] {
	return pagedBySkip(ctx, streamPageSize, func(ctx context.Context, skip, limit int) ([]StreamAttributes, error) {
		return c.UserStreams(ctx, uid, f, skip, limit)
	})
}
