package users

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

func TestUsersGolden(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	for _, size := range []struct {
		name   string
		w, h   int
		detail bool
	}{{"users_120x40", 120, 40, true}, {"users_80x24", 80, 24, false}} {
		t.Run(size.name, func(t *testing.T) {
			v, _ := newTestUsers(t, h, size.w, size.h)
			viewtest.Press(t, v, viewtest.RuneKey("j"))
			viewtest.Press(t, v, viewtest.RuneKey("j"))
			if size.detail {
				viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
			}
			frame := v.View()
			viewtest.CheckFrame(t, size.name, frame, size.w, size.h)
			viewtest.CheckGolden(t, size.name, frame)
		})
	}
}

// A terminal shrunk to 40x10 and grown back, the detail pane open: no
// panic, every frame fits.
func TestUsersResize(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	users, _ := newTestUsers(t, h, 120, 40)
	viewtest.Press(t, users, viewtest.TypeKey(tea.KeyEnter)) // detail pane open
	viewtest.CheckResizes(t, users)
}
