// Package connections is the Connections tab: the caller's connections
// with every user, filtered by status, with accept, reject, remove and new
// requests through a picker of users of other pods.
package connections
