// Package views holds the console's tabs: Users, Rooms (with members),
// Connections and the presence pane. Each view implements ui.View, talks to
// the pod only from tea.Cmds, and tags results with a generation so stale
// ones are dropped.
package views
