package emulator

import (
	"net/http"
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
