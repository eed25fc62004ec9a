package tab

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// Raw reads a record again from the pod and opens it as the pod sent it
// (ui.NewRawView), titled title. The views hold trimmed records, not the
// pod's bytes (a whole directory of raw answers would weigh several times
// the directory), so the record shown is the pod's answer now, which the
// view names with its endpoint and time. fetch runs in the command with a
// call context; a failure goes to the status line. endpoint is what fetch
// calls: a session that may not call it is told so, and nothing is sent.
func Raw(c *ui.Common, d Deps, endpoint, title string, fetch func(ctx context.Context) (pod.RawRecord, error)) tea.Cmd {
	if why := c.Refusal(endpoint); why != "" {
		return ui.Warn("the raw record is not available: " + ui.Sanitize(why))
	}
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return func() tea.Msg {
		ctx, cancel := d.CallContext()
		defer cancel()
		rec, err := fetch(ctx)
		if err != nil {
			return ui.StatusMsg{Level: ui.LevelError, Text: "raw record of " + title + ": " + err.Error()}
		}
		return ui.OpenModalMsg{Modal: ui.NewRawView(c, title, rec.Endpoint+" at "+now().Format("15:04:05"), rec.Body)}
	}
}

// RawKey is the raw record's key as a tab offers it: hidden from hints and
// help while the session may not call endpoint (the key itself still
// says why, through Raw).
func RawKey(c *ui.Common, endpoint string) key.Binding { return c.Gate(c.Keys.Action.Raw, endpoint) }
