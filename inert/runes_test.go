package inert

import (
	"testing"
	"unicode"
)

// Every format character and default-ignorable code point is unsafe: each
// one is invisible, so a name holding it can hide text or pass for another.
func TestUnsafeCoversEveryInvisibleCharacter(t *testing.T) {
	for _, table := range []*unicode.RangeTable{unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Cc} {
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if unicode.Is(table, r) && !Unsafe(r) {
				t.Errorf("%U is invisible but judged safe", r)
			}
		}
	}
	for _, r := range []rune{0x3164, 0x115f, 0x1160, 0xffa0, 0x034f, 0xfe00, 0xfe0f, 0xe0100, 0xe01ef, 0x1d173, 0x1d17a, 0x2028, 0x2029, 0xe0fff} {
		if !Unsafe(r) {
			t.Errorf("%U judged safe", r)
		}
	}
}

// What people write stays: letters of every script, marks, symbols, emoji.
func TestUnsafeKeepsVisibleText(t *testing.T) {
	for _, s := range []string{"Zoë Ångström", "東京", "한국어 ㄱ", "שלום", "مرحبا", "🚀", "é", "e\u0301", "½ € ©"} {
		if r, at, ok := First(s); ok {
			t.Errorf("%q: %U at %d judged unsafe", s, r, at)
		}
	}
}

func TestName(t *testing.T) {
	for r, want := range map[rune]string{0x1b: "U+001B (ESC)", 0: "U+0000 (NUL)", 0x7f: "U+007F (DEL)", 0x202e: "U+202E"} {
		if got := Name(r); got != want {
			t.Errorf("Name(%U) = %q, want %q", r, got, want)
		}
	}
}
