package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The mouse finds what it clicked through zones: while the mouse is on,
// what can be clicked (a tab, a table, a dialog button) writes an invisible
// marker where it starts, with its size; the root takes the markers out of
// each frame before it reaches the terminal and keeps where they were. So
// nothing needs to know where its parents put it, and a click on what the
// last frame showed finds it.

// zone is a clickable place of the last frame, in cells.
type zone struct{ id, x, y, w, h int }

func (z zone) contains(x, y int) bool { return x >= z.x && x < z.x+z.w && y >= z.y && y < z.y+z.h }

// Zone ids: the dialog buttons, the tabs (zoneTab+i), and the tables (from
// zoneTable, one each).
const (
	zoneYes   = 1
	zoneNo    = 2
	zoneTab   = 100
	zoneTable = 1000
)

// wheelRows is how far one notch of the wheel moves a list.
const wheelRows = 3

// mark is the marker of zone id, w x h cells from where it is written; ""
// while the mouse is off. It is a CSI sequence with a final byte terminals
// do not use, so an unstripped one would still draw nothing (and the frame
// guard removes it).
func (s *Styles) mark(id, w, h int) string {
	if !s.marks {
		return ""
	}
	return "\x1b[" + strconv.Itoa(id) + ";" + strconv.Itoa(w) + ";" + strconv.Itoa(h) + "z"
}

// extractZones takes the markers out of frame and returns where they
// were, appended to zones.
func extractZones(frame string, zones []zone) (string, []zone) {
	var b strings.Builder
	b.Grow(len(frame))
	y, lineStart := 0, 0 // lineStart: where the current line starts in b
	for i := 0; i < len(frame); {
		j := strings.IndexByte(frame[i:], 0x1b)
		if j < 0 {
			b.WriteString(frame[i:])
			break
		}
		chunk := frame[i : i+j]
		if nl := strings.LastIndexByte(chunk, '\n'); nl >= 0 {
			y += strings.Count(chunk, "\n")
			lineStart = b.Len() + nl + 1
		}
		b.WriteString(chunk)
		i += j
		if z, n, ok := parseMark(frame[i:]); ok {
			z.x, z.y = ansi.StringWidth(b.String()[lineStart:]), y
			zones = append(zones, z)
			i += n
			continue
		}
		b.WriteByte(0x1b)
		i++
	}
	return b.String(), zones
}

// parseMark reads a marker at the start of s: its zone and its length.
func parseMark(s string) (zone, int, bool) {
	if len(s) < 3 || s[1] != '[' {
		return zone{}, 0, false
	}
	var nums [3]int
	k, n := 0, 0
	for i := 2; i < len(s) && i < 40; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		case c == ';' && k < 2:
			nums[k], k, n = n, k+1, 0
		case c == 'z' && k == 2:
			nums[2] = n
			return zone{id: nums[0], w: nums[1], h: nums[2]}, i + 1, true
		default:
			return zone{}, 0, false
		}
	}
	return zone{}, 0, false
}

// zoneOf is where zone id was in the last frame.
func (c *Common) zoneOf(id int) (zone, bool) {
	for _, z := range c.zones {
		if z.id == id {
			return z, true
		}
	}
	return zone{}, false
}

// zoneAt is the zone of the last frame at x, y among ids [from, to).
func (c *Common) zoneAt(x, y, from, to int) (zone, bool) {
	for _, z := range c.zones {
		if z.id >= from && z.id < to && z.contains(x, y) {
			return z, true
		}
	}
	return zone{}, false
}

// isClick is a press of the left button; wheel reports -1 or 1 for the
// wheel up or down, 0 otherwise.
func isClick(ev tea.MouseEvent) bool {
	return ev.Button == tea.MouseButtonLeft && ev.Action == tea.MouseActionPress
}

func wheel(ev tea.MouseEvent) int {
	switch ev.Button {
	case tea.MouseButtonWheelUp:
		return -1
	case tea.MouseButtonWheelDown:
		return 1
	}
	return 0
}

// WheelStep is how a view scrolls for msg: -1 (up) or 1 (down) notch, 0
// when msg is not the wheel. Views without a table use it for their own
// lists.
func WheelStep(msg tea.MouseMsg) int { return wheel(tea.MouseEvent(msg)) * wheelRows }

// keyFor is the key message of b's first key: what a click on a button
// bound to b stands for.
func keyFor(b interface{ Keys() []string }) (tea.KeyMsg, bool) {
	ks := b.Keys()
	if len(ks) == 0 {
		return tea.KeyMsg{}, false
	}
	name, alt := strings.CutPrefix(ks[0], "alt+")
	if name == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}, Alt: alt}, true
	}
	if t, ok := keyTypes[name]; ok {
		return tea.KeyMsg{Type: t, Alt: alt}, true
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name), Alt: alt}, true
}

// keyTypes are the named keys by name ("enter", "ctrl+k").
var keyTypes = func() map[string]tea.KeyType {
	m := map[string]tea.KeyType{}
	for t := tea.KeyType(-200); t < 200; t++ {
		if s := t.String(); s != "" && s != "runes" {
			if _, dup := m[s]; !dup {
				m[s] = t
			}
		}
	}
	return m
}()
