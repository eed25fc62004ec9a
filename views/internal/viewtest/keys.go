package viewtest

import (
	"slices"
	"testing"

	"symtui/ui"
)

// CheckKeyMapBindings fails for every key one of views (by name) offers
// that is no binding of c's keymap: rebinding in keys.yaml, conflict
// checks and read-only mode must reach all of them.
func CheckKeyMapBindings(t *testing.T, c *ui.Common, views map[string]ui.View) {
	t.Helper()
	var known [][]string
	for _, e := range c.Keys.Entries() {
		known = append(known, e.Binding.Keys())
	}
	for name, v := range views {
		for _, b := range v.KeyBindings() {
			if !slices.ContainsFunc(known, func(ks []string) bool { return slices.Equal(ks, b.Keys()) }) {
				t.Errorf("%s offers %q (%s), which is no keymap binding", name, b.Keys(), b.Help().Desc)
			}
		}
	}
}
