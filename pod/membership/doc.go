// Package membership plans and applies room membership changes at scale:
// a room's members set to a list (members set), and a user taken out of
// every room (offboarding). A plan is a pure function of the pod's state,
// read afresh, and of who makes the changes (the Actor): each change says
// which endpoint it takes — the room's own, the admin variant, or the
// room's own on behalf of one of its owners — or why none can make it. The
// runner applies a plan a few calls at a time (pod/bulk: one 429 gate,
// stoppable) and checks the pod again when a call fails, so a change
// someone else made meanwhile is not an error. The console and the CLI
// share it.
package membership
