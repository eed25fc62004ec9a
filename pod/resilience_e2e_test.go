package pod_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

func TestE2EConcurrentCallsAfterExpiryReauthenticateOnce(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	before := p.emu.Stats().Auth
	p.emu.ExpireSessions()

	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.client.SessionInfo(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a call failed across the re-authentication: %v", err)
		}
	}
	after := p.emu.Stats()
	logins := 0
	for route, count := range after.Auth {
		if d := count - before[route]; d != 0 {
			t.Logf("%s: +%d", route, d)
			logins += d
		}
	}
	if logins != 1 || after.Auth["POST /login/pubkey/authenticate"]-before["POST /login/pubkey/authenticate"] != 1 {
		t.Fatalf("%d concurrent calls after expiry caused %d logins, want exactly 1", n, logins)
	}
	// Calls that started after the new token arrived never saw a 401.
	if got := after.Routes["GET /pod/v2/sessioninfo"].ByStatus["401"]; got < 1 || got > n {
		t.Fatalf("emulator answered %d 401s, want 1..%d", got, n)
	}
	t.Logf("%d of %d calls met the expired token", after.Routes["GET /pod/v2/sessioninfo"].ByStatus["401"], n)
}

func TestE2ERateLimitBurstIsRetriedAfterRetryAfter(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil { // sign in outside the burst
		t.Fatal(err)
	}
	p.emu.SetFaults(emulator.Faults{RateLimitNext: 2, RetryAfterSeconds: 1})
	start := time.Now()
	room, err := p.client.CreateRoom(ctx, pod.RoomChanges{Name: ptr("burst")}) // a create: 429 proves nothing was done
	if err != nil {
		t.Fatal(err)
	}
	// Two Retry-After: 1 waits: at least two seconds, however fast the machine.
	if elapsed := time.Since(start); elapsed < 2*time.Second {
		t.Fatalf("retried after %v: Retry-After ignored", elapsed)
	}
	var statuses []int
	for _, ri := range p.seen.snapshot() {
		if ri.Route == "/pod/v3/room/create" {
			statuses = append(statuses, ri.Status)
		}
	}
	if len(statuses) != 3 || statuses[0] != 429 || statuses[1] != 429 || statuses[2] != 200 {
		t.Fatalf("attempts saw %v, want [429 429 200]", statuses)
	}
	if _, ok := p.emu.RoomMembers(room.RoomSystemInfo.ID); !ok || p.emu.Stats().Faults.RateLimited != 2 {
		t.Fatalf("room %q in emulator: %v; rate limited %d", room.RoomSystemInfo.ID, ok, p.emu.Stats().Faults.RateLimited)
	}
}

func TestE2EServerErrorsRetryReadsButNotCreates(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{Retry: &pod.RetryPolicy{MaxAttempts: 4, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	p.emu.SetFaults(emulator.Faults{ErrorRate: 1})
	_, err := p.client.RoomInfo(ctx, "AAAA")
	if !pod.IsServerError(err) || !strings.Contains(err.Error(), "4 attempts") {
		t.Fatalf("read under 5xx: %v", err)
	}
	_, err = p.client.CreateRoom(ctx, pod.RoomChanges{Name: ptr("never twice")})
	if !pod.IsServerError(err) || !errors.Is(err, pod.ErrOutcomeUnknown) {
		t.Fatalf("create under 5xx: %v", err)
	}
	if n := attemptsOf(p, "/pod/v3/room/create"); n != 1 {
		t.Fatalf("a create that reached a failing pod was sent %d times, want 1", n)
	}
}

func TestE2EDroppedConnections(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{Retry: &pod.RetryPolicy{MaxAttempts: 3, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	p.emu.SetFaults(emulator.Faults{Unreachable: true})
	_, err := p.client.SessionInfo(ctx)
	if !pod.IsNetwork(err) || !strings.Contains(err.Error(), "cannot reach the pod at") {
		t.Fatalf("read with the pod dropping connections: %v", err)
	}
	if got := attemptsOf(p, "/pod/v2/sessioninfo"); got != 1+3 {
		t.Fatalf("sessioninfo attempts = %d, want 1 + 3", got)
	}
	// net/http itself may resend an idempotent request once on a reused
	// connection, so the emulator can count more drops than attempts.
	dropped := p.emu.Stats().Faults.Dropped
	if dropped < 3 {
		t.Fatalf("dropped %d requests, want at least 3", dropped)
	}
	// The connection was open, so the request may have been processed: a
	// create is not replayed, and its outcome is unknown (the check is
	// dropped too).
	_, err = p.client.CreateConnection(ctx, 42)
	if !pod.IsNetwork(err) || !errors.Is(err, pod.ErrOutcomeUnknown) {
		t.Fatalf("create with the pod dropping connections: %v", err)
	}
	if got := attemptsOf(p, "/pod/v1/connection/create"); got != 1 {
		t.Fatalf("the create was sent %d times, want once", got)
	}
}

// A pod that is down refuses the connection: that is the answer, at once,
// whatever the retry policy (here the BDK's: 10 attempts from 500 ms),
// for reads and creates alike, and the error says "refused".
func TestE2ERefusedConnectionFailsAtOnce(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{Retry: &session.DefaultRetry})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	p.emu.Close()
	// The first call may find the pooled keep-alive connection dead (a
	// reset, retried); after it every attempt needs a fresh dial.
	_, _ = p.client.SessionInfo(ctx)

	before := attemptsOf(p, "/pod/v2/admin/user/list")
	start := time.Now()
	_, err := p.client.ListUsers(ctx, 0, 100)
	elapsed := time.Since(start)
	if !pod.IsNetwork(err) || !strings.Contains(err.Error(), "refused") || strings.Contains(err.Error(), "in time") {
		t.Fatalf("read against a refusing pod: %v", err)
	}
	if got := attemptsOf(p, "/pod/v2/admin/user/list") - before; got != 1 {
		t.Fatalf("a refused read was tried %d times, want 1", got)
	}
	t.Logf("refused read failed after %v: %v", elapsed, err)

	_, err = p.client.CreateRoom(ctx, pod.RoomChanges{Name: ptr("offline")})
	if !pod.IsNetwork(err) || !strings.Contains(err.Error(), "refused") || errors.Is(err, pod.ErrOutcomeUnknown) {
		t.Fatalf("create against a refusing pod: %v", err)
	}
	if attempts := attemptsOf(p, "/pod/v3/room/create"); attempts != 1 {
		t.Fatalf("a refused create was tried %d times, want 1", attempts)
	}
}

func TestE2EReadOnlyRefusesBeforeSending(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50, Rooms: 5}, pod.Options{ReadOnly: true})
	ctx := testContext(t)
	rooms, err := pod.Collect(p.client.SearchAllRooms(ctx, pod.RoomSearchCriteria{}, true))
	if err != nil || len(rooms) == 0 {
		t.Fatalf("read-only search: %d rooms, %v", len(rooms), err)
	}
	id := rooms[0].RoomSystemInfo.ID
	refusals := []error{
		p.client.AddMember(ctx, id, p.emu.Credentials.PlainUserID),
		p.client.RemoveMember(ctx, id, p.emu.Credentials.PlainUserID),
		p.client.DemoteOwner(ctx, id, p.emu.Credentials.BotUserID),
		p.client.UpdateUserStatus(ctx, p.emu.Credentials.PlainUserID, pod.UserDisabled),
		p.client.SuspendUser(ctx, p.emu.Credentials.PlainUserID, "x", time.Now()),
	}
	_, err = p.client.CreateRoom(ctx, pod.RoomChanges{Name: ptr("x")})
	refusals = append(refusals, err)
	for i, err := range refusals {
		if !errors.Is(err, pod.ErrReadOnly) {
			t.Fatalf("refusal %d: %v", i, err)
		}
	}
	for route := range p.emu.Stats().Routes {
		if strings.Contains(route, "membership/") || strings.Contains(route, "/create") || strings.Contains(route, "/update") {
			t.Fatalf("read-only client reached %s", route)
		}
	}
}

func TestE2EMissingRoleIsAForbiddenSentence(t *testing.T) {
	p := startPodUnvalidated(t, emulator.Options{Users: 50}, pod.Options{})
	plain := clientAs(t, p, emulator.PlainUsername, p.emu.Credentials.PlainPrivateKeyPEM)
	_, err := pod.Collect(plain.AllUsers(testContext(t)))
	if !pod.IsForbidden(err) || !strings.Contains(err.Error(), "USER_PROVISIONING") {
		t.Fatalf("admin list as a plain account: %v", err)
	}
}

// attemptsOf counts the attempts the observer saw for a route.
func attemptsOf(p *livePod, route string) int {
	n := 0
	for _, ri := range p.seen.snapshot() {
		if ri.Route == route {
			n++
		}
	}
	return n
}

// clientAs builds a second client for the same emulator, signed in as another account.
func clientAs(t *testing.T, p *livePod, username string, keyPEM []byte) *pod.Client {
	t.Helper()
	dir := t.TempDir()
	if err := p.emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(dir + "/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Bot.Username = username
	cfg.Bot.PrivateKey = session.KeySource{Content: session.Secret(keyPEM)}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{})
}
