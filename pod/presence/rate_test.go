package presence

import (
	"fmt"
	"testing"

	"symtui/pod/emulator"
)

// TestSteadyStateRequestRate checks the cost of following presence once
// loaded: one feed read per poll and nothing else, whatever the pod's size.
// It counts requests on the emulator against completed polls; no clock.
func TestSteadyStateRequestRate(t *testing.T) {
	const polls = 20
	for _, users := range []int{2000, 20000} {
		t.Run(fmt.Sprintf("%d users", users), func(t *testing.T) {
			tp := startPod(t, emulator.Options{Users: users, Rooms: 10, PresenceChurn: 20})
			tr := startTracker(t, tp, Options{Interval: testInterval})
			waitFor(t, tr, "the first load", func(s Snapshot) bool { return s.Synced && s.Polls >= 2 })

			tp.emu.ResetStats()
			p0 := tr.Snapshot(0).Polls
			p1 := waitFor(t, tr, "polls", func(s Snapshot) bool { return s.Polls >= p0+polls }).Polls
			st := tp.emu.Stats()

			reads := st.Routes["GET /pod/v1/presence/feed/{feedId}/read"].Requests
			done := int(p1 - p0)
			t.Logf("%d users: %d polls completed, %d feed reads, %d requests in all, %d full-load pages, %d feed creations",
				users, done, reads, st.Requests, st.Routes["GET /pod/v2/users/presence"].Requests, st.Routes["POST /pod/v1/presence/feed/create"].Requests)
			if reads < done-1 || reads > done+1 {
				t.Errorf("%d feed reads for %d polls; want one per poll (±1 for the poll in flight at either end)", reads, done)
			}
			if st.Requests != reads {
				t.Errorf("%d requests besides feed reads in steady state: %v", st.Requests-reads, st.Routes)
			}
		})
	}
}
