// Package rooms is the Rooms tab: rooms found by name, member or owner
// (the whole pod's list for an admin), their detail, create, edit and
// deactivate; and each room's members, with add (one through a picker,
// or many pasted at once), remove, promote and demote.
package rooms
