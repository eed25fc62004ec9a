package pod

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ConnectionStatus is the state of a connection between the caller and
// another user, as seen by the caller.
type ConnectionStatus string

const (
	ConnectionPendingIncoming ConnectionStatus = "PENDING_INCOMING" // they invited us
	ConnectionPendingOutgoing ConnectionStatus = "PENDING_OUTGOING" // we invited them
	ConnectionAccepted        ConnectionStatus = "ACCEPTED"
	ConnectionRejected        ConnectionStatus = "REJECTED"
	// ConnectionAll is a list filter only: every status.
	ConnectionAll ConnectionStatus = "ALL"
)

// Connection is the spec's UserConnection. Times are epoch milliseconds.
type Connection struct {
	UserID           int64            `json:"userId"`
	Status           ConnectionStatus `json:"status"`
	FirstRequestedAt int64            `json:"firstRequestedAt,omitempty"`
	UpdatedAt        int64            `json:"updatedAt,omitempty"`
	RequestCounter   int              `json:"requestCounter,omitempty"`
}

// connectionRequest is the spec's UserConnectionRequest.
type connectionRequest struct {
	UserID int64 `json:"userId"`
}

// Connection returns the caller's connection with a user
// (GET /pod/v1/connection/user/{userId}/info); 404 when there is none.
func (c *Client) Connection(ctx context.Context, userID int64) (Connection, error) {
	var conn Connection
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/connection/user/{userId}/info", params: []string{idParam(userID)}}, &conn)
	return conn, err
}

// Connections lists the caller's connections (GET /pod/v1/connection/list).
// An empty status means the pod's default, pending only; ConnectionAll asks
// for every status. Same-pod users are implicitly connected and appear only
// when their ids are given in userIDs.
func (c *Client) Connections(ctx context.Context, status ConnectionStatus, userIDs ...int64) ([]Connection, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", strings.ToUpper(string(status)))
	}
	subject := ""
	if len(userIDs) > 0 {
		q.Set("userIds", strings.Join(formatIDs(userIDs), ","))
		subject = countOf(len(userIDs), "user id")
	}
	var conns []Connection
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/connection/list", query: q, subject: subject}, &conns)
	return conns, err
}

// CreateConnection invites a user to connect (POST /pod/v1/connection/create).
// Each request counts as a new invitation, so it is not retried once it
// may have reached the pod. When the answer is lost it reads the
// connection's status: pending on our side (or accepted) is returned as
// done, anything else is an *OutcomeUnknownError.
func (c *Client) CreateConnection(ctx context.Context, userID int64) (Connection, error) {
	conn, err := c.connectionAction(ctx, "/pod/v1/connection/create", userID, creates)
	if le, ok := lost(err); ok {
		err = c.confirm(ctx, le, fmt.Sprintf("connection request to user %d", userID), func(ctx context.Context) (bool, string, error) {
			return c.findConnectionRequest(ctx, userID, &conn)
		})
	}
	return conn, err
}

// AcceptConnection accepts a user's invitation (POST /pod/v1/connection/accept).
func (c *Client) AcceptConnection(ctx context.Context, userID int64) (Connection, error) {
	return c.connectionAction(ctx, "/pod/v1/connection/accept", userID, writes)
}

// RejectConnection rejects a user's invitation (POST /pod/v1/connection/reject).
// Same-pod users are implicitly connected and cannot be rejected.
func (c *Client) RejectConnection(ctx context.Context, userID int64) (Connection, error) {
	return c.connectionAction(ctx, "/pod/v1/connection/reject", userID, writes)
}

func (c *Client) connectionAction(ctx context.Context, route string, userID int64, eff effect) (Connection, error) {
	var conn Connection
	err := c.do(ctx, call{method: http.MethodPost, route: route, body: connectionRequest{UserID: userID}, effect: eff}, &conn)
	return conn, err
}

// RemoveConnection removes the connection with a user
// (POST /pod/v1/connection/user/{uid}/remove).
func (c *Client) RemoveConnection(ctx context.Context, userID int64) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/connection/user/{uid}/remove", params: []string{idParam(userID)}, effect: writes}, nil)
}
