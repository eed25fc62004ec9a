package connections

import (
	"testing"

	"symtui/views/internal/viewtest"
)

func TestConnectionsGolden(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	for _, size := range []struct {
		name string
		w, h int
	}{{"connections_120x40", 120, 40}, {"connections_80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			v := New(h.Common, h.Deps)
			v.SetSize(size.w, size.h)
			viewtest.Drive(t, v, v.Init())
			frame := v.View()
			viewtest.CheckFrame(t, size.name, frame, size.w, size.h)
			viewtest.CheckGolden(t, size.name, frame)
		})
	}
}

// A terminal shrunk to 40x10 and grown back: no panic, every frame fits.
func TestConnectionsResize(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	conns := New(h.Common, h.Deps)
	viewtest.Drive(t, conns, conns.Init())
	viewtest.CheckResizes(t, conns)
}
