package ui

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// helpDescs maps each group title to the descriptions it lists.
func helpDescs(groups []helpGroup) map[string][]string {
	out := map[string][]string{}
	for _, g := range groups {
		for _, b := range g.bindings {
			out[g.title] = append(out[g.title], b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}

// A keymap binding a view relabels is listed under the view with what it
// does there; one it offers as is stays in its keymap group; read-only
// leaves the mutating ones out.
func TestHelpGroupsViewLabels(t *testing.T) {
	for _, ro := range []bool{false, true} {
		km := DefaultKeyMap()
		km.SetReadOnly(ro)
		a := km.Action
		addRole := a.Promote
		addRole.SetHelp(addRole.Help().Key, "add role")
		got := helpDescs(helpGroups(km, "Users", []key.Binding{addRole, a.CopyEmail, a.Suspend, a.Refresh}))
		if has := slices.Contains(got["Users"], "+ add role"); has == ro {
			t.Errorf("ro=%v: Users group %q", ro, got["Users"])
		}
		if has := slices.Contains(got["Actions"], "Z suspend / unsuspend"); has == ro {
			t.Errorf("ro=%v: Actions group %q", ro, got["Actions"])
		}
		if !slices.Contains(got["Actions"], "C copy email") || !slices.Contains(got["Actions"], "r refresh") {
			t.Errorf("ro=%v: Actions group %q", ro, got["Actions"])
		}
		for _, descs := range got {
			if slices.Contains(descs, "+ make owner") {
				t.Errorf("ro=%v: the generic label of a relabelled key is listed: %q", ro, got)
			}
		}
	}
}
