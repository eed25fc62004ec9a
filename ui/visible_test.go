package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestVisibleNamesWhatCannotBeShown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"Zoë 東京 🚀", "Zoë 東京 🚀"},
		{"\x1b[31mred", "⟨ESC⟩[31mred"},
		{"a\x00b", "a⟨NUL⟩b"},
		{"safe\rEVIL", "safe⟨CR⟩EVIL"},
		{"a\nb\tc", "a⟨LF⟩b⟨TAB⟩c"},
		{"x\x7fy", "x⟨DEL⟩y"},
		{"admin\u202egnp.exe", "admin⟨U+202E⟩gnp.exe"},
		{"\u2066a\u2069\u200fb\u061c", "⟨U+2066⟩a⟨U+2069⟩⟨U+200F⟩b⟨U+061C⟩"},
		{"a\u200bb\ufeff", "a⟨U+200B⟩b⟨U+FEFF⟩"},
		{"l\u2028p\u2029", "l⟨U+2028⟩p⟨U+2029⟩"},
		{"\u009b2J", "⟨U+009B⟩2J"},
		{"bad\xffbyte", "bad⟨0xFF⟩byte"},
		{"keep\ufffd", "keep⟨U+FFFD⟩"},
	}
	for _, tt := range tests {
		got := Visible(tt.in)
		if got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if Faithful(tt.in) != (got == tt.in) {
			t.Errorf("Faithful(%q) = %v, but Visible changes it: %v", tt.in, Faithful(tt.in), got != tt.in)
		}
		checkSafe(t, tt.in, got)
	}
}

// Every placeholder is distinct text, so what the form shows maps back to
// exactly one raw value: Visible is injective on runes that need one.
func TestVisibleIsExactForEveryUnsafeRune(t *testing.T) {
	seen := map[string]rune{}
	for r := rune(0); r <= 0xe007f; r++ {
		if !Unsafe(r) {
			continue
		}
		v := Visible(string(r))
		if prev, dup := seen[v]; dup {
			t.Fatalf("%U and %U both show as %q", prev, r, v)
		}
		seen[v] = r
		if !strings.HasPrefix(v, "⟨") || !strings.HasSuffix(v, "⟩") {
			t.Fatalf("%U shows as %q", r, v)
		}
	}
}

func TestCleanKeyDropsWhatTheTerminalCannotShow(t *testing.T) {
	paste := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a\x1b]8;;https://evil.example/\x1b\\b\u202ec\td"), Paste: true}
	k, ok := CleanKey(paste)
	if !ok || string(k.Runes) != "abc d" {
		t.Fatalf("CleanKey(paste) = %q, %v", string(k.Runes), ok)
	}
	if _, ok := CleanKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{0x202e}}); ok {
		t.Fatal("a key of nothing but U+202E is passed on")
	}
	if k, ok := CleanKey(tea.KeyMsg{Type: tea.KeyEnter}); !ok || k.Type != tea.KeyEnter {
		t.Fatal("enter is not passed on")
	}
	k, ok = CleanLinesKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a@x.com\r\nb\u200b@x.com\rc\x1b[2J"), Paste: true})
	if !ok || string(k.Runes) != "a@x.com\nb@x.com\nc" {
		t.Fatalf("CleanLinesKey = %q, %v", string(k.Runes), ok)
	}
}

func TestGuardFrameKeepsStylesAndDropsTheRest(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "a\nb", "a\nb"},
		{"SGR kept", "\x1b[1;38;5;12mbold\x1b[0m\nx", "\x1b[1;38;5;12mbold\x1b[0m\nx"},
		{"OSC 52 dropped whole", "a\x1b]52;c;AAAA\x07b\nc", "ab\nc"},
		{"unterminated OSC ends at its line", "a\x1b]8;;https://evil\nnext", "a\nnext"},
		{"cursor move dropped", "a\x1b[2Jb", "ab"},
		{"bidi and CR dropped", "x\u202ey\rz", "xy z"},
		{"C1 CSI dropped", "p\u009b31mq", "pq"},
	}
	for _, tt := range tests {
		if got := guardFrame(tt.in); got != tt.want {
			t.Errorf("%s: guardFrame(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	clean := strings.Repeat("\x1b[38;5;2mrow\x1b[0m text │ more\n", 40)
	if n := testing.AllocsPerRun(50, func() { _ = guardFrame(clean) }); n != 0 {
		t.Errorf("guardFrame allocates %v times on a clean frame", n)
	}
}

// BenchmarkGuardFrame is the guard's cost on a clean 160x50 frame with
// colours, what every View pays.
func BenchmarkGuardFrame(b *testing.B) {
	line := strings.Repeat("\x1b[38;5;2mcell\x1b[0m Zoë 東京 │ ", 10)
	frame := strings.Repeat(line+"\n", 50)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = guardFrame(frame)
	}
}

// The guard's byte-level shortcut judges every rune as Unsafe and the
// UTF-8 decoder do.
func TestGuardJudgesEveryRuneLikeUnsafe(t *testing.T) {
	for r := rune(0x80); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		s := string(r) + "x"
		if got, want := safeRuneLen(s, 0) > 0, !Unsafe(r); got != want {
			t.Fatalf("%U: judged safe %v, want %v", r, got, want)
		}
	}
	for _, bad := range []string{"\xc3", "\xc3A", "\xe2\x80", "\xe2\x94A", "\xe3\x81", "\xed\xa0\x80", "\xe0\x80\x80", "\xc0\xaf", "\xff", "\xf4\x90\x80\x80"} {
		if n := safeRuneLen(bad, 0); n != 0 {
			t.Fatalf("%q: judged a safe rune of %d bytes", bad, n)
		}
	}
}
