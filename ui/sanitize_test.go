package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ops Room 1", "Ops Room 1"},
		{"unicode kept", "Zoë 東京 🚀", "Zoë 東京 🚀"},
		{"OSC 52 clipboard (BEL)", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"},
		{"OSC 52 clipboard (ST)", "a\x1b]52;c;cm0gLXJmIH4=\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC 0 title", "\x1b]0;owned\x07name", "name"},
		{"clear screen", "x\x1b[2Jy", "xy"},
		{"SGR color", "\x1b[31mred\x1b[0m", "red"},
		{"cursor report query", "a\x1b[6nb", "ab"},
		{"carriage return overwrite", "safe\rEVIL", "safe EVIL"},
		{"newline and tab", "a\nb\tc", "a b c"},
		{"unterminated OSC swallows the rest", "name\x1b]52;c;AAAA", "name"},
		{"unterminated CSI", "name\x1b[31", "name"},
		{"lone ESC at end", "name\x1b", "name"},
		{"reset terminal", "a\x1bcb", "ab"},
		{"charset designation", "a\x1b(Bb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"8-bit CSI", "x\u009b2Jy", "xy"},
		{"8-bit OSC", "x\u009d52;c;AAAA\u009cy", "xy"},
		{"8-bit CSI raw byte (invalid UTF-8)", "x\x9b2Jy", "x\uFFFD2Jy"},
		{"C0 and DEL", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"C1 controls", "a\u0085b\u008dc", "abc"},
		{"bidi override (Trojan Source)", "admin\u202egnp.exe", "admingnp.exe"},
		{"bidi isolates and marks", "\u2066a\u2069\u200eb\u200f\u061c", "ab"},
		{"zero-width", "a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"},
		{"line separator", "a\u2028b", "a b"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"CSI interrupted by text keeps the text", "\x1b[1;\u00e9x", "éx"},
		// A terminal executes a C0 control met inside a sequence and goes on
		// parsing it: so must the sanitizer, or the rest prints as text.
		{"C0 inside CSI", "a\x1b[3\x001mb", "ab"},
		{"C0 between ESC and [", "a\x1b\x07[31mb", "ab"},
		{"CR inside OSC 8", "\x1b]8;;https://evil.example/\r\x1b\\link", "link"},
		{"CAN aborts OSC", "a\x1b]8;;https://evil\x18b", "ab"},
		{"ESC aborts CSI", "a\x1b[31\x1b[0mb", "ab"},
		{"C0 inside charset designation", "a\x1b(\x00Bb", "ab"},
		{"soft hyphen, tag characters, interlinear annotation", "a\u00adb\U000E0041c\ufff9d", "abcd"},
		{"deprecated format controls", "a\u206ab\u206fc", "abc"},
		{"Hangul fillers", "\u3164\u3164a\u115fb\u1160c\uffa0d", "abcd"},
		{"grapheme joiner and variation selectors", "a\u034fb\ufe0fc\U000E0100d\u180be", "abcde"},
		{"musical-symbol format characters", "a\U0001D173b\U0001D17Ac", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizePlainASCIIDoesNotAllocate(t *testing.T) {
	s := "alice@example.com Ops Room"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize allocates %v times on plain ASCII", n)
	}
}

// checkSafe fails when out could drive the terminal or hide text.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%q) = %q: invalid UTF-8", in, out)
	}
	for i := 0; i < len(out); i++ {
		if b := out[i]; b < 0x20 || b == 0x7f {
			t.Fatalf("Sanitize(%q) = %q: control byte %#x", in, out, b)
		}
	}
	for _, r := range out {
		if Unsafe(r) {
			t.Fatalf("Sanitize(%q) = %q: rune %U survived", in, out, r)
		}
	}
	if again := Sanitize(out); again != out {
		t.Fatalf("not idempotent: Sanitize(%q) = %q, again %q", in, out, again)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b]52;c;AAAA\x07", "\x1b[2J", "a\rb", "\x1b]", "\u009b31m", "\u202e", "\x1b\x1b[", "\xff\xfe",
		"\x1bP\x1b[", "\u009d\x1b\\", "a\u200db", "\x1b(", "\x1b[?1049h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, Sanitize(in))
	})
}

func TestSanitizeBruteForceShortInputs(t *testing.T) {
	// Every 3-rune combination of the interesting runes, as a cheap,
	// deterministic complement to the fuzz test.
	alphabet := []rune{'a', 0x1b, '[', ']', '\\', 0x07, 'P', 0x9b, 0x9c, 0x9d, '\r', 0x202e, 0x200b, '2', 'J', ';'}
	var b strings.Builder
	for _, x := range alphabet {
		for _, y := range alphabet {
			for _, z := range alphabet {
				b.Reset()
				b.WriteRune(x)
				b.WriteRune(y)
				b.WriteRune(z)
				checkSafe(t, b.String(), Sanitize(b.String()))
			}
		}
	}
}
