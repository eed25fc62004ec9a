package tab

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/export"
	"symtui/ui"
)

// IsExport reports whether msg is ":export FILE" or ":export! FILE",
// which the root hands to the view on screen.
func IsExport(msg tea.Msg) bool {
	c, ok := msg.(ui.CommandMsg)
	return ok && (c.Name == "export" || c.Name == "export!")
}

// Export answers an :export command with what the view shows: sheet holds
// every row the filter and the sort let through, in their order, loaded
// or not yet scrolled to (taken in Update, from the view's data). The
// file is written in the command; the status line says how many rows went
// where. one and many name the rows ("user", "users"); partial says the
// view was still loading, so the file holds only what had arrived.
func Export(msg ui.CommandMsg, sheet export.Sheet, one, many string, partial bool) tea.Cmd {
	path := strings.TrimSpace(msg.Arg)
	if path == "" {
		return ui.Warn("usage: :export FILE (.csv, .json or .jsonl); :export! FILE overwrites it")
	}
	if _, err := export.FormatOf(path); err != nil {
		return ui.Error(err)
	}
	overwrite := strings.HasSuffix(msg.Name, "!")
	rows := Plural(len(sheet.Rows), "1 "+one, ui.Thousands(len(sheet.Rows))+" "+many)
	return func() tea.Msg {
		abs, err := export.ToFile(path, overwrite, sheet)
		if err != nil {
			return ui.StatusMsg{Level: ui.LevelError, Text: "export: " + err.Error()}
		}
		if partial {
			return ui.StatusMsg{Level: ui.LevelWarning, Text: "exported " + rows + " to " + abs + ": loading was not done, more may follow", Verbatim: true}
		}
		// The path as written: a file's name is no credential, and the
		// shapes the status line withholds catch ordinary paths too.
		return ui.StatusMsg{Level: ui.LevelInfo, Text: "exported " + rows + " to " + abs, Verbatim: true}
	}
}
