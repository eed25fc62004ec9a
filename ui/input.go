package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// CleanKey is what a text input may receive of k: typed or pasted runes
// with escape sequences and unsafe characters dropped as Sanitize does
// (tabs and line breaks become spaces), so
// an input never holds, draws or sends a character the terminal cannot
// show. Keys that are not text pass unchanged; ok is false when nothing
// of a text key is left.
func CleanKey(k tea.KeyMsg) (tea.KeyMsg, bool) {
	if k.Type != tea.KeyRunes {
		return k, true
	}
	clean := true
	for _, r := range k.Runes {
		if Unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return k, true
	}
	// Sanitize, not a rune filter: a pasted escape sequence goes whole,
	// not leaving "[31m" behind.
	rs := []rune(Sanitize(string(k.Runes)))
	if len(rs) == 0 {
		return k, false
	}
	k.Runes = rs
	return k, true
}

// CleanLinesKey is CleanKey for a multi-line input: line breaks are kept
// (a CR LF or lone CR becomes one), each line is cleaned as CleanKey does.
func CleanLinesKey(k tea.KeyMsg) (tea.KeyMsg, bool) {
	if k.Type != tea.KeyRunes {
		return k, true
	}
	s := strings.ReplaceAll(string(k.Runes), "\r\n", "\n")
	lines := strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	out := strings.Join(lines, "\n")
	if out == "" {
		return k, false
	}
	k.Runes = []rune(out)
	return k, true
}
