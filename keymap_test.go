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
		{"unknown action", "nav.sideways: x\n", []string{`unknown action "nav.sideways"`}},
		{"unknown key", "nav.down: hyper+j\n", []string{`"nav.down"`, `unknown key "hyper+j"`}},
		{"conflict", "nav.down: q\n", []string{`"global.quit"`, `"nav.down"`}},
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
			for _, w := range append(tt.want, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
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
