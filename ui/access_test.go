package ui

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// refusals is a Permits whose refused endpoints a test sets.
type refusals map[string]string

func (r refusals) Allows(endpoint string) (bool, string) {
	why, refused := r[endpoint]
	return !refused, why
}

// Gate hides an action the session may not perform from keys, hints and
// help, like read-only mode, and only for as long as it may not.
func TestGateHidesWhatTheSessionMayNotDo(t *testing.T) {
	c := testCommon(t)
	const add = "POST /pod/v1/room/{id}/membership/add"
	offered := func() key.Binding {
		b := c.Gate(c.Keys.Action.Add, add, "GET /pod/v2/room/{id}/membership/list")
		b.SetHelp(b.Help().Key, "add member")
		return b
	}
	inHelp := func() bool {
		return slices.Contains(helpDescs(helpGroups(c.Keys, "Rooms", []key.Binding{offered(), c.Keys.Action.Refresh}))["Rooms"], "a add member")
	}
	if !offered().Enabled() || !inHelp() || c.Refusal(add) != "" {
		t.Fatal("with no Access every action is offered")
	}
	access := refusals{}
	c.Access = access
	if !key.Matches(keyMsg("a"), offered()) || !inHelp() {
		t.Fatal("an allowed action is hidden")
	}
	access[add] = "the app lacks the permission MANAGE_ROOMS"
	if b := offered(); b.Enabled() || key.Matches(keyMsg("a"), b) || inHelp() {
		t.Fatal("a refused action still matches its key or shows in help")
	}
	if got, want := c.Refusal(add), add+": the app lacks the permission MANAGE_ROOMS"; got != want {
		t.Fatalf("Refusal = %q, want %q", got, want)
	}
	if !c.Keys.Action.Add.Enabled() {
		t.Fatal("gating changed the keymap itself: other views lose the key")
	}
	delete(access, add)
	if !offered().Enabled() {
		t.Fatal("the action stays hidden once the session may do it")
	}
	access["GET /pod/v2/room/{id}/membership/list"] = ""
	if c.Refusal(add, "GET /pod/v2/room/{id}/membership/list") == "" || offered().Enabled() {
		t.Fatal("every endpoint of the action must be allowed")
	}
}
