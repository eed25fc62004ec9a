package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// themeCommand names the theme, or changes it.
const themeCommand = "theme"

// setTheme runs ":theme [NAME]".
func (m *Model) setTheme(arg string) tea.Cmd {
	st := m.c.Styles
	if arg == "" {
		return m.say(LevelInfo, "theme "+st.Theme+" (themes: "+strings.Join(ThemeNames(), ", ")+")")
	}
	if err := m.c.SetTheme(arg); err != nil {
		return m.say(LevelError, Sanitize(err.Error()))
	}
	m.restyle()
	if st.Applied == monoTheme.Name {
		return m.say(LevelInfo, "theme "+st.Theme+": no colour while NO_COLOR is set")
	}
	return m.say(LevelInfo, "theme "+st.Theme)
}

// restyle drops what the frame and the views cached with the old styles.
func (m *Model) restyle() {
	m.hintsKey, m.errKey = "", errorWrapKey{}
	for _, v := range m.views {
		if r, ok := v.(Restyler); ok {
			r.Restyle()
		}
	}
}
