package tab

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// What a tab offers follows what the session may do: a service account
// may try everything (the pod decides); a session on behalf of a user only
// what the app's permission table enables and the pod has not refused
// (ui.Common.Access). Each tab names, in one place, the endpoints each of
// its actions calls; an action the session may not perform disappears from
// keys, hints and help as in read-only mode, and its key says why.

// Action is something a tab does on the pod: its key as the tab offers
// it, and the endpoints ("POST /pod/v1/room/{id}/membership/add") it calls.
type Action struct {
	Key       key.Binding
	Endpoints []string
}

// Act is the action of b, relabelled desc ("" keeps b's help), that calls
// endpoints.
func Act(b key.Binding, desc string, endpoints ...string) Action {
	if desc != "" {
		b = Relabel(b, desc)
	}
	return Action{Key: b, Endpoints: endpoints}
}

// Offered is the action's binding as the tab offers it now: disabled in
// read-only mode and while the session may not call one of its endpoints.
// Tabs use it where they list their bindings and where they match keys.
func (a Action) Offered(c *ui.Common) key.Binding { return c.Gate(a.Key, a.Endpoints...) }

// WhyNot answers a key of an action the session may not perform (read-only
// mode aside: it says nothing there): a warning naming the action and the
// refusal, in place of the silence of a key that matches nothing. nil when
// k is no such key.
func WhyNot(c *ui.Common, k tea.KeyMsg, actions ...Action) tea.Cmd {
	for _, a := range actions {
		if !key.Matches(k, a.Key) {
			continue
		}
		if why := c.Refusal(a.Endpoints...); why != "" {
			return ui.Warn(a.Key.Help().Desc + " is not available: " + ui.Sanitize(why))
		}
	}
	return nil
}
