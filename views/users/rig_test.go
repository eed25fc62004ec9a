package users

import (
	"testing"

	"symtui/views/internal/viewtest"
)

// newTestUsers is a Users tab over h whose timers fire at once and whose
// clipboard is a slice.
func newTestUsers(t testing.TB, h *viewtest.Harness, w, hgt int) (*Tab, *[]string) {
	t.Helper()
	var copied []string
	v := New(h.Common, h.Deps).WithClipboard(func(s string) (string, error) {
		copied = append(copied, s)
		return "test clipboard", nil
	})
	v.after = viewtest.Immediate
	v.SetSize(w, hgt)
	viewtest.Drive(t, v, v.Init())
	return v, &copied
}
