package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func writeKeys(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runeKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestLoadKeyMapMissingFileIsTheDefaults(t *testing.T) {
	km, err := loadKeyMap(filepath.Join(t.TempDir(), "absent.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(runeKey("j"), km.Nav.Down) {
		t.Error("defaults not loaded")
	}
}

func TestLoadKeyMapFlatAndGrouped(t *testing.T) {
	path := writeKeys(t, `
nav.down: [n, down]
action:
  refresh: F5
  remove: [ctrl+k]
`)
	km, err := loadKeyMap(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(runeKey("n"), km.Nav.Down) || key.Matches(runeKey("j"), km.Nav.Down) {
		t.Errorf("nav.down = %q", km.Nav.Down.Keys())
	}
	if got := km.Action.Refresh.Keys(); len(got) != 1 || got[0] != "f5" {
		t.Errorf("action.refresh = %q", got)
	}
	if !key.Matches(tea.KeyMsg{Type: tea.KeyCtrlK}, km.Action.Remove) {
		t.Errorf("action.remove = %q", km.Action.Remove.Keys())
	}
}

func TestLoadKeyMapReadOnly(t *testing.T) {
	km, err := loadKeyMap(writeKeys(t, "action.remove: ctrl+k\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	if km.Action.Remove.Enabled() || !km.ReadOnly() {
		t.Error("read-only did not disable remove")
	}
}

func TestLoadKeyMapErrorsNameFileAndKey(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown action", "# mine\nnav.sideways: x\n", []string{`line 2: unknown action "nav.sideways"`}},
		{"unknown key", "nav:\n  up: k\n  down: hyper+j\n", []string{`line 3: action "nav.down"`, `unknown key "hyper+j"`}},
		{"conflict", "nav.down: q\n", []string{"line 1:", `"global.quit"`, `"nav.down"`}},
		{"conflict in the file", "action.refresh: ctrl+k\n\naction:\n  remove: [ctrl+k]\n", []string{"line 4:", `"action.refresh"`, `"action.remove"`}},
		{"every problem", "bogus.key: x\nnav.down: hyper+j\n", []string{`line 1: unknown action "bogus.key"`, `line 2: action "nav.down"`}},
		{"bad value", "nav.down: {a: b}\n", []string{"line 1", "nav.down", "want a key or a list of keys"}},
		{"not a mapping", "- j\n", []string{"line 1", "mapping"}},
		{"twice", "nav.down: j\nnav:\n  down: k\n", []string{"line 3", "nav.down", "twice"}},
		{"bad yaml", "nav.down: [j\n", []string{"yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeKeys(t, tt.yaml)
			_, err := loadKeyMap(path, false)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, l := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(l, path+": ") {
					t.Errorf("error line %q does not start with the file", l)
				}
			}
		})
	}
}

func TestConsoleKeyMapReadsTheHomeFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.MkdirAll(filepath.Join(home, ".config", "symtui"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, keysFileRel), []byte("global.quit: Q\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	km, err := consoleKeyMap(false)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(runeKey("Q"), km.Global.Quit) || key.Matches(runeKey("q"), km.Global.Quit) {
		t.Errorf("global.quit = %q", km.Global.Quit.Keys())
	}
}

// TestREADMEKeysExampleLoads loads the keys.yaml example the README shows,
// so the README cannot show a file the console refuses.
func TestREADMEKeysExampleLoads(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	example := readmeKeysExample(t, string(data))
	km, err := loadKeyMap(writeKeys(t, example), false)
	if err != nil {
		t.Fatalf("the README's keys.yaml example fails:\n%s\n%v", example, err)
	}
	f, err := parseKeyBindings([]byte(example))
	if err != nil || len(f.keys) == 0 {
		t.Fatalf("example parses to %v, %v", f.keys, err)
	}
	for _, e := range km.Entries() {
		if want, ok := f.keys[e.Name]; ok && strings.Join(e.Binding.Keys(), ",") != strings.Join(want, ",") {
			t.Errorf("%s = %q, the README says %q", e.Name, e.Binding.Keys(), want)
		}
	}
}

// readmeKeysExample is the indented block after the paragraph on keys.yaml.
func readmeKeysExample(t *testing.T, readme string) string {
	t.Helper()
	_, after, ok := strings.Cut(readme, "`~/.config/symtui/keys.yaml`")
	if !ok {
		t.Fatal("README.md no longer mentions ~/.config/symtui/keys.yaml")
	}
	var b strings.Builder
	for _, l := range strings.Split(after, "\n") {
		switch {
		case strings.HasPrefix(l, "    "):
			b.WriteString(strings.TrimPrefix(l, "    ") + "\n")
		case b.Len() > 0 && strings.TrimSpace(l) != "":
			return b.String()
		}
	}
	if b.Len() == 0 {
		t.Fatal("README.md shows no indented keys.yaml example after mentioning the file")
	}
	return b.String()
}
