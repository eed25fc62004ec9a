package pod

import (
	"context"
	"iter"
	"net/http"
	"strconv"
)

// streamMembersPageSize is the admin membership list's maximum ("not to exceed 1000").
const streamMembersPageSize = 1000

// RoomMembers lists a room's current members, unpaged
// (GET /pod/v2/room/{id}/membership/list).
func (c *Client) RoomMembers(ctx context.Context, roomID string) ([]MemberInfo, error) {
	var ms []MemberInfo
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/room/{id}/membership/list", params: []string{URLSafeStreamID(roomID)}}, &ms)
	return ms, err
}

// RoomMembersAdmin lists any room's members as an administrator, past
// members too when includePast (GET /pod/v1/admin/room/{id}/membership/list).
func (c *Client) RoomMembersAdmin(ctx context.Context, roomID string, includePast bool) ([]MemberInfo, error) {
	var ms []MemberInfo
	q := map[string][]string{"includePastMembers": {strconv.FormatBool(includePast)}}
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/room/{id}/membership/list", params: []string{URLSafeStreamID(roomID)}, query: q}, &ms)
	return ms, err
}

// StreamMembers returns one page of the members of any stream (IM, MIM or
// room), with user details (admin; GET /pod/v1/admin/stream/{id}/membership/list).
// limit is at most 1000.
func (c *Client) StreamMembers(ctx context.Context, streamID string, skip, limit int) (MembershipList, error) {
	var list MembershipList
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/admin/stream/{id}/membership/list", params: []string{URLSafeStreamID(streamID)}, query: skipLimit(skip, limit)}, &list)
	return list, err
}

// AllStreamMembers walks every member of a stream, by the list's count.
func (c *Client) AllStreamMembers(ctx context.Context, streamID string) iter.Seq2[StreamMember, error] {
	return pagedByCount(ctx, streamMembersPageSize, func(ctx context.Context, skip, limit int) (countedPage[StreamMember], error) {
		list, err := c.StreamMembers(ctx, streamID, skip, limit)
		return counted(list.Members, int64(list.Count)), err
	})
}

// AddMember adds a user to a room (POST /pod/v1/room/{id}/membership/add).
// The caller must be allowed to invite (an owner, or any member when the
// room lets members invite).
func (c *Client) AddMember(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/room/{id}/membership/add", roomID, userID)
}

// RemoveMember removes a user from a room (POST /pod/v1/room/{id}/membership/remove).
func (c *Client) RemoveMember(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/room/{id}/membership/remove", roomID, userID)
}

// PromoteOwner makes a member an owner of the room
// (POST /pod/v1/room/{id}/membership/promoteOwner).
func (c *Client) PromoteOwner(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/room/{id}/membership/promoteOwner", roomID, userID)
}

// DemoteOwner makes an owner a plain member again
// (POST /pod/v1/room/{id}/membership/demoteOwner).
func (c *Client) DemoteOwner(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/room/{id}/membership/demoteOwner", roomID, userID)
}

// AddMemberAdmin adds a user to any room as an administrator
// (POST /pod/v1/admin/room/{id}/membership/add).
func (c *Client) AddMemberAdmin(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/admin/room/{id}/membership/add", roomID, userID)
}

// RemoveMemberAdmin removes a user from any room as an administrator
// (POST /pod/v1/admin/room/{id}/membership/remove).
func (c *Client) RemoveMemberAdmin(ctx context.Context, roomID string, userID int64) error {
	return c.membership(ctx, "/pod/v1/admin/room/{id}/membership/remove", roomID, userID)
}

// membership sends one membership change. Each lands the same state when
// replayed, so they are retried like reads.
func (c *Client) membership(ctx context.Context, route, roomID string, userID int64) error {
	return c.do(ctx, call{method: http.MethodPost, route: route, params: []string{URLSafeStreamID(roomID)}, body: UserRef{ID: userID}, effect: writes}, nil)
}
