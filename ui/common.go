package ui

import (
	"os"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Common is shared by the root and every component (one per program; never
// a global, so tests can run side by side). The root writes Width and
// Height; everything else is set up once before the program runs.
type Common struct {
	Width, Height int

	Styles *Styles
	Keys   *KeyMap
	// Now is the clock every component reads (fixed in tests).
	Now func() time.Time
	// ReadOnly: mutating bindings are disabled and the header shows a badge.
	ReadOnly bool

	// Pod is the pod host shown in the header; Identity says who we are
	// (the bot or OBO user). Both are sanitised when rendered.
	Pod      string
	Identity string

	// Access says what the session may call; nil allows everything (the
	// pod decides). Views consult it through Gate and Refusal.
	Access Permits
}

// NewCommon builds a Common for a terminal: styles from r (nil means a
// renderer on stdout), the default keymap (or keys), the wall clock.
// The read-only flag is applied to the keymap.
//
// Build it before tea.NewProgram runs: resolving adaptive colors may query
// the terminal background, whose late reply would otherwise reach the input.
func NewCommon(r *lipgloss.Renderer, keys *KeyMap, readOnly bool) *Common {
	if r == nil {
		r = NewRenderer(os.Stdout)
	}
	if keys == nil {
		keys = DefaultKeyMap()
	}
	keys.SetReadOnly(readOnly)
	return &Common{
		Styles:   NewStyles(r),
		Keys:     keys,
		Now:      time.Now,
		ReadOnly: readOnly,
	}
}

// now is Now with a fallback, so a hand-built Common still works.
func (c *Common) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}
