package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// pagedRoute is one route with paging parameters and what the spec says of them.
type pagedRoute struct {
	method, path, body string
	maxLimit           int  // the spec's maximum; 0: none stated (int32 applies)
	noSkip             bool // keyset paging: limit only
}

func pagedRoutes(e *Emulator) []pagedRoute {
	var room string
	e.locked(func() {
		for _, id := range e.st.streamOrder {
			if e.st.streams[id].Type == "ROOM" {
				room = id
				break
			}
		}
	})
	bot := itoa(e.Credentials.BotUserID)
	return []pagedRoute{
		{method: "POST", path: "/pod/v1/streams/list"},
		{method: "POST", path: "/pod/v1/admin/user/" + bot + "/streams/list"},
		{method: "POST", path: "/pod/v2/admin/streams/list", maxLimit: 100},
		{method: "POST", path: "/pod/v3/room/search", body: `{"query":""}`, maxLimit: 100},
		{method: "POST", path: "/pod/v1/user/search", body: `{"query":""}`},
		{method: "GET", path: "/pod/v2/admin/user/list", maxLimit: 1000},
		{method: "POST", path: "/pod/v1/admin/user/find", body: `{}`, maxLimit: 1000},
		{method: "GET", path: "/pod/v1/admin/stream/" + room + "/membership/list", maxLimit: 1000},
		{method: "GET", path: "/pod/v2/users/presence", maxLimit: 5000, noSkip: true},
		{method: "GET", path: "/agent/v1/audittrail/privilegeduser?startTimestamp=0", maxLimit: 500, noSkip: true},
	}
}

// withQuery appends name=value to path.
func withQuery(path, name, value string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + name + "=" + url.QueryEscape(value)
}

// No skip or limit wedges the pod: every out-of-bounds value on every paged
// route is the pod's 400, and the pod goes on answering. The first request
// is the one that used to panic with the lock held.
func TestSkipLimitBounds(t *testing.T) {
	e := startPod(t, Options{Users: 60})
	c := client(t, e, false)
	c.Timeout = time.Minute // a wedged pod fails the test instead of hanging it
	tok := botToken(t, c, e)
	wantError(t, call(t, c, e, "POST", "/pod/v1/streams/list?skip=1&limit=9223372036854775807", tok, nil),
		http.StatusBadRequest, "limit must be an integer from 1 to 2147483647")

	bad := []string{"-1", "abc", "1.5", "1e3", "0x10", "9223372036854775807", "9223372036854775808", "2147483648", " 1"}
	for _, rt := range pagedRoutes(e) {
		body := any(nil)
		if rt.body != "" {
			body = rt.body
		}
		params := []string{"limit"}
		if !rt.noSkip {
			params = append(params, "skip")
		}
		for _, p := range params {
			for _, v := range bad {
				r := call(t, c, e, rt.method, withQuery(rt.path, p, v), tok, body)
				wantError(t, r, http.StatusBadRequest, p)
			}
		}
		for _, v := range []string{"0", itoa(int64(max(rt.maxLimit, maxInt32)) + 1)} {
			wantError(t, call(t, c, e, rt.method, withQuery(rt.path, "limit", v), tok, body), http.StatusBadRequest, "limit")
		}
		if rt.maxLimit > 0 {
			over := withQuery(rt.path, "limit", itoa(int64(rt.maxLimit)+1))
			wantError(t, call(t, c, e, rt.method, over, tok, body), http.StatusBadRequest, "from 1 to "+itoa(int64(rt.maxLimit)))
		}
		// The largest values in bounds page past the end without overflowing.
		top := withQuery(rt.path, "limit", itoa(int64(max(rt.maxLimit, 0))))
		if rt.maxLimit == 0 {
			top = withQuery(rt.path, "limit", "2147483647")
		}
		if !rt.noSkip {
			top = withQuery(top, "skip", "2147483647")
		}
		if r := call(t, c, e, rt.method, top, tok, body); r.Status >= 300 {
			t.Errorf("%s %s: %d %s", rt.method, top, r.Status, r.Body)
		}
	}
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusOK)
}

// The control API bounds its own inputs and answers what it accepted.
func TestControlInputBounds(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	for _, bad := range []string{
		`{"burst":100001}`, `{"burst":-1}`, `{"burst":9223372036854775807}`, `{"burst":1e30}`,
		`{"rate":10001}`, `{"rate":-0.5}`, `{"rate":"fast"}`, `{"rates":1}`, `{"rate":1} {"rate":2}`, ``,
	} {
		wantError(t, call(t, c, e, "POST", "/_emulator/churn", "", bad), http.StatusBadRequest, "")
	}
	var got churnControl
	r := call(t, c, e, "POST", "/_emulator/churn", "", `{"rate":2.5,"burst":100000}`)
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &got)
	if got.Rate == nil || *got.Rate != 2.5 || got.Burst != 100000 {
		t.Fatalf("churn answered %s", r.Body)
	}
	e.SetChurn(0)

	for _, bad := range []string{
		`{"errorRate":1.5}`, `{"loseRate":-0.1}`, `{"slowRate":2}`, `{"slowMs":60001}`, `{"latencyMs":-1}`,
		`{"jitterMs":9223372036854775807}`, `{"rateLimitNext":1000001}`, `{"retryAfterSeconds":3601}`,
		`{"droprate":0.5}`, `{"dropRate":"half"}`,
	} {
		wantError(t, call(t, c, e, "POST", "/_emulator/faults", "", bad), http.StatusBadRequest, "Invalid faults")
	}
	if got := e.CurrentFaults(); got != (Faults{}) {
		t.Fatalf("a refused fault change applied: %+v", got)
	}
	r = call(t, c, e, "POST", "/_emulator/faults", "", `{"slowRate":1,"slowMs":60000,"loseRate":0.25,"latencyMs":60000}`)
	wantStatus(t, r, http.StatusOK)
	if want := `{"latencyMs":60000,"jitterMs":0,"errorRate":0,"rateLimitNext":0,"retryAfterSeconds":0,"dropRate":0,"loseRate":0.25,"slowRate":1,"slowMs":60000,"unreachable":false}`; strings.TrimSpace(string(r.Body)) != want {
		t.Fatalf("faults answered %s, want %s", r.Body, want)
	}
}

// Options are bounded the same way: New refuses what the control API refuses.
func TestOptionsBounds(t *testing.T) {
	for _, o := range []Options{
		{PresenceChurn: MaxChurnRate + 1},
		{Users: MaxUsers + 1},
		{Faults: Faults{LoseRate: 2}},
		{Faults: Faults{Slow: 2 * MaxFaultDelay}},
		{Addr: "no-port"},
		{Addr: "0.0.0.0:0"}, // the network without a control token
		{Addr: ":0"},
	} {
		if e, err := New(o); err == nil {
			e.Close()
			t.Errorf("New(%+v) started", o)
		} else if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "emulator: ") {
			t.Errorf("New(%+v): %q is not one line", o, err)
		}
	}
}

// A search query's words are matched against every user or room with the
// lock held: repeated words count once, and more than 64 distinct ones are a
// 400 (a 2 MB query of "a a a ..." used to hold the lock for seconds).
func TestSearchTermsBounded(t *testing.T) {
	e := startPod(t, Options{Users: 200})
	c := client(t, e, false)
	c.Timeout = time.Minute
	tok := botToken(t, c, e)
	var many strings.Builder
	for i := range 65 {
		many.WriteString("w" + itoa(int64(i)) + " ")
	}
	repeated := strings.Repeat("a ", 1_000_000)
	for _, path := range []string{"/pod/v1/user/search", "/pod/v3/room/search"} {
		wantError(t, call(t, c, e, "POST", path, tok, `{"query":"`+many.String()+`"}`), http.StatusBadRequest, "more than 64 distinct words")
		if r := call(t, c, e, "POST", path, tok, `{"query":"`+repeated+`"}`); r.Status != http.StatusOK && r.Status != http.StatusNoContent {
			t.Errorf("%s with one word a million times: %d %s", path, r.Status, r.Body)
		}
	}
}

// A room keeps at most 100 keywords, on create and on update.
func TestRoomKeywordsBounded(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	keywords := func(n int) string {
		kw := make([]string, n)
		for i := range kw {
			kw[i] = `{"key":"k","value":"v` + itoa(int64(i)) + `"}`
		}
		return "[" + strings.Join(kw, ",") + "]"
	}
	wantError(t, call(t, c, e, "POST", "/pod/v3/room/create", tok, `{"name":"many","keywords":`+keywords(101)+`}`), http.StatusBadRequest, "at most 100 keywords")
	r := call(t, c, e, "POST", "/pod/v3/room/create", tok, `{"name":"enough","keywords":`+keywords(100)+`}`)
	wantStatus(t, r, http.StatusOK)
	var room v3RoomDetail
	r.decode(t, &room)
	wantError(t, call(t, c, e, "POST", "/pod/v3/room/"+room.RoomSystemInfo.ID+"/update", tok, `{"keywords":`+keywords(101)+`}`), http.StatusBadRequest, "at most 100 keywords")
}
