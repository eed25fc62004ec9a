package pod

import (
	"context"
	"net/http"
)

// A presence feed collects the presence changes of the pod's users between
// reads. Feeds are read-only for the pod's data, so read-only mode allows
// creating, reading and deleting them. An unread feed may expire: a read
// failing with 400 or 404 means create a new one and resync with AllPresence.

// FeedReadMax is the most records one feed read returns; a full read means
// more may be waiting.
const FeedReadMax = 500

// CreatePresenceFeed creates a feed and returns its id
// (POST /pod/v1/presence/feed/create). A replay after a lost answer leaves
// an unused feed behind, which expires unread, so it is retried like a read.
func (c *Client) CreatePresenceFeed(ctx context.Context) (string, error) {
	var s stringID
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/presence/feed/create"}, &s)
	return s.ID, err
}

// ReadPresenceFeed returns the current presence of each user whose presence
// changed since the last read, up to FeedReadMax (GET /pod/v1/presence/feed/{feedId}/read).
// A read whose answer is lost is retried, and the changes it carried are
// gone; a poller that must not miss any resyncs with AllPresence after an error.
func (c *Client) ReadPresenceFeed(ctx context.Context, feedID string) ([]Presence, error) {
	var ps []Presence
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/presence/feed/{feedId}/read", params: []string{feedID}}, &ps)
	return ps, err
}

// DeletePresenceFeed deletes a feed (POST /pod/v1/presence/feed/{feedId}/delete).
func (c *Client) DeletePresenceFeed(ctx context.Context, feedID string) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/presence/feed/{feedId}/delete", params: []string{feedID}}, nil)
}
