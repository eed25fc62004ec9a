package tab

import (
	"path/filepath"
	"strings"
	"testing"

	"symtui/export"
	"symtui/ui"
)

// The export's line counts the rows as every count of the console does:
// thousands separated.
func TestExportSaysTheCountWithSeparators(t *testing.T) {
	sheet := export.Sheet{Headers: []string{"ID"}}
	for range 90028 {
		sheet.Rows = append(sheet.Rows, []string{"1"})
	}
	path := filepath.Join(t.TempDir(), "users.csv")
	msg, ok := Export(ui.CommandMsg{Name: "export", Arg: path}, sheet, "user", "users", false)().(ui.StatusMsg)
	if !ok || !strings.HasPrefix(msg.Text, "exported 90,028 users to ") {
		t.Fatalf("status %#v", msg)
	}
}
