package rooms

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// The paste dialog counts its entries as the text changes, clears them
// with ctrl+c, and names its keys as bound.
func TestBulkInputCountsEntriesAndNamesItsKeys(t *testing.T) {
	c := viewtest.NewCommon(false)
	if err := c.Keys.Rebind(map[string][]string{"form.cancel": {"ctrl+q"}}); err != nil {
		t.Fatal(err)
	}
	_, members := keyedRooms(t, c)
	open, ok := members.members.openBulk()().(ui.OpenModalMsg)
	if !ok {
		t.Fatal("b did not open the paste dialog")
	}
	md := open.Modal
	md.SetSize(100, 30)
	md, _ = md.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ada@example.com, bob.smith"), Paste: true})
	viewtest.MustContain(t, "the paste dialog", md.View(), "2 entries · enter preview · alt+enter new line · ctrl+q cancel")
	md, _ = md.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	viewtest.MustContain(t, "the cleared dialog", md.View(), "0 entries")
	if strings.Contains(md.View(), "esc cancel") {
		t.Errorf("the footer names esc, which no longer cancels:\n%s", md.View())
	}
}
