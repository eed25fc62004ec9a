package ui

import (
	"io"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are built once per program from a renderer, so the color profile
// is the terminal's, not a global's. Colors are ANSI-16 (the terminal's own
// palette) with light/dark variants, readable on both backgrounds. Selection
// uses reverse video, so foreground and background can never coincide.
//
// NO_COLOR removes colour, not emphasis: the styles then carry no colour
// at all, and what colour alone told apart gets an attribute instead
// (warnings bold, errors bold and reversed, recent changes underlined). The
// active tab and the cursor row are reversed either way; marked rows are
// bold and the table's gutter marks cursor and selection besides.
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

// NewStyles builds the default theme for r: colourless when NO_COLOR is
// set. It resolves the terminal background once, here, rather than lazily
// during rendering.
func NewStyles(r *lipgloss.Renderer) *Styles {
	r.HasDarkBackground()
	mono := r.Output().EnvNoColor()
	fg := func(light, dark string) lipgloss.TerminalColor {
		if mono {
			return lipgloss.NoColor{}
		}
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	var (
		muted  = fg("8", "7")
		accent = fg("4", "14")
		ok     = fg("2", "10")
		warn   = fg("3", "11")
		bad    = fg("1", "9")
	)
	s := &Styles{Renderer: r}
	n := r.NewStyle
	s.App = n()
	s.Header = n()
	s.AppName = n().Bold(true).Foreground(accent)
	s.Pod = n().Bold(true)
	s.Muted = n().Foreground(muted)
	s.ReadOnly = n().Bold(true).Reverse(true).Foreground(warn)
	s.ConnOK = n().Foreground(ok)
	s.ConnWarn = n().Foreground(warn)
	s.ConnBad = n().Bold(true).Foreground(bad)
	s.Stale = n().Bold(true).Foreground(warn)
	s.TabActive = n().Bold(true).Reverse(true)
	s.Tab = n()
	s.TabCount = n().Foreground(muted)

	s.StatusInfo = n()
	s.StatusWarn = n().Foreground(warn)
	s.StatusError = n().Bold(true).Foreground(bad)
	s.HintKey = n().Bold(true)
	s.HintDesc = n().Foreground(muted)

	s.TableHeader = n().Bold(true).Underline(true)
	s.TableCursor = n().Reverse(true)
	s.TableSelected = n().Bold(true).Foreground(accent)
	s.TableHighlight = n().Foreground(warn)
	s.TableFooter = n().Foreground(muted)

	s.DialogBorder = n().Border(lipgloss.NormalBorder()).Padding(0, 1)
	s.DialogTitle = n().Bold(true)
	s.Danger = n().Bold(true).Foreground(bad)
	s.ButtonActive = n().Bold(true).Reverse(true)
	s.Button = n()
	s.FieldLabel = n().Bold(true)
	s.FieldError = n().Foreground(bad)
	s.HelpGroup = n().Bold(true).Underline(true)
	s.Pane = n().Border(lipgloss.NormalBorder(), false, false, false, true)
	if mono {
		s.ConnWarn = s.ConnWarn.Bold(true)
		s.ConnBad = s.ConnBad.Reverse(true)
		s.StatusWarn = s.StatusWarn.Bold(true)
		s.StatusError = s.StatusError.Reverse(true)
		s.TableHighlight = s.TableHighlight.Underline(true)
		s.FieldError = s.FieldError.Bold(true)
	}
	return s
}
