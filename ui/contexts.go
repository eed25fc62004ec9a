package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// ContextInfo is one pod context as :ctx lists it.
type ContextInfo struct {
	Name   string
	Detail string // what the list shows beside the name: the config, RO, as whom
}

// SwitchContextMsg asks whoever runs the console to switch to the context
// Name: a new session, client, tracker and tabs. The root only asks; it
// knows nothing of sessions.
type SwitchContextMsg struct{ Name string }

// contextsCommand lists the contexts, or switches to one.
const contextsCommand = "ctx"

// ctxPick is the payload of the :ctx picker, whose result the root keeps.
type ctxPick struct{}

// SetContexts gives the root the contexts :ctx offers, and where they come
// from (named when :ctx has nothing to offer or is given an unknown name).
func (m *Model) SetContexts(source string, list []ContextInfo) {
	m.ctxSource, m.ctxList = source, list
}

// contextCommand runs ":ctx [NAME]".
func (m *Model) contextCommand(arg string) tea.Cmd {
	if len(m.ctxList) == 0 {
		where := "the settings file"
		if m.ctxSource != "" {
			where = Sanitize(m.ctxSource)
		}
		return m.say(LevelError, "no pod contexts: list them under contexts: in "+where)
	}
	if arg == "" {
		items := make([]PickerItem, len(m.ctxList))
		for i, c := range m.ctxList {
			label := c.Name
			if c.Name == m.c.Context {
				label = "● " + label
			}
			items[i] = PickerItem{ID: c.Name, Label: label, Detail: c.Detail}
		}
		m.openModal(NewPicker(m.c, PickerOptions{ID: "contexts", Title: "Switch to the pod context", Placeholder: "filter", Items: items, Payload: ctxPick{}}), -1)
		return nil
	}
	return m.switchContext(arg)
}

// switchContext asks to switch to the context called name.
func (m *Model) switchContext(name string) tea.Cmd {
	known := make([]string, len(m.ctxList))
	found := false
	for i, c := range m.ctxList {
		known[i] = Sanitize(c.Name) // each alone: see Sanitize
		found = found || c.Name == name
	}
	switch {
	case !found:
		return m.say(LevelError, "no context "+strconv.Quote(Sanitize(name))+" in "+Sanitize(m.ctxSource)+" (contexts: "+strings.Join(known, ", ")+")")
	case name == m.c.Context:
		return m.say(LevelInfo, "already on "+Sanitize(name))
	}
	return func() tea.Msg { return SwitchContextMsg{Name: name} }
}

// ownResult handles the result of a modal the root opened itself.
func (m *Model) ownResult(res tea.Msg) tea.Cmd {
	if r, ok := res.(PickerResultMsg); ok && r.Picked {
		if _, ok := r.Payload.(ctxPick); ok {
			return m.switchContext(r.Item.ID)
		}
	}
	return nil
}
