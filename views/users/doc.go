// Package users is the Users tab: the whole pod's users, loaded in the
// background and searched, with a detail pane, live presence, and the
// actions on one user or the marked ones: create, edit, disable, enable,
// suspend, roles, features, copy and IM.
package users
