package ui

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are built once per program from a renderer and a theme
// (theme.go), so the color profile is the terminal's, not a global's. Every
// colour comes from the theme; selection uses reverse video, so foreground
// and background can never coincide.
//
// NO_COLOR removes colour, not emphasis: whatever the theme, the styles
// then carry no colour at all, and what colour alone told apart gets an
// attribute instead (warnings bold, errors bold and reversed, recent
// changes underlined). The active tab and the cursor row are reversed
// either way; marked rows are bold and the table's gutter marks cursor and
// selection besides.
type Styles struct {
	Renderer *lipgloss.Renderer

	App       lipgloss.Style // the whole frame
	Header    lipgloss.Style
	AppName   lipgloss.Style
	Pod       lipgloss.Style
	Muted     lipgloss.Style
	ReadOnly  lipgloss.Style // the RO badge
	ConnOK    lipgloss.Style
	ConnWarn  lipgloss.Style
	ConnBad   lipgloss.Style
	Stale     lipgloss.Style
	TabActive lipgloss.Style
	Tab       lipgloss.Style
	TabCount  lipgloss.Style

	StatusInfo  lipgloss.Style
	StatusWarn  lipgloss.Style
	StatusError lipgloss.Style
	HintKey     lipgloss.Style
	HintDesc    lipgloss.Style

	TableHeader    lipgloss.Style
	TableCursor    lipgloss.Style // the cursor row (whole line)
	TableSelected  lipgloss.Style // rows marked with space
	TableHighlight lipgloss.Style // rows that changed recently
	TableAlarm     lipgloss.Style // rows that tell of a failure (SetAlarm)
	TableFooter    lipgloss.Style

	DialogBorder lipgloss.Style
	DialogTitle  lipgloss.Style
	Danger       lipgloss.Style
	ButtonActive lipgloss.Style
	Button       lipgloss.Style
	FieldLabel   lipgloss.Style
	FieldError   lipgloss.Style
	HelpGroup    lipgloss.Style
	Pane         lipgloss.Style // border of the side pane

	// Theme is the theme asked for (auto included); Applied the one in
	// effect ("mono" under NO_COLOR).
	Theme, Applied string
	contexts       map[string]lipgloss.Style // context badges by colour name
	plainContext   lipgloss.Style            // a context without a colour
	// gen changes whenever the styles are replaced, so that what was drawn
	// with the old ones is drawn again.
	gen uint64
	// marks: components mark the places the mouse can click (mouse.go).
	marks bool
}

// NewRenderer is the console's renderer on w. termenv answers NO_COLOR
// with its Ascii profile, which drops bold, reverse and underline along
// with colour, and the active tab, the cursor row and marked rows would
// look like every other. Under NO_COLOR the renderer keeps the terminal's
// own profile instead (at most ANSI: attributes are all it is used for,
// NewStyles sets no colour); a terminal without escape sequences (TERM=dumb,
// not a terminal) stays Ascii unless CLICOLOR_FORCE asks for them.
func NewRenderer(w io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	o := r.Output()
	if !o.EnvNoColor() {
		return r
	}
	p := o.ColorProfile() // the terminal's, NO_COLOR aside
	if f := os.Getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		p = min(p, termenv.ANSI) // profiles run from TrueColor (0) to Ascii (3)
	}
	r.SetColorProfile(max(p, termenv.ANSI))
	return r
}

// NewStyles builds the styles of the auto theme for r: dark or light as
// the terminal's background is.
func NewStyles(r *lipgloss.Renderer) *Styles {
	st, _ := NewThemedStyles(r, ThemeAuto)
	return st
}

// NewThemedStyles builds the styles of the theme called name for r
// (colourless when NO_COLOR is set). It resolves the terminal background
// once, here, rather than lazily during rendering.
func NewThemedStyles(r *lipgloss.Renderer, name string) (*Styles, error) {
	if !ValidTheme(name) {
		return nil, fmt.Errorf("unknown theme %q (themes: %s)", name, strings.Join(ThemeNames(), ", "))
	}
	dark := r.HasDarkBackground()
	th, _ := LookupTheme(name)
	switch {
	case r.Output().EnvNoColor():
		th = monoTheme
	case name == ThemeAuto && dark:
		th = darkTheme
	case name == ThemeAuto:
		th = lightTheme
	}
	s := buildStyles(r, th)
	s.Theme = name
	return s, nil
}

// buildStyles turns th into the console's styles: the theme gives the
// colours and emphasis of each role, this the structure (borders, bold
// titles, reversed selection).
func buildStyles(r *lipgloss.Renderer, th Theme) *Styles {
	s := &Styles{Renderer: r, Applied: th.Name}
	n := r.NewStyle
	bold := func(p Paint) Paint { p.Bold = true; return p }
	badge := func(p Paint) Paint { // a colour badge: reversed unless it has its own background
		p.Bold, p.Reverse = true, p.Bg == ""
		return p
	}
	s.App = n()
	s.Header = n()
	s.AppName = bold(th.Accent).style(r)
	s.Pod = n().Bold(true)
	s.Muted = th.Muted.style(r)
	s.ReadOnly = badge(th.Warn).style(r)
	s.ConnOK = th.OK.style(r)
	s.ConnWarn = th.Warn.style(r)
	s.ConnBad = bold(th.Alarm).style(r)
	s.Stale = bold(th.Warn).style(r)
	s.TabActive = n().Bold(true).Reverse(true)
	s.Tab = n()
	s.TabCount = th.Muted.style(r)

	s.StatusInfo = n()
	s.StatusWarn = th.Warn.style(r)
	s.StatusError = bold(th.Alarm).style(r)
	s.HintKey = n().Bold(true)
	s.HintDesc = th.Muted.style(r)

	s.TableHeader = n().Bold(true).Underline(true)
	s.TableCursor = n().Reverse(true)
	s.TableSelected = th.Selected.style(r)
	s.TableHighlight = th.Highlight.style(r)
	s.TableAlarm = th.Alarm.style(r)
	s.TableFooter = th.Muted.style(r)

	s.DialogBorder = n().Border(lipgloss.NormalBorder()).Padding(0, 1)
	s.DialogTitle = n().Bold(true)
	s.Danger = bold(th.Bad).style(r)
	s.ButtonActive = n().Bold(true).Reverse(true)
	s.Button = n()
	s.FieldLabel = n().Bold(true)
	s.FieldError = th.Bad.style(r)
	s.HelpGroup = n().Bold(true).Underline(true)
	s.Pane = n().Border(lipgloss.NormalBorder(), false, false, false, true)

	s.plainContext = n().Bold(true).Reverse(true)
	s.contexts = map[string]lipgloss.Style{}
	for name, p := range th.Contexts {
		s.contexts[name] = badge(p).style(r)
	}
	return s
}

// ContextBadge is the style of the header's context name for the colour
// the contexts file gave it ("" or a colour the theme lacks: reversed).
func (s *Styles) ContextBadge(colour string) lipgloss.Style {
	if st, ok := s.contexts[colour]; ok {
		return st
	}
	return s.plainContext
}
