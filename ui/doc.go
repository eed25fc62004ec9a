// Package ui is the frame of the console: the root model (header, tab bar,
// status line, help, command line, side pane), the View contract that tabs
// implement, and the widgets every tab shares (Table, Confirm, Form, Picker).
// The root is split by concern: root.go routes messages, root_keys.go
// dispatches keys, root_commands.go runs the command line, root_modal.go
// opens dialogs and hands back their results, and root_view.go,
// root_header.go and root_status.go draw the frame.
//
// Every component receives one *Common (size, styles, keymap, clock,
// read-only flag). Nothing in this package does I/O in Update or View:
// views run their pod calls in tea.Cmds and hand the results back as
// messages, tagged with Result so that stale answers can be dropped.
//
// Every string that came from the pod goes through Sanitize before it
// reaches the terminal. Table and the header sanitise what they are given;
// a view that renders pod text itself must call Sanitize.
package ui
