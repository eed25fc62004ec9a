package connections

import (
	"testing"

	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// Every key the Connections tab offers is a keymap binding: rebinding in
// keys.yaml, conflict checks and read-only mode reach all of them.
func TestConnectionsBindingsComeFromTheKeyMap(t *testing.T) {
	c := viewtest.NewCommon(false)
	viewtest.CheckKeyMapBindings(t, c, map[string]ui.View{"connections": New(c, tab.Deps{})})
}

// A rebinding reaches the status filter: the new key works, the old one no
// longer does.
func TestConnectionsActionsFollowRebinding(t *testing.T) {
	c := viewtest.NewCommon(false)
	if err := c.Keys.Rebind(map[string][]string{"action.filter_status": {"v"}}); err != nil {
		t.Fatal(err)
	}
	conns := New(c, tab.Deps{})
	conns.Update(viewtest.RuneKey("f"))
	if conns.filter != 0 {
		t.Error("f still changes the status filter after it was rebound")
	}
	conns.Update(viewtest.RuneKey("v"))
	if conns.filter != 1 {
		t.Errorf("v: filter %d; want the next status", conns.filter)
	}
}
