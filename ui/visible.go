package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"symtui/inert"
)

// Placeholder marks: what a placeholder starts and ends with.
const (
	placeholderOpen  = "⟨"
	placeholderClose = "⟩"
)

// Visible shows s with every character a terminal cannot show faithfully
// as a visible placeholder: ⟨ESC⟩, ⟨NUL⟩, ⟨CR⟩, ⟨U+202E⟩, ⟨U+2028⟩, and
// ⟨0xFF⟩ for a byte that is not UTF-8. Where Sanitize makes pod data
// readable (escape sequences gone whole), Visible makes it exact: the
// operator sees every character the pod holds, in order, so an edit form
// can start from it and send exactly what the operator sees and typed.
// The result is safe to draw; it returns s itself when nothing needs a
// placeholder.
func Visible(s string) string {
	if Faithful(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, placeholderOpen+"0x%02X"+placeholderClose, s[i])
		case r < 0x20:
			b.WriteString(placeholderOpen + inert.C0Name(r) + placeholderClose)
		case r == 0x7f:
			b.WriteString(placeholderOpen + "DEL" + placeholderClose)
		case Unsafe(r), r == utf8.RuneError:
			// U+FFFD too: text inputs drop it, so it would vanish on edit.
			fmt.Fprintf(&b, placeholderOpen+"U+%04X"+placeholderClose, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Faithful reports whether s shows as itself: valid UTF-8 without a
// character Visible would replace.
func Faithful(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return faithfulRunes(s[i:])
		}
	}
	return true
}

func faithfulRunes(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || Unsafe(r) {
			return false
		}
	}
	return true
}

// HasPlaceholder reports whether s contains text that reads like one of
// Visible's placeholders: typed or kept in an edited value, it is sent as
// those characters, not as the character it names.
func HasPlaceholder(s string) bool {
	open := strings.Index(s, placeholderOpen)
	return open >= 0 && strings.Contains(s[open:], placeholderClose)
}
