package pod

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// searchPageSize is the page size for walking a user search: the spec
// states no maximum; count-based paging copes if the pod caps it lower.
const searchPageSize = 100

// lookupChunk is the most entries one GET /pod/v3/users accepts (spec:
// "Search lists may contain up to 100 elements").
const lookupChunk = 100

// SearchUsers returns one page of a user search (POST /pod/v1/user/search).
// local limits it to this pod's users; otherwise the directory search also
// finds visible users of other pods. No match (204) is an empty page.
func (c *Client) SearchUsers(ctx context.Context, q UserSearchQuery, local bool, skip, limit int) (UserSearchResults, error) {
	query := skipLimit(skip, limit)
	query.Set("local", strconv.FormatBool(local))
	var res UserSearchResults
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/user/search", query: query, body: q}, &res)
	return res, err
}

// SearchAllUsers walks every page of a user search.
func (c *Client) SearchAllUsers(ctx context.Context, q UserSearchQuery, local bool) iter.Seq2[User, error] {
	return pagedByCount(ctx, searchPageSize, func(ctx context.Context, skip, limit int) (countedPage[User], error) {
		res, err := c.SearchUsers(ctx, q, local, skip, limit)
		return counted(res.Users, res.Count), err
	})
}

// LookupOptions narrow a user lookup.
type LookupOptions struct {
	Local  bool  // only this pod's users; otherwise visible users of other pods too
	Active *bool // nil: any status; true: enabled only; false: disabled only
}

// UsersByID looks users up by id (GET /pod/v3/users?uid=). Any number of ids
// may be given: they are sent 100 per request, a few requests at once, and
// the answers merged in the order asked,
// including the entries the pod rejected (UserList.Errors). Unknown ids are
// simply absent.
func (c *Client) UsersByID(ctx context.Context, ids []int64, opts LookupOptions) (UserList, error) {
	return c.lookupUsers(ctx, "uid", formatIDs(ids), opts)
}

// UsersByEmail looks users up by email address, 100 per request.
func (c *Client) UsersByEmail(ctx context.Context, emails []string, opts LookupOptions) (UserList, error) {
	return c.lookupUsers(ctx, "email", emails, opts)
}

// UsersByUsername looks users up by username, 100 per request. The pod
// only resolves usernames locally, so Local is always sent as true.
func (c *Client) UsersByUsername(ctx context.Context, usernames []string, opts LookupOptions) (UserList, error) {
	opts.Local = true // spec: "for username search, the local flag must be true"
	return c.lookupUsers(ctx, "username", usernames, opts)
}

// lookupNouns name what a lookup's values are, for errors.
var lookupNouns = map[string]string{"uid": "user id", "email": "email", "username": "username"}

func (c *Client) lookupUsers(ctx context.Context, key string, values []string, opts LookupOptions) (UserList, error) {
	chunks := slices.Collect(slices.Chunk(values, lookupChunk))
	pages := make([]UserList, len(chunks)) // each stays empty on 204 "No user found"
	failed, err := inParallel(ctx, len(chunks), lookupWorkers, func(ctx context.Context, k int) error {
		chunk := chunks[k]
		subject := countOf(len(chunk), lookupNouns[key])
		if len(values) > len(chunk) {
			subject += fmt.Sprintf(" (of %d)", len(values))
		}
		q := url.Values{key: {strings.Join(chunk, ",")}, "local": {strconv.FormatBool(opts.Local)}}
		if opts.Active != nil {
			q.Set("active", strconv.FormatBool(*opts.Active))
		}
		return c.do(ctx, call{method: http.MethodGet, route: "/pod/v3/users", query: q, subject: subject}, &pages[k])
	})
	// The answers in the order asked, up to the first chunk that failed.
	var out UserList
	for _, page := range pages[:failed] {
		out.Users = append(out.Users, page.Users...)
		out.Errors = append(out.Errors, page.Errors...)
	}
	return out, err
}

// skipLimit is the query of a skip/limit page; non-positive values are left
// out so the pod's defaults apply.
func skipLimit(skip, limit int) url.Values {
	q := url.Values{}
	if skip > 0 {
		q.Set("skip", strconv.Itoa(skip))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return q
}

// counted wraps a page whose answer carries a total. A zero total next to
// items means the pod left the field out, so the total is unknown.
func counted[T any](items []T, count int64) countedPage[T] {
	return countedPage[T]{Items: items, Count: count, HasCount: count > 0 || len(items) == 0}
}

// idParam renders a numeric id for a path.
func idParam(id int64) string { return strconv.FormatInt(id, 10) }

// formatIDs renders numeric ids for a comma-separated query value.
func formatIDs(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idParam(id)
	}
	return out
}
