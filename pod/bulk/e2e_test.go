package bulk_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/emulator"
	"symtui/session"
)

// attempt is one request the client sent, as its observer saw it.
type attempt struct {
	start, end time.Time
	status     int
}

// livePod is an emulator, a client signed in to it over loopback, and
// what the client sent.
type livePod struct {
	emu    *emulator.Emulator
	client *pod.Client

	mu   sync.Mutex
	sent []attempt
}

func startPod(t *testing.T, opts emulator.Options) *livePod {
	t.Helper()
	e, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	dir := t.TempDir()
	if err := e.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	p := &livePod{emu: e}
	retry := &pod.RetryPolicy{MaxAttempts: 10, InitialInterval: 10 * time.Millisecond, MaxInterval: 5 * time.Second, Multiplier: 2}
	p.client = pod.New(s, pod.Options{Retry: retry, Observer: func(ri pod.RequestInfo) {
		end := time.Now()
		p.mu.Lock()
		p.sent = append(p.sent, attempt{start: end.Add(-ri.Latency), end: end, status: ri.Status})
		p.mu.Unlock()
	}})
	return p
}

// roomAndStrangers creates a room the bot owns and lists n users not in it.
func (p *livePod) roomAndStrangers(t *testing.T, n int) (string, []int64) {
	t.Helper()
	ctx := context.Background()
	r, err := p.client.CreateRoom(ctx, pod.RoomChanges{Name: new("Bulk test room"), Description: new("bulk")})
	if err != nil {
		t.Fatal(err)
	}
	users, err := p.client.ListUsers(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range users {
		if u.UserSystemInfo.Status == pod.UserEnabled && u.UserAttributes.AccountType == "NORMAL" && len(ids) < n {
			ids = append(ids, u.UserSystemInfo.ID)
		}
	}
	if len(ids) < n {
		t.Fatalf("only %d users to add", len(ids))
	}
	return r.RoomSystemInfo.ID, ids
}

func (p *livePod) members(t *testing.T, room string) map[int64]bool {
	t.Helper()
	ms, ok := p.emu.RoomMembers(room)
	if !ok {
		t.Fatal("no such room")
	}
	out := map[int64]bool{}
	for _, m := range ms {
		out[m.UserID] = true
	}
	return out
}

// When the pod turns one call away with Retry-After, every worker waits it
// out: nothing is sent between the 429 and the end of the quiet asked.
func TestRateLimitHoldsEveryWorker(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 300, Rooms: 5, Faults: emulator.Faults{Latency: 5 * time.Millisecond}})
	room, ids := p.roomAndStrangers(t, 60)
	p.mu.Lock()
	p.sent = nil
	p.mu.Unlock()
	var once sync.Once
	rep := bulk.Run(context.Background(), len(ids), bulk.Options{Workers: 4, Progress: func(pr bulk.Progress) {
		if pr.Done == 10 {
			once.Do(func() {
				p.emu.SetFaults(emulator.Faults{Latency: 5 * time.Millisecond, RateLimitNext: 1, RetryAfterSeconds: 1})
			})
		}
	}}, func(ctx context.Context, i int) error {
		return p.client.AddMember(ctx, room, ids[i])
	})
	if len(rep.Done) != len(ids) {
		t.Fatalf("%d of %d done; failed %v", len(rep.Done), len(ids), rep.Failed)
	}
	members := p.members(t, room)
	for _, id := range ids {
		if !members[id] {
			t.Fatalf("user %d reported added, not a member", id)
		}
	}
	p.mu.Lock()
	sent := slices.Clone(p.sent)
	p.mu.Unlock()
	var limited *attempt
	for k := range sent {
		if sent[k].status == http.StatusTooManyRequests {
			limited = &sent[k]
		}
	}
	if limited == nil {
		t.Fatal("the pod turned nothing away")
	}
	quietEnd := limited.end.Add(time.Second)
	var during []time.Duration
	for _, a := range sent {
		if a.start.After(limited.end) && a.start.Before(quietEnd.Add(-20*time.Millisecond)) {
			during = append(during, a.start.Sub(limited.end))
		}
	}
	if len(during) > 0 {
		t.Fatalf("%d requests went out during the second of quiet the pod asked for (at %v after the 429)", len(during), during)
	}
}

// Stopped half-way, the run reports exactly what the pod holds: every
// item reported done is a member, every one not attempted is not.
func TestStoppedRunReportsWhatThePodDid(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 300, Rooms: 5, Faults: emulator.Faults{Latency: 10 * time.Millisecond}})
	room, ids := p.roomAndStrangers(t, 120)
	ctx, stop := context.WithCancel(context.Background())
	rep := bulk.Run(ctx, len(ids), bulk.Options{Workers: 4, Progress: func(pr bulk.Progress) {
		if pr.Ended() == 50 {
			stop()
		}
	}}, func(ctx context.Context, i int) error {
		return p.client.AddMember(ctx, room, ids[i])
	})
	if !rep.Stopped || len(rep.Failed) != 0 {
		t.Fatalf("report: stopped %v, failed %v", rep.Stopped, rep.Failed)
	}
	if len(rep.Done) < 50 || len(rep.Done) > 54 || len(rep.Done)+len(rep.NotAttempted) != len(ids) {
		t.Fatalf("%d done, %d not attempted of %d", len(rep.Done), len(rep.NotAttempted), len(ids))
	}
	members := p.members(t, room)
	for _, i := range rep.Done {
		if !members[ids[i]] {
			t.Fatalf("item %d reported done, not a member", i)
		}
	}
	for _, i := range rep.NotAttempted {
		if members[ids[i]] {
			t.Fatalf("item %d reported not attempted, but a member", i)
		}
	}
}

// A stop while the pod asked for quiet ends the waiting calls at once:
// they were turned away, so they count as not attempted.
func TestStopDuringQuietLeavesTurnedAwayCallsNotAttempted(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 300, Rooms: 5})
	room, ids := p.roomAndStrangers(t, 20)
	p.emu.SetFaults(emulator.Faults{RateLimitNext: 4, RetryAfterSeconds: 30})
	ctx, stop := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, stop)
	start := time.Now()
	rep := bulk.Run(ctx, len(ids), bulk.Options{Workers: 4}, func(ctx context.Context, i int) error {
		err := p.client.AddMember(ctx, room, ids[i])
		if err != nil && !errors.Is(err, bulk.ErrStopped) {
			t.Errorf("item %d: %v", i, err)
		}
		return err
	})
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("the stop took %v: it waited for the quiet", took)
	}
	if len(rep.Done) != 0 || len(rep.NotAttempted) != len(ids) {
		t.Fatalf("report: %d done, %d failed, %d not attempted", len(rep.Done), len(rep.Failed), len(rep.NotAttempted))
	}
	if n := len(p.members(t, room)); n != 1 {
		t.Fatalf("%d members, want the owner alone", n)
	}
}
