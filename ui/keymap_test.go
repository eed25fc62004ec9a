package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

func TestDefaultKeyMapHasNoConflicts(t *testing.T) {
	if err := DefaultKeyMap().Conflicts(); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultKeyMapEveryBindingHasKeysAndHelp(t *testing.T) {
	for _, e := range DefaultKeyMap().Entries() {
		if len(e.Binding.Keys()) == 0 || e.Binding.Help().Desc == "" || e.Binding.Help().Key == "" {
			t.Errorf("%s: keys %q help %+v", e.Name, e.Binding.Keys(), e.Binding.Help())
		}
		for _, k := range e.Binding.Keys() {
			if _, err := normalizeKey(k); err != nil {
				t.Errorf("%s: default %v", e.Name, err)
			}
		}
	}
}

func TestDestructiveActionsNeedAModifier(t *testing.T) {
	km := DefaultKeyMap()
	for name, b := range map[string]key.Binding{
		"remove": km.Action.Remove, "deactivate": km.Action.Deactivate, "reject": km.Action.Reject,
		"suspend": km.Action.Suspend,
	} {
		for _, k := range b.Keys() {
			if k == strings.ToLower(k) && !strings.Contains(k, "+") && k != "delete" {
				t.Errorf("%s is bound to the bare key %q", name, k)
			}
		}
	}
}

// The actions only one view offers are in the keymap like the others: a
// name for keys.yaml, the key the view always had, and read-only mode
// switches off those that change the pod.
func TestViewActionsAreInTheKeyMap(t *testing.T) {
	want := map[string]struct {
		key      string
		mutating bool
	}{
		"action.bulk_add": {"b", true}, "action.copy_email": {"C", false}, "action.suspend": {"Z", true},
		"action.features": {"F", true}, "action.message": {"m", true}, "action.filter_status": {"f", false},
		"action.pause": {"z", false}, "action.set_other": {"E", true},
	}
	for _, e := range DefaultKeyMap().Entries() {
		w, ok := want[e.Name]
		if !ok {
			continue
		}
		delete(want, e.Name)
		if strings.Join(e.Binding.Keys(), ",") != w.key || e.Mutating != w.mutating {
			t.Errorf("%s: keys %q mutating %v; want %q %v", e.Name, e.Binding.Keys(), e.Mutating, w.key, w.mutating)
		}
	}
	for name := range want {
		t.Errorf("%s is not in the keymap", name)
	}
}

func TestRebind(t *testing.T) {
	km := DefaultKeyMap()
	err := km.Rebind(map[string][]string{"nav.down": {"n", "down"}, "table.select": {"space"}, "action.refresh": {"ctrl+r"}})
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(keyMsg("n"), km.Nav.Down) || key.Matches(keyMsg("j"), km.Nav.Down) {
		t.Errorf("nav.down keys = %q", km.Nav.Down.Keys())
	}
	if got := km.Nav.Down.Help(); got.Key != "n/down" || got.Desc != "down" {
		t.Errorf("help after rebind = %+v (help must follow the keys)", got)
	}
	if !key.Matches(keyMsg(" "), km.Table.Select) {
		t.Error(`"space" should bind the space key`)
	}
}

func TestRebindErrorsNameTheActionAndLeaveTheKeymapAlone(t *testing.T) {
	tests := []struct {
		name  string
		binds map[string][]string
		want  []string
	}{
		{"unknown action", map[string][]string{"nav.sideways": {"x"}}, []string{`unknown action "nav.sideways"`}},
		{"unknown key", map[string][]string{"nav.down": {"ctrl+shift+hyper+j"}}, []string{`action "nav.down"`, `unknown key "ctrl+shift+hyper+j"`}},
		{"conflict", map[string][]string{"nav.down": {"q"}}, []string{`"global.quit"`, `"nav.down"`, `key "q"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			km := DefaultKeyMap()
			err := km.Rebind(tt.binds)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %s", err, w)
				}
			}
			if got := km.Nav.Down.Keys(); strings.Join(got, ",") != "j,down" {
				t.Errorf("keymap changed by a failed rebind: nav.down = %q", got)
			}
		})
	}
}

func TestSameKeyInDifferentScopesIsNoConflict(t *testing.T) {
	km := DefaultKeyMap()
	// "y" confirms in dialogs and shows the raw record in the main scope;
	// "n" says no in dialogs, and copy may take it in the main scope.
	if err := km.Conflicts(); err != nil {
		t.Fatal(err)
	}
	if err := km.Rebind(map[string][]string{"action.copy": {"n"}}); err != nil {
		t.Fatal(err)
	}
}

func TestSetReadOnlyDisablesEveryMutatingBinding(t *testing.T) {
	km := DefaultKeyMap()
	km.SetReadOnly(true)
	for _, e := range km.Entries() {
		if e.Mutating == e.Binding.Enabled() {
			t.Errorf("%s: mutating=%v enabled=%v", e.Name, e.Mutating, e.Binding.Enabled())
		}
	}
	if key.Matches(keyMsg("X"), km.Action.Remove) {
		t.Error("remove still matches in read-only mode")
	}
	if !key.Matches(keyMsg("j"), km.Nav.Down) {
		t.Error("navigation disabled by read-only mode")
	}
	// A rebind keeps the read-only state; turning it off restores the keys.
	if err := km.Rebind(map[string][]string{"action.remove": {"ctrl+x"}, "action.reject": {"ctrl+r"}}); err != nil {
		t.Fatal(err)
	}
	if km.Action.Remove.Enabled() {
		t.Error("rebinding re-enabled a mutating binding in read-only mode")
	}
	km.SetReadOnly(false)
	if !key.Matches(keyMsg("ctrl+x"), km.Action.Remove) {
		t.Error("remove not restored")
	}
}
