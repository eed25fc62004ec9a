package pod

import (
	"context"
	"net/http"
)

// SessionInfo returns the user the session acts as (GET /pod/v2/sessioninfo).
// The answer's Date header reaches the observer as RequestInfo.ServerDate,
// from which a caller can estimate clock skew.
func (c *Client) SessionInfo(ctx context.Context) (User, error) {
	var u User
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/sessioninfo"}, &u)
	return u, err
}
