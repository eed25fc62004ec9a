package pod

import (
	"context"
	"iter"
	"net/http"
)

const (
	// streamPageSize pages the stream lists, whose spec states a default
	// (50) but no maximum; 100 is what the Java BDK asks for.
	streamPageSize = 100
	// adminStreamPageSize is the enterprise stream list's maximum ("cannot exceed 100").
	adminStreamPageSize = 100
)

// CreateIM opens (or finds) the IM or MIM between the caller and the given
// users and returns its stream id (POST /pod/v1/im/create). The pod answers
// the same stream for the same users, so it is retried like any write.
func (c *Client) CreateIM(ctx context.Context, userIDs ...int64) (string, error) {
	return c.createIM(ctx, "/pod/v1/im/create", userIDs)
}

// CreateIMAdmin opens (or finds) the IM or MIM between at least two users,
// the caller not included (admin; POST /pod/v1/admin/im/create).
func (c *Client) CreateIMAdmin(ctx context.Context, userIDs ...int64) (string, error) {
	return c.createIM(ctx, "/pod/v1/admin/im/create", userIDs)
}

func (c *Client) createIM(ctx context.Context, route string, userIDs []int64) (string, error) {
	if userIDs == nil {
		userIDs = []int64{} // the body is a JSON array, never null
	}
	var s stringID
	err := c.do(ctx, call{method: http.MethodPost, route: route, body: userIDs, effect: writes}, &s) // idempotent: one stream per set of users
	return s.ID, err
}

// Streams returns one page of the streams the caller is a member of, oldest
// first (POST /pod/v1/streams/list). None (204) is an empty page.
func (c *Client) Streams(ctx context.Context, f StreamFilter, skip, limit int) ([]StreamAttributes, error) {
	var streams []StreamAttributes
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/streams/list", query: skipLimit(skip, limit), body: f}, &streams)
	return streams, err
}

// AllStreams walks every stream the caller is a member of.
func (c *Client) AllStreams(ctx context.Context, f StreamFilter) iter.Seq2[StreamAttributes, error] {
	return pagedBySkip(ctx, streamPageSize, func(ctx context.Context, skip, limit int) ([]StreamAttributes, error) {
		return c.Streams(ctx, f, skip, limit)
	})
}

// AdminStreams returns one page of the enterprise's streams whose membership
// changed in the filter's time range (admin; POST /pod/v2/admin/streams/list).
// limit is at most 100.
func (c *Client) AdminStreams(ctx context.Context, f AdminStreamFilter, skip, limit int) (AdminStreamList, error) {
	var list AdminStreamList
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v2/admin/streams/list", query: skipLimit(skip, limit), body: f}, &list)
	return list, err
}

// AllAdminStreams walks the whole enterprise stream list, by its count.
func (c *Client) AllAdminStreams(ctx context.Context, f AdminStreamFilter) iter.Seq2[AdminStreamInfo, error] {
	return pagedByCount(ctx, adminStreamPageSize, func(ctx context.Context, skip, limit int) (countedPage[AdminStreamInfo], error) {
		list, err := c.AdminStreams(ctx, f, skip, limit)
		return counted(list.Streams, list.Count), err
	})
}

// StreamInfo describes any stream (GET /pod/v2/streams/{sid}/info).
func (c *Client) StreamInfo(ctx context.Context, streamID string) (StreamInfo, error) {
	var info StreamInfo
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/streams/{sid}/info", params: []string{URLSafeStreamID(streamID)}}, &info)
	return info, err
}
