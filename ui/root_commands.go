package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// tabCommand is the command that shows v: its title, lower case, with
// dashes for spaces (":room-members").
func tabCommand(v View) string {
	return strings.ReplaceAll(strings.ToLower(Sanitize(v.Title())), " ", "-")
}

// allCommands: tab names, the registered commands, help, quit.
func (m *Model) allCommands() []Command {
	var out []Command
	for i := 0; i < m.tabs; i++ {
		out = append(out, viewCommands(m.views[i], "switch tab")...)
	}
	if m.pane >= m.tabs {
		out = append(out, viewCommands(m.views[m.pane], "zoom the side pane")...)
	}
	out = append(out, m.commands...)
	for _, v := range m.views {
		if c, ok := v.(Commander); ok {
			out = append(out, c.Commands()...)
		}
	}
	out = append(out, m.pageCommands()...)
	if len(m.ctxList) > 0 {
		out = append(out, Command{Name: contextsCommand, Args: "[NAME]", Help: "list the pod contexts, or switch to NAME"})
	}
	out = append(out, Command{Name: themeCommand, Args: "[NAME]", Help: "colour theme"})
	return append(out, Command{Name: "help", Help: "keys and commands"}, Command{Name: messagesCommand, Help: "last 100 messages in full"},
		Command{Name: "q", Help: "quit"})
}

// viewCommands is the command that shows v, and the same with its
// argument when it takes one (":users QUERY").
func viewCommands(v View, does string) []Command {
	name := tabCommand(v)
	out := []Command{{Name: name, Help: does}}
	if a, ok := v.(TabArger); ok {
		args, help := a.TabArgs()
		out = append(out, Command{Name: name, Args: Sanitize(args), Help: Sanitize(help)})
	}
	return out
}

// runCommand executes a command line (without the ":").
func (m *Model) runCommand(line string) tea.Cmd {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "":
		return nil
	case "q", "quit":
		return tea.Quit
	case "help", "h", "?":
		if f := m.focused(); f >= 0 && f < len(m.views) && arg == "" {
			m.openHelp(f)
			return nil
		}
	case messagesCommand:
		if arg == "" {
			m.flushRetrying()
			m.openModal(newMessagesModal(m.c, m.log.all()), m.focused())
			return nil
		}
	case contextsCommand:
		return m.contextCommand(arg)
	case themeCommand:
		return m.setTheme(arg)
	case exportCommand, exportCommand + "!":
		return m.focusedCommand(name, arg)
	case infoCommand:
		if arg == "" {
			return m.info()
		}
	}
	if i := m.pageNamed(name); i >= 0 && arg == "" && !m.views[i].Owns(CommandMsg{Name: name}) {
		return m.showPage(i) // a page that takes its bare command (":audit": the last 24h afresh) gets it below
	}
	for i := 0; i < m.tabs; i++ {
		if tabCommand(m.views[i]) == strings.ToLower(name) && arg == "" {
			m.SetActive(i)
			return nil
		}
	}
	if m.pane >= m.tabs && tabCommand(m.views[m.pane]) == strings.ToLower(name) && arg == "" {
		m.SetPaneMode(PaneZoomed)
		return nil
	}
	return m.dispatchCommand(CommandMsg{Name: name, Arg: arg})
}

// dispatchCommand hands cmd to the first view that owns it and shows that
// view.
func (m *Model) dispatchCommand(cmd CommandMsg) tea.Cmd {
	for i, v := range m.views {
		if !v.Owns(cmd) {
			continue
		}
		if r, ok := v.(CommandRefuser); ok {
			if refused := r.RefuseCommand(cmd); refused != nil {
				return refused // the screen stays as it is
			}
		}
		if m.isPage(i) { // the page takes the command before it shows: no load for nothing
			c := m.updateView(i, cmd)
			return tea.Batch(c, m.showPage(i))
		}
		if i < m.tabs {
			m.SetActive(i)
		} else {
			m.SetPaneMode(PaneZoomed)
		}
		return m.updateView(i, cmd)
	}
	return m.say(LevelError, "unknown command :"+cmd.Name+" (tab completes, ? lists commands)")
}
