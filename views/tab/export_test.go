package tab

import (
	"os"
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

// The status line names the file written as typed, even where its name is
// shaped like a token (the line's withholding would name a file that is
// not there): the message asks to be shown verbatim.
func TestExportNamesTheFileAsWritten(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	path := filepath.Join(t.TempDir(), jwt+".csv")
	sheet := export.Sheet{Headers: []string{"ID"}, Rows: [][]string{{"1"}}}
	msg, _ := Export(ui.CommandMsg{Name: "export", Arg: path}, sheet, "user", "users", false)().(ui.StatusMsg)
	if !msg.Verbatim || msg.Text != "exported 1 user to "+path {
		t.Errorf("status %#v", msg)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the file is not under the name typed: %v", err)
	}
}
