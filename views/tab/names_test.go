package tab_test

import (
	"sync"
	"testing"

	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// The tabs that need the caller learn it at Init, together: through the
// shared Names they send one sessioninfo request, and later asks reuse it.
func TestCallerIsAskedOnceForEveryTab(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	const route = "GET /pod/v2/sessioninfo"
	asked := func() int { return h.Emu.Stats().Routes[route].Requests }
	before := asked()
	var wg sync.WaitGroup
	for _, id := range []string{"users", "rooms", "connections"} { // the tabs' result tags
		cmd := tab.LoadSelf(id, h.Deps)
		wg.Go(func() { viewtest.RunCmd(cmd) })
	}
	wg.Wait()
	if n := asked() - before; n != 1 {
		t.Fatalf("three tabs sent %d sessioninfo requests, want 1", n)
	}
	self, err := h.Deps.SessionUser(h.Ctx(t))
	if err != nil || self.ID == 0 {
		t.Fatalf("the caller: %+v, %v", self, err)
	}
	if n := asked() - before; n != 1 {
		t.Fatalf("a later ask sent another request (%d in all)", n)
	}
}
