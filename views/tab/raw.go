package tab

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
)

// Raw reads a record again from the pod and opens it as the pod sent it
// (ui.NewRawView), titled title. The views hold trimmed records, not the
// pod's bytes (a whole directory of raw answers would weigh several times
// the directory), so the record shown is the pod's answer now, which the
// view names with its endpoint and time. fetch runs in the command with a
// call context; a failure goes to the status line.
func Raw(c *ui.Common, d Deps, title string, fetch func(ctx context.Context) (pod.RawRecord, error)) tea.Cmd {
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
