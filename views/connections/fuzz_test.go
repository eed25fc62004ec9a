package connections

import (
	"testing"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// FuzzRenderConnections is the render corpus test's fuzz target for the
// Connections tab: one string in every text field of a connection's user
// and status and in a pod error, drawn by the real tab (the answer is
// handed to it as the pod would give it, so it runs without a pod):
// nothing drawn can drive the terminal or hide text.
func FuzzRenderConnections(f *testing.F) {
	viewtest.AddHostileSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := viewtest.NewCommon(false)
		c.Pod, c.Identity = s, s
		names := tab.NewNames()
		names.Put(pod.User{ID: 42, DisplayName: s, EmailAddress: s, Username: s, Company: s})
		const w, h = 120, 30

		conns := New(c, tab.Deps{Names: names})
		conns.SetSize(w, h)
		cg := conns.gen.Next()
		conns.Update(ui.Result[connsLoaded]{View: ViewID, Gen: cg, Value: connsLoaded{
			List: []pod.Connection{{UserID: 42, Status: pod.ConnectionStatus(s)}}}})
		viewtest.CheckDrawable(t, "connections tab", conns.View())

		viewtest.CheckFrameDrawable(t, c, s, w, h, conns)
	})
}
