package views

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

// The commands whose tab names take an argument are listed with it in
// :help, whole, beside the tab commands (":users QUERY" searches the pod's
// users, ":rooms QUERY" its rooms, ":connections STATUS" shows one
// status), and completing a name says its argument.
func TestHelpListsTheTabCommandsArguments(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	c := viewtest.NewCommon(false)
	root, _ := wholeConsole(t, h, c, 160, 50)
	root.Update(viewtest.RuneKey("?"))
	help := root.View()
	for _, want := range []string{`:users +switch tab`, `:users QUERY +search the pod's users`, `:rooms QUERY +search the pod's rooms`,
		`:connections STATUS +show one status`} {
		if !regexp.MustCompile(want).MatchString(help) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	root.Update(viewtest.TypeKey(tea.KeyEsc))
	for _, k := range []string{":", "r", "o", "o", "m", "s"} {
		root.Update(viewtest.RuneKey(k))
	}
	root.Update(viewtest.TypeKey(tea.KeyTab))
	if out := root.View(); !strings.Contains(out, ":rooms") || !strings.Contains(out, "QUERY  search the pod's rooms") {
		t.Errorf(":rooms<tab> does not say its argument:\n%s", out)
	}
}
