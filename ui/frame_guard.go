package ui

import (
	"strings"
	"unicode/utf8"
)

// guardFrame is the last step of every frame the root draws: whatever a
// component let through, the terminal receives only text, line breaks and
// the SGR (colour and weight) sequences the styles emit. Any other escape
// sequence is removed whole, and every other unsafe character (controls,
// bidi, zero-width, line separators) is dropped. Components still sanitise
// what they draw (their widths depend on it); this makes a missed call
// harmless instead of an injection.
//
// A frame that is already clean, the usual case, is returned as is without
// allocating.
func guardFrame(s string) string {
	i := firstUnclean(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	rest := s[i:]
	for len(rest) > 0 {
		if n := sgrLen(rest); n > 0 {
			b.WriteString(rest[:n])
			rest = rest[n:]
			continue
		}
		if j := firstUnclean(rest); j != 0 {
			if j < 0 {
				j = len(rest)
			}
			b.WriteString(rest[:j])
			rest = rest[j:]
			continue
		}
		// rest starts with something unclean: an escape sequence other than
		// SGR, or an unsafe character. Sanitize knows how far it reaches.
		end := uncleanLen(rest)
		b.WriteString(Sanitize(rest[:end]))
		rest = rest[end:]
	}
	return b.String()
}

// firstUnclean is the index of the first byte that is not plain text, a
// line break or the start of an SGR sequence; -1 when there is none.
func firstUnclean(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n' || (c >= 0x20 && c < 0x7f):
			i++
		case c == 0x1b:
			n := sgrLen(s[i:])
			if n == 0 {
				return i
			}
			i += n
		case c < 0x80:
			return i
		default:
			n := safeRuneLen(s, i)
			if n == 0 {
				return i
			}
			i += n
		}
	}
	return -1
}

// safeRuneLen is the length of the rune at s[i] (not ASCII) when it is
// valid UTF-8 and safe to draw, else 0. The usual runes of a frame (Latin,
// box drawing, punctuation, CJK) are judged from their bytes; others are
// decoded.
func safeRuneLen(s string, i int) int {
	cont := func(j int) bool { return j < len(s) && s[j]&0xc0 == 0x80 }
	switch c := s[i]; {
	case c == 0xc2: // U+0080–U+00BF: C1 controls and the soft hyphen
		if cont(i+1) && s[i+1] >= 0xa0 && s[i+1] != 0xad {
			return 2
		}
		return 0
	case c >= 0xc3 && c <= 0xcc: // U+00C0–U+033F
		if cont(i + 1) {
			return 2
		}
		return 0
	case c == 0xe2 && cont(i+1) && cont(i+2): // U+2000–U+2FFF
		b1, b2 := s[i+1], s[i+2]
		if (b1 == 0x80 && ((b2 >= 0x8b && b2 <= 0x8f) || (b2 >= 0xa8 && b2 <= 0xae))) || (b1 == 0x81 && b2 >= 0xa0 && b2 <= 0xaf) {
			return 0 // zero-width, bidi marks and controls, separators, invisible operators
		}
		return 3
	case c >= 0xe3 && c <= 0xec && cont(i+1) && cont(i+2): // U+3000–U+CFFF: only the Hangul filler U+3164
		if c == 0xe3 && s[i+1] == 0x85 && s[i+2] == 0xa4 {
			return 0
		}
		return 3
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if (r == utf8.RuneError && n == 1) || Unsafe(r) {
		return 0
	}
	return n
}

// uncleanLen is how much of s (which starts unclean) Sanitize must see at
// once: up to the next line break, so a sequence that never ends swallows
// no more than its own line of the frame.
func uncleanLen(s string) int {
	if j := strings.IndexByte(s, '\n'); j > 0 {
		return j
	}
	return len(s)
}

// sgrLen is the length of the SGR sequence ESC [ params m at the start of
// s, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
