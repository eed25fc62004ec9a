package users

import (
	"testing"

	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// Every key the Users tab offers is a keymap binding: rebinding in
// keys.yaml, conflict checks and read-only mode reach all of them.
func TestUsersBindingsComeFromTheKeyMap(t *testing.T) {
	c := viewtest.NewCommon(false)
	viewtest.CheckKeyMapBindings(t, c, map[string]ui.View{"users": New(c, tab.Deps{})})
}
