package ui

import (
	"slices"
	"sort"

	"github.com/charmbracelet/lipgloss"
)

// This file holds every colour the console draws with, and nothing else
// may name one: styles.go builds each style from a Theme, and a test fails
// on a colour written anywhere else in the module.

// Paint is how one role of text looks: colours (empty: the terminal's own)
// and the attributes that go with them in a theme.
type Paint struct {
	Fg, Bg                   lipgloss.Color
	Bold, Underline, Reverse bool
}

// Theme is a palette of roles. Text roles are drawn on the terminal's own
// background, so a theme that sets their foreground only is made for one
// kind of background (Background says which); a role that sets both
// colours reads the same on any terminal.
type Theme struct {
	Name       string
	Background string // "dark", "light" or "" (any)

	Muted     Paint // secondary text: counts, hints, ages
	Accent    Paint // the app name
	OK        Paint // connected
	Warn      Paint // warnings, retrying, stale data, the RO badge
	Bad       Paint // danger, a field's error
	Alarm     Paint // an error on the status line, offline
	Selected  Paint // marked rows
	Highlight Paint // rows that changed recently

	// Contexts paint the header's context badge, by the colour name the
	// contexts file gives; a context without one gets the reversed badge.
	Contexts map[string]Paint
}

// ThemeAuto picks dark or light from the terminal's background.
const ThemeAuto = "auto"

// Hex values are the xterm-256 palette's, so a 256-colour terminal shows
// them exactly; a 16-colour one gets the nearest of its own.
var (
	// darkTheme: bright colours, at least 4.5:1 against a black or near-black background.
	darkTheme = Theme{
		Name: "dark", Background: "dark",
		Muted:     Paint{Fg: "#a8a8a8"},
		Accent:    Paint{Fg: "#5fafff"},
		OK:        Paint{Fg: "#5fd75f"},
		Warn:      Paint{Fg: "#ffd75f"},
		Bad:       Paint{Fg: "#ff5f5f"},
		Alarm:     Paint{Fg: "#ff5f5f", Bold: true},
		Selected:  Paint{Fg: "#5fafff", Bold: true},
		Highlight: Paint{Fg: "#ffd75f"},
		Contexts:  badges,
	}
	// lightTheme: deep colours, at least 4.5:1 against a white background
	// (ANSI yellow and grey are not readable there).
	lightTheme = Theme{
		Name: "light", Background: "light",
		Muted:     Paint{Fg: "#585858"},
		Accent:    Paint{Fg: "#005faf"},
		OK:        Paint{Fg: "#005f00"},
		Warn:      Paint{Fg: "#875f00"},
		Bad:       Paint{Fg: "#af0000"},
		Alarm:     Paint{Fg: "#af0000", Bold: true},
		Selected:  Paint{Fg: "#005faf", Bold: true},
		Highlight: Paint{Fg: "#875f00"},
		Contexts:  badges,
	}
	// highContrastTheme: text in the terminal's own colours, emphasis by
	// attributes, and states as badges that carry their own background
	// (at least 7:1), so it reads the same on any terminal.
	highContrastTheme = Theme{
		Name:      "high-contrast",
		Muted:     Paint{},
		Accent:    Paint{Bold: true, Underline: true},
		OK:        Paint{Fg: "#000000", Bg: "#00d700", Bold: true},
		Warn:      Paint{Fg: "#000000", Bg: "#ffd700", Bold: true},
		Bad:       Paint{Fg: "#ffffff", Bg: "#870000", Bold: true},
		Alarm:     Paint{Fg: "#ffffff", Bg: "#870000", Bold: true},
		Selected:  Paint{Bold: true, Underline: true},
		Highlight: Paint{Fg: "#000000", Bg: "#ffd700"},
		Contexts:  badges,
	}
	// monoTheme is every theme under NO_COLOR: no colour at all, and what
	// colour alone told apart gets an attribute instead (warnings bold,
	// errors bold and reversed, recent changes underlined).
	monoTheme = Theme{
		Name:      "mono",
		Warn:      Paint{Bold: true},
		Bad:       Paint{Bold: true},
		Alarm:     Paint{Bold: true, Reverse: true},
		Selected:  Paint{Bold: true},
		Highlight: Paint{Underline: true},
	}
	// badges: context colours, each a foreground on a background at least
	// 4.5:1 apart, so the header is readable whatever the terminal.
	badges = map[string]Paint{
		"red":     {Fg: "#ffffff", Bg: "#af0000", Bold: true},
		"orange":  {Fg: "#000000", Bg: "#ff8700", Bold: true},
		"yellow":  {Fg: "#000000", Bg: "#ffd700", Bold: true},
		"green":   {Fg: "#ffffff", Bg: "#005f00", Bold: true},
		"cyan":    {Fg: "#000000", Bg: "#00d7d7", Bold: true},
		"blue":    {Fg: "#ffffff", Bg: "#005fd7", Bold: true},
		"magenta": {Fg: "#ffffff", Bg: "#870087", Bold: true},
		"gray":    {Fg: "#ffffff", Bg: "#585858", Bold: true},
	}
)

var themes = []Theme{darkTheme, lightTheme, highContrastTheme}

// ThemeNames are the names `theme:` and :theme take, auto first.
func ThemeNames() []string {
	names := []string{ThemeAuto}
	for _, t := range themes {
		names = append(names, t.Name)
	}
	return names
}

// LookupTheme returns the theme called name; auto is resolved by the
// caller, which knows the background.
func LookupTheme(name string) (Theme, bool) {
	i := slices.IndexFunc(themes, func(t Theme) bool { return t.Name == name })
	if i < 0 {
		return Theme{}, false
	}
	return themes[i], true
}

// ValidTheme reports whether name is a theme (auto included).
func ValidTheme(name string) bool {
	_, ok := LookupTheme(name)
	return ok || name == ThemeAuto
}

// ContextColors are the colour names a context may ask for, sorted.
func ContextColors() []string {
	names := make([]string, 0, len(badges))
	for n := range badges {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ValidContextColor reports whether a context may ask for the colour name.
func ValidContextColor(name string) bool {
	_, ok := badges[name]
	return ok
}

// style is p applied to a fresh style of r.
func (p Paint) style(r *lipgloss.Renderer) lipgloss.Style {
	s := r.NewStyle()
	if p.Fg != "" {
		s = s.Foreground(p.Fg)
	}
	if p.Bg != "" {
		s = s.Background(p.Bg)
	}
	if p.Bold {
		s = s.Bold(true)
	}
	if p.Underline {
		s = s.Underline(true)
	}
	if p.Reverse {
		s = s.Reverse(true)
	}
	return s
}

// colours are the colours p sets (for the contrast tests).
func (p Paint) colours() []lipgloss.Color {
	var out []lipgloss.Color
	for _, c := range []lipgloss.Color{p.Fg, p.Bg} {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}
