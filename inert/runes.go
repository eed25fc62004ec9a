// Package inert says which characters must never reach a terminal as
// themselves. The console's sanitizer (ui.Sanitize) drops them from what
// it draws; the config loader refuses them in names and addresses, where
// they can only be a mistake or an attack.
package inert

import (
	"fmt"
	"unicode"
)

// Unsafe reports whether r must never reach the terminal as itself: C0
// and C1 controls and DEL (they drive the terminal), the line and
// paragraph separators (they break the line), and every invisible
// character: the format characters (Cf: bidi controls, zero-width
// characters, the soft hyphen, musical-symbol formatting...), the rest of
// Unicode's default-ignorable code points (Hangul fillers, the combining
// grapheme joiner, the tag and reserved plane-14 characters) and the
// variation selectors. An invisible character hides or reorders what the
// operator reads, or makes two different names look alike.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029:
		return true
	case r < 0x34f && r != 0xad: // printable Latin, Greek and combining marks
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		(r >= 0xe0000 && r <= 0xe0fff) // default-ignorable, reserved ones included
}

// Name is how an unsafe rune is spoken of in a message: "U+001B (ESC)",
// "U+202E".
func Name(r rune) string {
	if r < 0x20 {
		return fmt.Sprintf("U+%04X (%s)", r, c0Names[r])
	}
	if r == 0x7f {
		return "U+007F (DEL)"
	}
	return fmt.Sprintf("U+%04X", r)
}

// c0Names are the usual abbreviations of the C0 controls, tab spelt out.
var c0Names = [0x20]string{
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
}

// C0Name is the abbreviation of the C0 control r ("ESC"), "" for any other rune.
func C0Name(r rune) string {
	if r >= 0 && r < 0x20 {
		return c0Names[r]
	}
	return ""
}

// First is the first unsafe rune of s and its byte offset; ok is false
// when s has none. Invalid UTF-8 is not its business.
func First(s string) (r rune, at int, ok bool) {
	for i, r := range s {
		if Unsafe(r) {
			return r, i, true
		}
	}
	return 0, 0, false
}
