package inert

import "strings"

// Sanitize makes a string from the pod (or the config) safe to put on
// the terminal, on one line. It is the one choke point for such text: it
//   - removes escape sequences whole: CSI, OSC (also unterminated, which
//     would swallow the rest of the frame), DCS, APC, PM, SOS, two-byte ESC
//     sequences, and their 8-bit C1 introducers (U+009B, U+009D, ...);
//   - drops the remaining C0 and C1 controls and DEL;
//   - drops bidi overrides and isolates (Trojan Source), zero-width and
//     every other invisible character, which hide or reorder what the
//     operator reads;
//   - turns \n, \r, \t (and the Unicode line/paragraph separators) into
//     spaces, so "\r" cannot overwrite the line;
//   - replaces invalid UTF-8 with U+FFFD.
//
// It is idempotent, and returns s itself (no allocation) when s is plain
// printable ASCII. Sanitize each value before joining it to other text:
// an unterminated sequence swallows the rest of the string it is in.
func Sanitize(s string) string {
	if PlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s) // invalid UTF-8 becomes U+FFFD here
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(rs, i+1)
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(rs, i+1)
		case r == 0x9d, r == 0x90, r == 0x98, r == 0x9e, r == 0x9f: // 8-bit OSC, DCS, SOS, PM, APC
			i = skipString(rs, i+1)
		case r == '\n' || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case Unsafe(r):
			// other controls, bidi controls and zero-width characters: dropped
		default: // including U+FFFD for invalid UTF-8
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PlainASCII reports whether s is printable ASCII only: nothing to clean.
func PlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// The escape parsers follow a terminal's (the VT500 state machine): a C0
// control inside a sequence is executed and the sequence goes on, so it is
// dropped and the rest of the sequence with it; CAN and SUB abort the
// sequence; ESC aborts it and starts a new one. Stopping early instead
// would print the rest of the sequence ("31m", "]8;;https://…") as text.

// inSequenceControl reports a C0 control a terminal executes without
// leaving the sequence it is parsing.
func inSequenceControl(r rune) bool {
	return r < 0x20 && r != 0x1b && r != 0x18 && r != 0x1a
}

// skipEscape skips the sequence whose ESC was at i-1 and returns the index
// of its last rune.
func skipEscape(rs []rune, i int) int {
	for i < len(rs) && inSequenceControl(rs[i]) {
		i++
	}
	if i >= len(rs) {
		return i - 1
	}
	switch rs[i] {
	case '[':
		return skipCSI(rs, i+1)
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC
		return skipString(rs, i+1)
	case 0x1b, 0x18, 0x1a: // a new sequence, or aborted: the next round sees it
		return i - 1
	}
	// nF escape: intermediates 0x20–0x2F then one final byte 0x30–0x7E.
	j := i
	for j < len(rs) && ((rs[j] >= 0x20 && rs[j] <= 0x2f) || inSequenceControl(rs[j])) {
		j++
	}
	if j < len(rs) && rs[j] >= 0x30 && rs[j] <= 0x7e {
		return j
	}
	// Not a valid sequence: drop the ESC (and the intermediates) only.
	return j - 1
}

// skipCSI skips parameters 0x30–0x3F, intermediates 0x20–0x2F and the final
// byte 0x40–0x7E. Any other rune ends the sequence early and is itself
// processed normally (an ESC, CAN or SUB as an abort).
func skipCSI(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r >= 0x20 && r <= 0x3f, inSequenceControl(r):
		case r >= 0x40 && r <= 0x7e:
			return i
		default:
			return i - 1
		}
	}
	return len(rs) - 1
}

// skipString skips a control string up to its terminator (BEL, ESC \ or
// 8-bit ST); CAN and SUB abort it. Unterminated, it runs to the end: a
// terminal would swallow everything after it too.
func skipString(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		switch rs[i] {
		case 0x07, 0x9c, 0x18, 0x1a:
			return i
		case 0x1b:
			if i+1 < len(rs) && rs[i+1] == '\\' {
				return i + 1
			}
		}
	}
	return len(rs) - 1
}
