package pod

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
)

// roomSearchPageSize is the room search's maximum ("must not exceed 100").
const roomSearchPageSize = 100

// CreateRoom creates a room; unset attributes take the pod's defaults, a
// private room (POST /pod/v3/room/create). It is not retried once it may
// have reached the pod: a replay could create a twin room. When the answer
// is lost it looks for the room (by name, created by us since the request)
// and returns it if found, else an *OutcomeUnknownError.
func (c *Client) CreateRoom(ctx context.Context, attrs RoomChanges) (Room, error) {
	var r Room
	sent := c.now()
	err := c.do(ctx, createCall("/pod/v3/room/create", attrs), &r)
	if le, ok := lost(err); ok {
		name := ""
		if attrs.Name != nil {
			name = *attrs.Name
		}
		err = c.confirm(ctx, le, fmt.Sprintf("create room %q", name), func(ctx context.Context) (bool, string, error) {
			return c.findCreatedRoom(ctx, attrs, sent, &r)
		})
	}
	return r, err
}

// RoomSearchOptions page a room search.
type RoomSearchOptions struct {
	Skip, Limit            int  // Limit at most 100; 0 takes the pod's default (50)
	IncludeNonDiscoverable bool // also rooms only their members can find
}

// SearchRooms returns one page of a room search (POST /pod/v3/room/search).
func (c *Client) SearchRooms(ctx context.Context, criteria RoomSearchCriteria, opts RoomSearchOptions) (RoomSearchResults, error) {
	q := skipLimit(opts.Skip, opts.Limit)
	if opts.IncludeNonDiscoverable {
		q.Set("includeNonDiscoverable", "true")
	}
	var res RoomSearchResults
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v3/room/search", query: q, body: criteria}, &res)
	return res, err
}

// SearchAllRooms walks every page of a room search, by its count.
func (c *Client) SearchAllRooms(ctx context.Context, criteria RoomSearchCriteria, includeNonDiscoverable bool) iter.Seq2[Room, error] {
	return pagedByCount(ctx, roomSearchPageSize, func(ctx context.Context, skip, limit int) (countedPage[Room], error) {
		res, err := c.SearchRooms(ctx, criteria, RoomSearchOptions{Skip: skip, Limit: limit, IncludeNonDiscoverable: includeNonDiscoverable})
		return counted(res.Rooms, res.Count), err
	})
}

// RoomInfo describes a room (GET /pod/v3/room/{id}/info).
func (c *Client) RoomInfo(ctx context.Context, roomID string) (Room, error) {
	var r Room
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v3/room/{id}/info", params: []string{URLSafeStreamID(roomID)}}, &r)
	return r, err
}

// UpdateRoom changes the attributes set in changes (POST /pod/v3/room/{id}/update).
func (c *Client) UpdateRoom(ctx context.Context, roomID string, changes RoomChanges) (Room, error) {
	var r Room
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v3/room/{id}/update", params: []string{URLSafeStreamID(roomID)}, body: changes, effect: writes}, &r)
	return r, err
}

// SetRoomActive deactivates (active=false: no messages, membership locked)
// or reactivates a room (POST /pod/v1/room/{id}/setActive). The pod answers
// with the v1 room shape.
func (c *Client) SetRoomActive(ctx context.Context, roomID string, active bool) (RoomDetailV1, error) {
	return c.setRoomActive(ctx, "/pod/v1/room/{id}/setActive", roomID, active)
}

// SetRoomActiveAdmin does the same as an administrator, for any room
// (POST /pod/v1/admin/room/{id}/setActive).
func (c *Client) SetRoomActiveAdmin(ctx context.Context, roomID string, active bool) (RoomDetailV1, error) {
	return c.setRoomActive(ctx, "/pod/v1/admin/room/{id}/setActive", roomID, active)
}

func (c *Client) setRoomActive(ctx context.Context, route, roomID string, active bool) (RoomDetailV1, error) {
	var d RoomDetailV1
	q := map[string][]string{"active": {strconv.FormatBool(active)}}
	err := c.do(ctx, call{method: http.MethodPost, route: route, params: []string{URLSafeStreamID(roomID)}, query: q, effect: writes}, &d)
	return d, err
}
