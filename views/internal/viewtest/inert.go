package viewtest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"symtui/ui"
)

// leftovers are the tails of the corpus's escape sequences: drawn as text
// they mean a sequence was cut instead of removed whole. Short tails such
// as an APC's "_G" are left to LeakMark, which follows them in the corpus:
// random stream ids contain "_G" too.
var leftovers = []string{LeakMark, "]8;;", "]52;", "]0;", "[31;1m", "[2J", "[6n", "[?1049h", "Pq#0"}

// CheckDrawable fails when s holds a character unsafe to draw.
func CheckDrawable(t *testing.T, where, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: invalid UTF-8", where)
	}
	for i, r := range s {
		if r != '\n' && ui.Unsafe(r) {
			t.Fatalf("%s: draws %U at byte %d: %q", where, r, i, around(s, i))
		}
	}
}

// CheckInert is checkDrawable, and no tail of the corpus's sequences.
func CheckInert(t *testing.T, where, s string) {
	t.Helper()
	CheckDrawable(t, where, s)
	for _, line := range strings.Split(s, "\n") {
		for _, l := range leftovers {
			for off := 0; ; {
				j := strings.Index(line[off:], l)
				if j < 0 {
					break
				}
				j += off
				// Only an edit form shows a sequence's text, and then after
				// the placeholder of its introducer.
				before := line[:j]
				if !strings.Contains(before, "⟨ESC⟩") && !strings.Contains(before, "⟨U+009") {
					t.Fatalf("%s: leftover %q of an escape sequence: %q", where, l, around(line, j))
				}
				off = j + len(l)
			}
		}
	}
}

func around(s string, i int) string {
	from, to := max(i-40, 0), min(i+40, len(s))
	return s[from:to]
}
