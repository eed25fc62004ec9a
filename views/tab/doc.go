// Package tab holds what the console's tabs share: their dependencies
// (Deps: the pod client, the user-name cache, the presence tracker), who the
// session is and what a typed user reference names, the rows an action
// targets, the presence message and labels, and the helpers that lay out a
// tab's frame. It imports no tab; every tab imports it.
package tab
