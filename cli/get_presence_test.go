package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence/lossyproxy"
	"symtui/session"
)

// presenceAdminClient is a writable client for setting presence in tests.
func presenceAdminClient(t *testing.T, cfgPath string) *pod.Client {
	t.Helper()
	cfg, _, err := session.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{})
}

// emulatorPresenceByID is GET /_emulator/presence by user id.
func emulatorPresenceByID(t *testing.T, emu *emulator.Emulator) map[int64]pod.Presence {
	t.Helper()
	resp, err := http.Get(emu.URL + "/_emulator/presence")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []pod.Presence
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	out := map[int64]pod.Presence{}
	for _, p := range list {
		out[p.UserID] = p
	}
	return out
}

func TestGetPresenceOfEveryoneAndOfOneUser(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 400, Rooms: 5})
	code, out, errOut := runCmd(t, getPresence, "-o", "json", "--config", cfg)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var all []pod.Presence
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("output is not one JSON document: %v", err)
	}
	truth := emulatorPresenceByID(t, emu)
	local, _ := emu.UserCounts()
	if len(all) < local*9/10 || len(all) > local {
		t.Errorf("got %d users; the pod has %d local users (a few disabled ones are omitted)", len(all), local)
	}
	for _, p := range all {
		if want := truth[p.UserID]; p != want {
			t.Fatalf("user %d: printed %+v; the pod has %+v", p.UserID, p, want)
		}
	}

	target := all[len(all)/2]
	admin := presenceAdminClient(t, cfg)
	ctx := context.Background()
	next := pod.CategoryOnThePhone
	if target.Category == next {
		next = pod.CategoryOffWork
	}
	if _, err := admin.SetUserPresence(ctx, target.UserID, next, false); err != nil {
		t.Fatal(err)
	}
	users, err := admin.UsersByID(ctx, []int64{target.UserID}, pod.LookupOptions{})
	if err != nil || len(users.Users) != 1 {
		t.Fatalf("lookup: %v", err)
	}
	for _, who := range []string{strconv.FormatInt(target.UserID, 10), users.Users[0].EmailAddress} {
		code, out, errOut := runCmd(t, getPresence, who, "-o", "json", "--config", cfg)
		var one pod.Presence
		if code != ExitOK || json.Unmarshal([]byte(out), &one) != nil {
			t.Fatalf("get presence %s: exit %d, out %q, stderr %q", who, code, out, errOut)
		}
		if one.UserID != target.UserID || one.Category != next {
			t.Errorf("get presence %s = %+v; want %s", who, one, next)
		}
	}
	code, out, _ = runCmd(t, getPresence, strconv.FormatInt(target.UserID, 10), "--config", cfg)
	if code != ExitOK || !strings.Contains(out, "CATEGORY") || !strings.Contains(out, string(next)) {
		t.Errorf("table output: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, getPresence, "nobody@example.invalid", "--config", cfg); code != ExitPod || !strings.Contains(errOut, "not found") {
		t.Errorf("an unknown email: exit %d, stderr %q; want 1 and not found", code, errOut)
	}
	if code, _, _ := runCmd(t, getPresence, "--for", "1s", "--config", cfg); code != ExitUsage {
		t.Errorf("--for without --follow: exit %d; want %d", code, ExitUsage)
	}
	if code, _, _ := runCmd(t, getPresence, "--follow", "-o", "csv", "--config", cfg); code != ExitUsage {
		t.Errorf("--follow -o csv: exit %d; want %d", code, ExitUsage)
	}
}

// followBuffer is a bytes.Buffer a running command and the test share.
type followBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *followBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *followBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startFollow runs get presence --follow in the background.
func startFollow(t *testing.T, args ...string) (stdout, stderr *followBuffer, done <-chan int) {
	t.Helper()
	stdout, stderr = &followBuffer{}, &followBuffer{}
	ch := make(chan int, 1)
	go func() { ch <- getPresence(args, Env{Stdout: stdout, Stderr: stderr, Version: "test"}) }()
	return stdout, stderr, ch
}

func waitFollowText(t *testing.T, b *followBuffer, text string, done <-chan int) {
	t.Helper()
	waitFollowCount(t, b, text, 1, done)
}

// waitFollowCount waits until text appears at least n times in b.
func waitFollowCount(t *testing.T, b *followBuffer, text string, n int, done <-chan int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(b.String(), text) < n {
		select {
		case code := <-done:
			t.Fatalf("the command ended (exit %d) before printing %q", code, text)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q", text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestGetPresenceFollowPrintsChangesUntilInterrupted follows one user (by
// email): a change of another user is not printed, theirs is, as a JSON line
// with the previous category; SIGINT ends it cleanly and the feed is deleted.
func TestGetPresenceFollowPrintsChangesUntilInterrupted(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 300, Rooms: 5})
	admin := presenceAdminClient(t, cfg)
	ctx := context.Background()
	var all []pod.Presence
	for p, err := range admin.AllPresence(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p)
	}
	a, b := all[10], all[20]
	ua, err := admin.UsersByID(ctx, []int64{a.UserID}, pod.LookupOptions{})
	if err != nil || len(ua.Users) != 1 {
		t.Fatalf("lookup: %v", err)
	}

	stdout, stderr, done := startFollow(t, ua.Users[0].EmailAddress, "--follow", "--interval", "100ms", "--config", cfg)
	waitFollowText(t, stderr, "following the presence of", done)

	other := func(c pod.Category) pod.Category {
		if c == pod.CategoryBusy {
			return pod.CategoryAway
		}
		return pod.CategoryBusy
	}
	if _, err := admin.SetUserPresence(ctx, b.UserID, other(b.Category), false); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.SetUserPresence(ctx, a.UserID, other(a.Category), false); err != nil {
		t.Fatal(err)
	}
	waitFollowText(t, stdout, `"userId":`+strconv.FormatInt(a.UserID, 10), done)

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit %d after SIGINT; stderr %q", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("--follow did not stop on SIGINT")
	}

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout has %d lines; want exactly the one change of the followed user:\n%s", len(lines), stdout.String())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("not a JSON line: %q", lines[0])
	}
	want := map[string]any{"userId": float64(a.UserID), "category": string(other(a.Category)), "previous": string(a.Category)}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v; want %v (line %s)", k, got[k], v, lines[0])
		}
	}
	if ts, ok := got["timestamp"].(float64); !ok || ts <= 0 || len(got) != 4 {
		t.Errorf("line %s: want exactly userId, category, timestamp (ms), previous", lines[0])
	}
	st := emu.Stats().Routes
	if c, d := st["POST /pod/v1/presence/feed/create"].Requests, st["POST /pod/v1/presence/feed/{feedId}/delete"].ByStatus["200"]; c != 1 || d != 1 {
		t.Errorf("feeds created %d, deleted %d; want the one feed deleted on exit", c, d)
	}
}

// TestGetPresenceFollowForADuration ends by itself, prints nothing when
// nothing changes, and leaves no feed behind.
func TestGetPresenceFollowForADuration(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 100, Rooms: 5})
	code, out, errOut := runCmd(t, getPresence, "--follow", "--for", "2s", "--interval", "100ms", "--config", cfg)
	if code != ExitOK || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and nothing on stdout", code, out, errOut)
	}
	st := emu.Stats().Routes
	if c, d := st["POST /pod/v1/presence/feed/create"].Requests, st["POST /pod/v1/presence/feed/{feedId}/delete"].ByStatus["200"]; c != d {
		t.Errorf("feeds created %d, deleted %d; want none left behind", c, d)
	}
}

// TestGetPresenceFollowFailsWhenThePodIsDown: nothing to follow and the pod
// unreachable is an error, not an endless silent retry.
func TestGetPresenceFollowFailsWhenThePodIsDown(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5})
	emu.SetFaults(emulator.Faults{Unreachable: true})
	code, out, errOut := runCmd(t, getPresence, "--follow", "--for", "2m", "--config", cfg)
	if code != ExitPod || out != "" || !strings.Contains(errOut, "cannot reach") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 1 and the reason", code, out, errOut)
	}
}

// startLossyPod is startPod with a config that sends every call through a
// proxy able to lose feed-read answers after the pod handled them.
func startLossyPod(t *testing.T, opts emulator.Options) (*emulator.Emulator, *lossyproxy.Proxy, string) {
	t.Helper()
	emu, cfg := startPod(t, opts)
	px, err := lossyproxy.New(emu.URL, lossyproxy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	port := regexp.MustCompile(`(?m)^port: \d+$`)
	if !port.Match(data) {
		t.Fatalf("no port line in the emulator's config:\n%s", data)
	}
	data = port.ReplaceAll(data, []byte("port: "+px.Port()))
	if err := os.WriteFile(cfg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return emu, px, cfg
}

// TestGetPresenceFollowResyncsAfterLostAnswers loses the answers of the
// feed reads that carry two changes (a connection closed after the pod
// drained the feed, then a proxy's 502): each time --follow resynchronises,
// prints the lost change as a change line and says so once on stderr.
func TestGetPresenceFollowResyncsAfterLostAnswers(t *testing.T) {
	_, px, cfg := startLossyPod(t, emulator.Options{Users: 300, Rooms: 5})
	admin := presenceAdminClient(t, cfg)
	ctx := context.Background()
	all, err := pod.Collect(admin.AllPresence(ctx))
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, done := startFollow(t, "--follow", "--interval", "100ms", "--reconcile", "1h", "--config", cfg)
	waitFollowText(t, stderr, "following the presence of", done)

	for i, loss := range []lossyproxy.Loss{lossyproxy.Close, lossyproxy.BadGateway} {
		p := all[10*(i+1)]
		next := pod.CategoryOutOfOffice
		if p.Category == next {
			next = pod.CategoryOffWork
		}
		px.LoseNextChanges(loss)
		if _, err := admin.SetUserPresence(ctx, p.UserID, next, false); err != nil {
			t.Fatal(err)
		}
		line := `{"userId":` + strconv.FormatInt(p.UserID, 10) + `,"category":"` + string(next) + `"`
		waitFollowText(t, stdout, line, done)
		// The notice and the change line are written by one goroutine in
		// no promised order across the two streams: wait for this notice.
		waitFollowCount(t, stderr, "(1 corrected)", i+1, done)
		if n := strings.Count(stderr.String(), "resynchronised"); n != i+1 {
			t.Fatalf("after %d lost answers stderr says %d times that it resynchronised:\n%s", i+1, n, stderr.String())
		}
		if !strings.Contains(stdout.String(), `"previous":"`+string(p.Category)+`"`) {
			t.Errorf("the change line lacks the previous category %s:\n%s", p.Category, stdout.String())
		}
	}
	t.Logf("stdout:\n%sstderr:\n%s", stdout.String(), stderr.String())
	if px.LostTotal() != 2 {
		t.Errorf("%d answers lost; want 2", px.LostTotal())
	}
	if n := strings.Count(stderr.String(), "presence: the answer to a presence feed read was lost; resynchronised"); n != 2 {
		t.Errorf("stderr:\n%s\nwant two resync notices", stderr.String())
	}
	if strings.Contains(stderr.String(), "retrying") {
		t.Errorf("a lost answer recovered at once is reported as an error:\n%s", stderr.String())
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != ExitOK {
		t.Fatalf("exit %d; stderr %s", code, stderr.String())
	}
}

func TestGetPresenceReconcileFlag(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 50, Rooms: 5})
	for _, args := range [][]string{
		{"--reconcile", "10m"}, // needs --follow
		{"--follow", "--interval", "1s", "--reconcile", "500ms"}, // shorter than the interval
		{"--follow", "--reconcile", "-1m"},                       // negative
	} {
		code, _, errOut := runCmd(t, getPresence, append(args, "--config", cfg)...)
		if code != ExitUsage || !strings.Contains(errOut, "--reconcile") {
			t.Errorf("%v: exit %d, stderr %q; want %d naming --reconcile", args, code, errOut, ExitUsage)
		}
	}
	for _, args := range [][]string{
		{"--interval", "100ms", "--reconcile", "0"}, // never
		{"--interval", "20m"},                       // the default period follows a longer interval
	} {
		code, out, errOut := runCmd(t, getPresence, append([]string{"--follow", "--for", "1s", "--config", cfg}, args...)...)
		if code != ExitOK || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
