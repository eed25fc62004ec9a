package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The foot echoes an applied filter; one shaped like a secret is withheld
// there, while the filter matches the raw text.
func TestTableFootWithholdsASecretFilter(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	tb := NewTable(testCommon(t), Column{Title: "NAME", Min: 4, Flex: true})
	tb.SetRows([]Row{{ID: "1", Cells: []string{"ana"}}, {ID: "2", Cells: []string{"token " + jwt}}})
	tb.SetSize(200, 6)
	tb.SetFilter(jwt)
	ls := strings.Split(ansi.Strip(tb.View()), "\n")
	foot := ls[len(ls)-1]
	if tb.Shown() != 1 || !strings.Contains(foot, "/[redacted]") || strings.Contains(foot, "eyJ") {
		t.Errorf("shown %d, foot %q", tb.Shown(), foot)
	}
}
