package cli

import (
	"context"
	"fmt"
	"strings"

	"symtui/pod"
)

var connectionHeaders = []string{"ACCOUNT", "USER ID", "USER", "EMAIL", "STATUS", "FIRST REQUESTED", "UPDATED", "REQUESTS"}

// party names one end of a connection.
type party struct {
	ID           int64  `json:"id"`
	Username     string `json:"username,omitempty"`
	DisplayName  string `json:"displayName,omitempty"`
	EmailAddress string `json:"emailAddress,omitempty"`
}

func partyOf(u pod.User) party {
	return party{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, EmailAddress: u.EmailAddress}
}

// label is "Display Name (username)", or what there is of it.
func (p party) label() string {
	switch {
	case p.DisplayName != "" && p.Username != "":
		return p.DisplayName + " (" + p.Username + ")"
	case p.DisplayName != "":
		return p.DisplayName
	}
	return p.Username
}

// namedConnection is the pod's connection with both ends named: the account
// the connection list belongs to, and the other user.
type namedConnection struct {
	pod.Connection
	Account party  `json:"account"`
	User    *party `json:"user,omitempty"` // nil when the pod no longer knows the user
}

// getConnections lists connections, optionally filtered by status, naming
// both users: the account (from its session) and each other user (looked
// up 100 ids at a time).
func getConnections(args []string, env Env) int {
	g := newGetCommand("connections", env)
	status := g.fs.String("status", "ALL", "`status`: PENDING_INCOMING, PENDING_OUTGOING, ACCEPTED, REJECTED or ALL")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: connectionHeaders}
		st := pod.ConnectionStatus(strings.ToUpper(*status))
		switch st {
		case pod.ConnectionAll, pod.ConnectionAccepted, pod.ConnectionRejected, pod.ConnectionPendingIncoming, pod.ConnectionPendingOutgoing:
		default:
			return l, usageError{fmt.Sprintf("--status %q: want PENDING_INCOMING, PENDING_OUTGOING, ACCEPTED, REJECTED or ALL", *status)}
		}
		conns, err := c.Connections(ctx, st)
		if err != nil {
			return l, err
		}
		me, err := c.SessionInfo(ctx)
		if err != nil {
			return l, fmt.Errorf("who the account is: %w", err)
		}
		ids := make([]int64, len(conns))
		for i, conn := range conns {
			ids[i] = conn.UserID
		}
		found, err := c.UsersByID(ctx, ids, pod.LookupOptions{})
		if err != nil {
			return l, fmt.Errorf("resolve the names of %d users: %w", len(ids), err)
		}
		byID := make(map[int64]party, len(found.Users))
		for _, u := range found.Users {
			byID[u.ID] = partyOf(u)
		}
		account := partyOf(me)
		for _, conn := range conns {
			nc := namedConnection{Connection: conn, Account: account}
			other, known := byID[conn.UserID]
			if known {
				nc.User = &other
			}
			l.add(nc, account.label(), id(conn.UserID), other.label(), other.EmailAddress, string(conn.Status),
				millis(conn.FirstRequestedAt), millis(conn.UpdatedAt), fmt.Sprint(conn.RequestCounter))
		}
		return l, nil
	})
}
