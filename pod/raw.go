package pod

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// RawRecord is one record as the pod sent it, byte for byte (the answer,
// or its element for the one asked about), with the endpoint it came
// from. It is for showing an operator what the pod said: the typed
// models drop what they do not name and normalise what they keep.
type RawRecord struct {
	Endpoint string // "GET /pod/v2/admin/user/{uid}"
	Body     json.RawMessage
}

// ErrNotInAnswer is the error of a raw read whose answer does not hold
// the record asked about (a member who left, a user the pod no longer
// finds).
var ErrNotInAnswer = errors.New("the pod's answer does not hold it")

// rawGet reads cl's answer as it is.
func (c *Client) rawGet(ctx context.Context, cl call) (RawRecord, error) {
	var body json.RawMessage
	err := c.do(ctx, cl, &body)
	return RawRecord{Endpoint: cl.endpoint(), Body: body}, err
}

// RawUserDetail is a user's admin record as the pod sends it
// (GET /pod/v2/admin/user/{uid}).
func (c *Client) RawUserDetail(ctx context.Context, uid int64) (RawRecord, error) {
	return c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v2/admin/user/{uid}", params: []string{idParam(uid)}})
}

// RawUser is a user's record of the user lookup as the pod sends it, for
// a session that may not read admin records or a user of another pod
// (GET /pod/v3/users?uid=): the element of its "users" list.
func (c *Client) RawUser(ctx context.Context, uid int64) (RawRecord, error) {
	q := url.Values{"uid": {strconv.FormatInt(uid, 10)}, "local": {"false"}}
	rec, err := c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v3/users", query: q})
	if err != nil {
		return rec, err
	}
	var list struct {
		Users []json.RawMessage `json:"users"`
	}
	if len(rec.Body) == 0 || json.Unmarshal(rec.Body, &list) != nil {
		return rec, ErrNotInAnswer
	}
	return pick(rec, list.Users, func(b []byte) bool { return idIs(b, "id", uid) })
}

// RawRoomInfo is a room's record as the pod sends it (GET /pod/v3/room/{id}/info).
func (c *Client) RawRoomInfo(ctx context.Context, roomID string) (RawRecord, error) {
	return c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v3/room/{id}/info", params: []string{URLSafeStreamID(roomID)}})
}

// RawMember is a member's entry of a room's membership list as the pod
// sends it (GET /pod/v2/room/{id}/membership/list): the list has no
// endpoint of its own for one member.
func (c *Client) RawMember(ctx context.Context, roomID string, uid int64) (RawRecord, error) {
	rec, err := c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v2/room/{id}/membership/list", params: []string{URLSafeStreamID(roomID)}})
	if err != nil {
		return rec, err
	}
	var members []json.RawMessage
	if len(rec.Body) == 0 || json.Unmarshal(rec.Body, &members) != nil {
		return rec, ErrNotInAnswer
	}
	return pick(rec, members, func(b []byte) bool { return idIs(b, "id", uid) })
}

// RawConnection is the caller's connection with a user as the pod sends
// it (GET /pod/v1/connection/user/{userId}/info).
func (c *Client) RawConnection(ctx context.Context, uid int64) (RawRecord, error) {
	return c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v1/connection/user/{userId}/info", params: []string{idParam(uid)}})
}

// RawPresence is a user's presence as the pod sends it
// (GET /pod/v3/user/{uid}/presence; local=false, as the console asks).
func (c *Client) RawPresence(ctx context.Context, uid int64) (RawRecord, error) {
	q := url.Values{"local": {"false"}}
	return c.rawGet(ctx, call{method: http.MethodGet, route: "/pod/v3/user/{uid}/presence", params: []string{idParam(uid)}, query: q})
}

// pick narrows rec to the element of items that is the one asked about.
func pick(rec RawRecord, items []json.RawMessage, is func([]byte) bool) (RawRecord, error) {
	for _, it := range items {
		if is(it) {
			rec.Body = it
			return rec, nil
		}
	}
	rec.Body = nil
	return rec, ErrNotInAnswer
}

// idIs reports whether the JSON object b has field equal to the number id.
func idIs(b []byte, field string, id int64) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return false
	}
	var n json.Number
	return json.Unmarshal(obj[field], &n) == nil && n.String() == strconv.FormatInt(id, 10)
}
