package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// helpGroup is a titled list of bindings.
type helpGroup struct {
	title    string
	bindings []key.Binding
}

// helpGroups builds help from the live keymap: the global keys, then the
// focused view's bindings grouped by the keymap group they come from.
// Disabled (read-only, unbound) bindings are left out.
func helpGroups(km *KeyMap, viewTitle string, viewKeys []key.Binding, hide ...key.Binding) []helpGroup {
	groups := []helpGroup{{title: "Global"}}
	index := map[string]int{"Global": 0}
	add := func(title string, b key.Binding) {
		if !b.Enabled() {
			return
		}
		for _, h := range hide {
			if sameBinding(h, b) {
				return
			}
		}
		i, ok := index[title]
		if !ok {
			i = len(groups)
			index[title] = i
			groups = append(groups, helpGroup{title: title})
		}
		groups[i].bindings = append(groups[i].bindings, b)
	}
	entries := km.Entries()
	for _, e := range entries {
		if e.Group == "Global" {
			add("Global", *e.Binding)
		}
	}
	for _, b := range viewKeys {
		group := viewTitle
		for _, e := range entries {
			if e.Group != "Global" && sameBinding(*e.Binding, b) {
				group = e.Group
				break
			}
		}
		add(group, b)
	}
	return groups
}

func sameBinding(a, b key.Binding) bool {
	return a.Help() == b.Help() && strings.Join(a.Keys(), "\x00") == strings.Join(b.Keys(), "\x00")
}

// helpOverlay is the "?" modal: the groups flowed into columns; j/k scroll
// when they do not fit; esc, ? or q close it.
type helpOverlay struct {
	c      *Common
	groups []helpGroup
	cmds   []Command
	offset int
	width  int
	height int
	done   bool
}

func (h *helpOverlay) SetSize(w, ht int)     { h.width, h.height = w, ht }
func (h *helpOverlay) Done() (tea.Msg, bool) { return nil, h.done }

func (h *helpOverlay) Update(msg tea.Msg) (Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil
	}
	km := h.c.Keys
	switch {
	case key.Matches(k, km.Nav.Down):
		h.offset++
	case key.Matches(k, km.Nav.Up):
		h.offset = max(h.offset-1, 0)
	case key.Matches(k, km.Global.Back, km.Global.Help, km.Global.Quit) || k.Type == tea.KeyCtrlC:
		h.done = true
	}
	return h, nil
}

func (h *helpOverlay) lines() []string {
	st := h.c.Styles
	colW := 34
	var cols []string
	for _, g := range h.groups {
		if len(g.bindings) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(st.HelpGroup.Render(fit(Sanitize(g.title), colW-2)))
		for _, bd := range g.bindings {
			hp := bd.Help()
			b.WriteString("\n" + st.HintKey.Render(fit(hp.Key, 12)) + " " + fit(hp.Desc, colW-15))
		}
		cols = append(cols, b.String()+"\n")
	}
	var cb strings.Builder
	cb.WriteString(st.HelpGroup.Render(fit("Commands", colW-2)))
	for _, c := range h.cmds {
		cb.WriteString("\n" + st.HintKey.Render(fit(":"+c.Name+" "+c.Args, 17)) + " " + fit(c.Help, colW-20))
	}
	cols = append(cols, cb.String())
	perRow := max((h.width-2)/colW, 1)
	var rows []string
	for i := 0; i < len(cols); i += perRow {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cols[i:min(i+perRow, len(cols))]...))
	}
	return strings.Split(strings.Join(rows, "\n"), "\n")
}

func (h *helpOverlay) View() string {
	lines := h.lines()
	body := max(h.height-1, 1)
	h.offset = min(h.offset, max(len(lines)-body, 0))
	end := min(h.offset+body, len(lines))
	out := strings.Join(lines[h.offset:end], "\n")
	return out + "\n" + h.c.Styles.Muted.Render("esc/? close · j/k scroll")
}
