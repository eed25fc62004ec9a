package contract

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// errorRecorder is a testing.TB that collects Errorf calls instead of failing.
type errorRecorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *errorRecorder) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errors)
}

// fakePod answers session info with the body it is given and echoes search bodies back in
// searchQuery, so a test sees that the request body reached the server intact.
func fakePod(sessionInfo string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pod/v2/sessioninfo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, sessionInfo)
	})
	mux.HandleFunc("POST /pod/v1/user/search", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"count":0,"skip":0,"limit":50,"searchQuery":%s,"users":[]}`, body)
	})
	mux.HandleFunc("GET /_emulator/stats", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "not even JSON")
	})
	return mux
}

func get(t *testing.T, client *http.Client, url string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("sessionToken", testToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestTransportPassesValidExchangesThrough(t *testing.T) {
	v := RequireSpec(t)
	srv := httptest.NewServer(fakePod(userV2))
	defer srv.Close()
	rec := &errorRecorder{TB: t}
	client := &http.Client{Transport: NewTransport(rec, v, nil)}

	if got := get(t, client, srv.URL+"/pod/v2/sessioninfo"); got != userV2 {
		t.Errorf("caller read %q, want the server's body %q", got, userV2)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/pod/v1/user/search", strings.NewReader(`{"query":"jane"}`))
	req.Header.Set("sessionToken", testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"searchQuery":{"query":"jane"}`) {
		t.Errorf("the request body did not reach the server intact: %s", body)
	}
	get(t, client, srv.URL+"/_emulator/stats")

	if errs := rec.reported(); len(errs) != 0 {
		t.Errorf("valid exchanges reported: %q", errs)
	}
	for _, op := range []string{"GET /pod/v2/sessioninfo", "POST /pod/v1/user/search"} {
		if !slices.Contains(Exercised(), op) {
			t.Errorf("Exercised() = %q, missing %q", Exercised(), op)
		}
	}
	if report := Report(); !strings.Contains(report, "GET /pod/v2/sessioninfo  200×") {
		t.Errorf("Report() does not count the session info status:\n%s", report)
	}
	for _, op := range Exercised() {
		if strings.Contains(op, "_emulator") {
			t.Errorf("the control API was recorded as exercised: %q", op)
		}
	}
}

func TestTransportReportsViolationsWithoutSecrets(t *testing.T) {
	v := RequireSpec(t)
	srv := httptest.NewServer(fakePod(`{"id":"not-a-number"}`))
	defer srv.Close()
	rec := &errorRecorder{TB: t}
	client := &http.Client{Transport: NewTransport(rec, v, nil)}

	get(t, client, srv.URL+"/pod/v2/sessioninfo")
	errs := rec.reported()
	if len(errs) != 1 {
		t.Fatalf("reported %d violations, want 1: %q", len(errs), errs)
	}
	for _, want := range []string{"GET", "/pod/v2/sessioninfo", "/id", "integer"} {
		if !strings.Contains(errs[0], want) {
			t.Errorf("report %q does not mention %q", errs[0], want)
		}
	}
	if strings.Contains(errs[0], testToken) {
		t.Errorf("report leaks the session token: %q", errs[0])
	}
}

func TestTransportIsSafeForConcurrentUse(t *testing.T) {
	v := RequireSpec(t)
	srv := httptest.NewServer(fakePod(userV2))
	defer srv.Close()
	rec := &errorRecorder{TB: t}
	client := &http.Client{Transport: NewTransport(rec, v, nil)}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10 {
				get(t, client, srv.URL+"/pod/v2/sessioninfo")
			}
		})
	}
	wg.Wait()
	if errs := rec.reported(); len(errs) != 0 {
		t.Errorf("valid exchanges reported: %q", errs)
	}
}

func TestMiddlewareValidatesServerResponses(t *testing.T) {
	v := RequireSpec(t)
	rec := &errorRecorder{TB: t}
	srv := httptest.NewServer(Middleware(rec, v, fakePod(`{"id":1,"roles":"ADMIN"}`)))
	defer srv.Close()

	if got := get(t, srv.Client(), srv.URL+"/pod/v2/sessioninfo"); got != `{"id":1,"roles":"ADMIN"}` {
		t.Errorf("middleware altered the body: %q", got)
	}
	get(t, srv.Client(), srv.URL+"/_emulator/stats")
	errs := rec.reported()
	if len(errs) != 1 || !strings.Contains(errs[0], "/roles") {
		t.Errorf("reported %q, want one violation at /roles", errs)
	}
}

func BenchmarkCheckUserSearch(b *testing.B) {
	v := RequireSpec(b)
	users := strings.Repeat(userV2+",", 49) + userV2
	e := exchange{method: "POST", url: "/pod/v1/user/search?limit=50", reqBody: `{"query":"a"}`, status: 200,
		respBody: `{"count":50,"skip":0,"limit":50,"searchQuery":{"query":"a"},"users":[` + users + `]}`}
	for b.Loop() {
		if err := e.check(v); err != nil {
			b.Fatal(err)
		}
	}
}

func TestProxyValidatesBothSides(t *testing.T) {
	v := RequireSpec(t)
	pod := httptest.NewServer(fakePod(`{"id":1,"displayName":7}`))
	defer pod.Close()
	rec := &errorRecorder{TB: t}
	proxy := NewProxy(rec, v, pod.URL, nil)

	if got := get(t, http.DefaultClient, proxy+"/pod/v2/sessioninfo"); got != `{"id":1,"displayName":7}` {
		t.Errorf("the proxy altered the body: %q", got)
	}
	get(t, http.DefaultClient, proxy+"/pod/v2/sessioninfo?verbose=true")
	errs := rec.reported()
	if len(errs) != 2 || !strings.Contains(errs[0], "/displayName") || !strings.Contains(errs[1], `"verbose"`) {
		t.Errorf("reported %q, want the response's /displayName, then the request's verbose parameter", errs)
	}
}

func TestSaveReportWritesOneFilePerBinary(t *testing.T) {
	record("GET /pod/v2/user/presence", 200)
	dir := t.TempDir()
	t.Setenv(ReportDirEnv, "")
	if err := SaveReport(); err != nil {
		t.Fatal(err)
	}
	t.Setenv(ReportDirEnv, dir)
	if err := SaveReport(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "pod_contract.txt"))
	if err != nil {
		t.Fatalf("no report for this binary: %v", err)
	}
	if !strings.Contains(string(data), "GET /pod/v2/user/presence  200×") {
		t.Errorf("report misses a recorded operation:\n%s", data)
	}
}
