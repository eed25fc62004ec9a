package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// try sends GET path and returns the status, or 0 when the connection broke.
func try(t *testing.T, c *http.Client, e *Emulator, path string) (int, http.Header) {
	t.Helper()
	resp, err := c.Get(e.URL + path)
	if err != nil {
		return 0, nil
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

func TestFaultRateLimitBurst(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	e.SetFaults(Faults{RateLimitNext: 2, RetryAfterSeconds: 3})
	for i := range 2 {
		r := call(t, c, e, "GET", "/pod/v2/sessioninfo", "", nil)
		wantError(t, r, http.StatusTooManyRequests, "")
		if got := r.Header.Get("Retry-After"); got != "3" {
			t.Fatalf("request %d: Retry-After %q, want 3", i, got)
		}
	}
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", "", nil), http.StatusUnauthorized)
	if got := e.CurrentFaults().RateLimitNext; got != 0 {
		t.Fatalf("%d 429s left", got)
	}
	if got := e.Stats().Faults.RateLimited; got != 2 {
		t.Fatalf("stats count %d rate-limited requests, want 2", got)
	}
}

func TestFaultErrorRate(t *testing.T) {
	statuses := func() map[int]int {
		e := startPod(t, Options{Seed: 3})
		c := client(t, e, false)
		e.SetFaults(Faults{ErrorRate: 0.3})
		got := map[int]int{}
		for range 200 {
			s, _ := try(t, c, e, "/pod/v2/sessioninfo")
			got[s]++
		}
		if e.Stats().Faults.Errors != got[500]+got[503] {
			t.Errorf("stats count %d errors, clients saw %d", e.Stats().Faults.Errors, got[500]+got[503])
		}
		return got
	}
	a := statuses()
	errs := a[500] + a[503]
	if errs < 30 || errs > 90 || a[500] == 0 || a[503] == 0 || a[401] != 200-errs {
		t.Fatalf("error rate 0.3 over 200 requests gave %v", a)
	}
	b := statuses()
	if a[500] != b[500] || a[503] != b[503] {
		t.Fatalf("same seed, different faults: %v vs %v", a, b)
	}
}

func TestFaultDropAndUnreachable(t *testing.T) {
	e := startPod(t, Options{Users: 50, TLS: true})
	c := client(t, e, false)
	e.SetFaults(Faults{DropRate: 1})
	if s, _ := try(t, c, e, "/pod/v2/sessioninfo"); s != 0 {
		t.Fatalf("dropped request answered %d", s)
	}
	if got := e.Stats().Faults.Dropped; got != 1 {
		t.Fatalf("stats count %d drops", got)
	}

	e.SetFaults(Faults{Unreachable: true})
	for _, p := range []string{"/pod/v2/sessioninfo", "/login/pubkey/authenticate", "/relay/pubkey/authenticate", "/sessionauth/v1/authenticate", "/keyauth/v1/authenticate", "/agent/v1/audittrail/privilegeduser"} {
		if s, _ := try(t, c, e, p); s != 0 {
			t.Fatalf("unreachable pod answered %s with %d", p, s)
		}
	}
	// The control API is never faulted.
	for _, p := range []string{"/_emulator/stats", "/_emulator/faults", "/_emulator/presence"} {
		if s, _ := try(t, c, e, p); s != http.StatusOK {
			t.Fatalf("%s answered %d while the pod is unreachable", p, s)
		}
	}
	wantStatus(t, call(t, c, e, "POST", "/_emulator/faults", "", `{}`), http.StatusOK)
	botToken(t, c, e)
}

func TestFaultsControlAPI(t *testing.T) {
	e := startPod(t, Options{Faults: Faults{Latency: time.Millisecond}})
	c := client(t, e, false)
	try(t, c, e, "/pod/v2/sessioninfo")
	if got := e.Stats().Faults.Delayed; got != 1 {
		t.Fatalf("initial latency fault delayed %d requests", got)
	}
	r := call(t, c, e, "POST", "/_emulator/faults", "", `{"latencyMs":5,"jitterMs":2,"errorRate":0.25,"rateLimitNext":4,"retryAfterSeconds":9,"dropRate":0.1,"unreachable":false}`)
	wantStatus(t, r, http.StatusOK)
	want := Faults{Latency: 5 * time.Millisecond, Jitter: 2 * time.Millisecond, ErrorRate: 0.25, RateLimitNext: 4, RetryAfterSeconds: 9, DropRate: 0.1}
	if got := e.CurrentFaults(); got != want {
		t.Fatalf("faults = %+v, want %+v", got, want)
	}
	var back Faults
	call(t, c, e, "GET", "/_emulator/faults", "", nil).decode(t, &back)
	if back != want {
		t.Fatalf("GET faults = %+v", back)
	}
	for _, bad := range []string{`{"errorRate":1.5}`, `{"dropRate":-1}`, `{"latencyMs":-3}`, `not json`} {
		wantStatus(t, call(t, c, e, "POST", "/_emulator/faults", "", bad), http.StatusBadRequest)
	}
	if got := e.CurrentFaults(); got != want {
		t.Fatal("a refused fault change applied")
	}
}

// A lost answer: the handler ran (the room exists, the feed was drained)
// and the client got no response at all.
func TestFaultLoseRunsTheHandler(t *testing.T) {
	e := startPod(t, Options{Users: 60})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	var feed struct{ ID string }
	call(t, c, e, "POST", "/pod/v1/presence/feed/create", tok, nil).decode(t, &feed)
	e.Burst(40)

	e.SetFaults(Faults{LoseRate: 1})
	send := func(method, path, body string) error {
		req, _ := http.NewRequest(method, e.URL+path, strings.NewReader(body))
		req.Header.Set("sessionToken", tok)
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			return fmt.Errorf("%s %s answered %d through a lost answer", method, path, resp.StatusCode)
		}
		return nil
	}
	if err := send("POST", "/pod/v3/room/create", `{"name":"lost answer room"}`); err != nil {
		t.Fatal(err)
	}
	if err := send("GET", "/pod/v1/presence/feed/"+feed.ID+"/read", ""); err != nil {
		t.Fatal(err)
	}
	e.SetFaults(Faults{})

	var found roomSearchResults
	call(t, c, e, "POST", "/pod/v3/room/search?includeNonDiscoverable=true", tok, `{"query":"lost answer room"}`).decode(t, &found)
	if found.Count != 1 {
		t.Fatalf("the room whose answer was lost was created %d times", found.Count)
	}
	var rest []v2Presence
	call(t, c, e, "GET", "/pod/v1/presence/feed/"+feed.ID+"/read", tok, nil).decode(t, &rest)
	if len(rest) != 0 {
		t.Fatalf("the lost read did not drain the feed: %d changes still pending", len(rest))
	}
	if got := e.Stats().Faults; got.Lost != 2 || got.Dropped != 0 {
		t.Fatalf("fault counts %+v, want 2 lost", got)
	}
	// Each route says how many of its answers were lost.
	routes := e.Stats().Routes
	for _, route := range []string{"POST /pod/v3/room/create", "GET /pod/v1/presence/feed/{feedId}/read"} {
		if got := routes[route]; got.Lost != 1 || got.ByStatus["200"] < 1 {
			t.Errorf("%s: %+v, want one lost answer among its 200s", route, got)
		}
	}
	if got := routes["POST /pod/v3/room/search"].Lost; got != 0 {
		t.Errorf("the search after the faults counts %d lost answers", got)
	}
}

// A slow answer: the change is visible to everyone before the client that
// made it hears back, and the answer comes after the configured delay.
func TestFaultSlowAnswersAfterTheChange(t *testing.T) {
	e := startPod(t, Options{Users: 60})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	const slow = 3 * time.Second
	e.SetFaults(Faults{SlowRate: 1, Slow: slow})

	answered := make(chan response, 1)
	start := time.Now()
	go func() {
		answered <- call(t, c, e, "POST", "/pod/v2/user/presence", tok, `{"category":"ON_THE_PHONE"}`)
	}()
	bot := e.Credentials.BotUserID
	for seen := false; !seen; {
		e.locked(func() { seen = e.st.users[bot].Presence.Category == "ON_THE_PHONE" })
		select {
		case r := <-answered:
			t.Fatalf("answered %d before the change was visible", r.Status)
		case <-time.After(time.Millisecond):
		}
	}
	select {
	case r := <-answered:
		t.Fatalf("answered %d as soon as the change was made", r.Status)
	default:
	}
	r := <-answered
	wantStatus(t, r, http.StatusOK)
	if elapsed := time.Since(start); elapsed < slow {
		t.Fatalf("answered after %v, want at least %v", elapsed, slow)
	}
	if got := e.Stats().Faults.Slowed; got != 1 {
		t.Fatalf("stats count %d slowed answers", got)
	}
}

// loseRate, slowRate and slowMs travel through the control API and Options.
func TestFaultsWireHasLoseAndSlow(t *testing.T) {
	e := startPod(t, Options{Users: 20, Faults: Faults{LoseRate: 0.5, SlowRate: 0.25, Slow: 1500 * time.Millisecond}})
	c := client(t, e, false)
	var got Faults
	call(t, c, e, "GET", "/_emulator/faults", "", nil).decode(t, &got)
	if want := (Faults{LoseRate: 0.5, SlowRate: 0.25, Slow: 1500 * time.Millisecond}); got != want {
		t.Fatalf("GET faults = %+v, want %+v", got, want)
	}
	call(t, c, e, "POST", "/_emulator/faults", "", `{"loseRate":0.1,"slowRate":0.2,"slowMs":30}`).decode(t, &got)
	if want := (Faults{LoseRate: 0.1, SlowRate: 0.2, Slow: 30 * time.Millisecond}); got != want || e.CurrentFaults() != want {
		t.Fatalf("POST faults answered %+v, want %+v", got, want)
	}
}
