package main

import (
	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// consoleProgram runs model full screen on the terminal with a ui.Screen:
// a frame goes out when it changes, at once, and nothing wakes the console
// while nothing changes but the program's renderer, once a second, which
// still sets the terminal's modes.
func consoleProgram(model tea.Model, terminal ui.File, opts ...tea.ProgramOption) *tea.Program {
	out := ui.NewScreenOutput(terminal)
	opts = append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithOutput(out), tea.WithFPS(1)}, opts...)
	return tea.NewProgram(ui.NewScreen(model, out), opts...)
}

// rootOf is the console's root model inside the program's model.
func rootOf(m tea.Model) (*ui.Model, bool) {
	if s, ok := m.(*ui.Screen); ok {
		m = s.Model()
	}
	root, ok := m.(*ui.Model)
	return root, ok
}
