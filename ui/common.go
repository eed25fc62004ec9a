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
	// (the bot or OBO user). Everything here is sanitised when rendered.
	Pod      string
	Identity string
	// Mouse: the program reports the mouse, and the frame takes clicks
	// and the wheel (EnableMouse). Off, the terminal keeps the mouse for
	// selecting text, and a mouse message that arrives all the same is
	// ignored.
	Mouse bool
	zones []zone // where the clickable places of the last frame were (mouse.go)
	// zoneSeq numbers the tables' zones.
	zoneSeq int

	// Context names the pod context in the header, painted with the
	// colour named by ContextColor (theme.go); both empty without contexts.
	Context, ContextColor string

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

// SetTheme replaces the styles with those of the theme called name, in
// place: every component holds the same *Styles, so the next frame is drawn
// with the new ones. What components cached from the old ones is drawn
// again: the table notices by itself, a view that caches more implements
// Restyler and the root calls it.
func (c *Common) SetTheme(name string) error {
	st, err := NewThemedStyles(c.Styles.Renderer, name)
	if err != nil {
		return err
	}
	st.gen = c.Styles.gen + 1
	st.marks = c.Styles.marks
	*c.Styles = *st
	return nil
}

// EnableMouse makes the frame take the mouse: components mark where they
// can be clicked (mouse.go) and the root acts on clicks and the wheel.
func (c *Common) EnableMouse() {
	c.Mouse = true
	c.Styles.marks = true
}

// Restyler is implemented by a view that caches styled text: Restyle drops
// that cache after the theme changed.
type Restyler interface {
	Restyle()
}
