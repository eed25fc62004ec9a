package users

import (
	"context"
	"fmt"
	"testing"
	"time"

	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/views/internal/viewtest"
)

// benchLoadUsers seeds a pod whose admin list holds about 100,000 users
// (about one in ten of the seeded people is on another pod).
const benchLoadUsers = 111_112

// The whole directory, 100,000 users and everyone's presence, from an
// emulator that answers every request 50 ms late: the time from Init to
// the last row with its presence, and the requests it took. Side by side:
// the list eight pages at a time (as the tab loads it) and page after page.
// The presence tracker loads everyone's presence meanwhile, as in the
// console. Run with -benchtime 1x: each run loads the pod again.
func BenchmarkUsersFullLoad(b *testing.B) {
	h := viewtest.New(b, emulator.Options{Users: benchLoadUsers, Rooms: 10})
	for _, window := range []int{usersLoadWindow, 1} {
		name := fmt.Sprintf("pages_in_flight=%d", window)
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				h.Emu.SetFaults(emulator.Faults{})
				h.Emu.ResetStats()
				h.Emu.SetFaults(emulator.Faults{Latency: 50 * time.Millisecond})
				tr := presence.New(h.Client, presence.Options{Interval: time.Hour, Reconcile: -1})
				d := h.Deps
				d.Presence = tr
				v := New(h.Common, d)
				v.window = window
				v.SetSize(120, 40)
				p := viewtest.NewProgram(b, v)
				p.FollowPresence(tr)
				ctx, cancel := context.WithCancel(context.Background())
				b.StartTimer()
				start := time.Now()
				tr.Start(ctx)
				p.Start(v.Init())
				p.Until(func() bool { return fullyLoaded(v, tr) }, 10*time.Millisecond, 2*time.Minute)
				took := time.Since(start)
				b.StopTimer()
				st := h.Emu.Stats()
				list := st.Routes["GET /pod/v2/admin/user/list"].Requests
				pres := st.Routes["GET /pod/v2/users/presence"].Requests
				b.ReportMetric(took.Seconds(), "s/load")
				b.ReportMetric(float64(len(v.listIDs)), "users")
				b.ReportMetric(float64(list), "list-requests")
				b.ReportMetric(float64(pres), "presence-requests")
				b.ReportMetric(float64((len(v.listIDs)+999)/1000+(len(v.listIDs)+4999)/5000), "least-requests")
				cancel()
				closeCtx, done := context.WithTimeout(context.Background(), 5*time.Second)
				_ = tr.Close(closeCtx)
				done()
				h.Emu.SetFaults(emulator.Faults{})
				b.StartTimer()
			}
		})
	}
}

// fullyLoaded: the list is whole, and every listed user the tracker knows
// shows its presence.
func fullyLoaded(v *Tab, tr *presence.Tracker) bool {
	if !v.listDone || !v.synced || !tr.Snapshot(0).Synced {
		return false
	}
	known := tr.Lookup(v.listIDs)
	for id := range known {
		if v.recs[id].Presence == "" {
			return false
		}
	}
	return true
}
