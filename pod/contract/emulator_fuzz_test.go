package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"symtui/pod/emulator"
)

// The emulator's fuzz targets, one per route family. Each sends what the
// fuzzer makes of a route's path parameter, query and body (with or without
// a session) and asserts: no panic (a 500), no hang (an answer within
// answerBound), and an answer that is a 2xx or a 4xx whose body the
// specification allows for that operation, or the pod's Error body where no
// specification covers the path. `make test` runs the seeds; `make fuzz`
// fuzzes each target for a while.

// answerBound is how long one request may take before it counts as a hang.
const answerBound = 20 * time.Second

// fuzzRoute is a route of a family; {p} in path takes the fuzzed parameter,
// or, when that is empty, a real id of kind def ("user", "ext", "room", "feed").
type fuzzRoute struct {
	method, path, def string
}

var fuzzFamilies = map[string][]fuzzRoute{
	"auth": {
		{"POST", "/login/pubkey/authenticate", ""},
		{"POST", "/relay/pubkey/authenticate", ""},
		{"POST", "/login/pubkey/app/authenticate", ""},
		{"POST", "/login/pubkey/app/user/{p}/authenticate", "user"},
		{"POST", "/login/pubkey/app/username/{p}/authenticate", ""},
		{"POST", "/sessionauth/v1/authenticate", ""},
		{"POST", "/keyauth/v1/authenticate", ""},
		{"POST", "/sessionauth/v1/logout", ""},
		{"GET", "/pod/v1/podcert", ""},
	},
	"users": {
		{"GET", "/pod/v2/sessioninfo", ""},
		{"POST", "/pod/v1/user/search", ""},
		{"GET", "/pod/v3/users", ""},
		{"GET", "/pod/v2/user", ""},
		{"POST", "/pod/v1/user/{p}/follow", "user"},
		{"POST", "/pod/v1/user/{p}/unfollow", "user"},
		{"GET", "/pod/v1/files/allowedTypes", ""},
		{"GET", "/pod/v1/admin/system/protocols/list", ""},
	},
	"admin-users": {
		{"GET", "/pod/v2/admin/user/list", ""},
		{"POST", "/pod/v1/admin/user/find", ""},
		{"GET", "/pod/v2/admin/user/{p}", "user"},
		{"POST", "/pod/v2/admin/user/create", ""},
		{"POST", "/pod/v2/admin/user/{p}/update", "user"},
		{"GET", "/pod/v1/admin/user/{p}/features", "user"},
		{"POST", "/pod/v1/admin/user/{p}/features/update", "user"},
		{"GET", "/pod/v1/admin/system/features/list", ""},
		{"GET", "/pod/v1/admin/system/roles/list", ""},
		{"POST", "/pod/v1/admin/user/{p}/roles/add", "user"},
		{"POST", "/pod/v1/admin/user/{p}/roles/remove", "user"},
		{"GET", "/pod/v1/admin/user/{p}/status", "user"},
		{"POST", "/pod/v1/admin/user/{p}/status/update", "user"},
		{"PUT", "/pod/v1/admin/user/{p}/suspension/update", "user"},
		{"POST", "/pod/v1/admin/user/{p}/streams/list", "user"},
	},
	"rooms": {
		{"POST", "/pod/v3/room/create", ""},
		{"POST", "/pod/v3/room/search", ""},
		{"GET", "/pod/v3/room/{p}/info", "room"},
		{"POST", "/pod/v3/room/{p}/update", "room"},
		{"POST", "/pod/v1/room/{p}/setActive", "room"},
		{"POST", "/pod/v1/admin/room/{p}/setActive", "room"},
		{"POST", "/pod/v1/room/{p}/membership/add", "room"},
		{"POST", "/pod/v1/room/{p}/membership/remove", "room"},
		{"POST", "/pod/v1/room/{p}/membership/promoteOwner", "room"},
		{"POST", "/pod/v1/room/{p}/membership/demoteOwner", "room"},
		{"POST", "/pod/v1/admin/room/{p}/membership/add", "room"},
		{"POST", "/pod/v1/admin/room/{p}/membership/remove", "room"},
		{"GET", "/pod/v2/room/{p}/membership/list", "room"},
		{"GET", "/pod/v1/admin/room/{p}/membership/list", "room"},
		{"GET", "/pod/v1/admin/stream/{p}/membership/list", "room"},
		{"POST", "/pod/v1/im/create", ""},
		{"POST", "/pod/v1/admin/im/create", ""},
		{"POST", "/pod/v1/streams/list", ""},
		{"POST", "/pod/v2/admin/streams/list", ""},
		{"GET", "/pod/v2/streams/{p}/info", "room"},
	},
	"connections": {
		{"GET", "/pod/v1/connection/user/{p}/info", "ext"},
		{"GET", "/pod/v1/connection/list", ""},
		{"POST", "/pod/v1/connection/create", ""},
		{"POST", "/pod/v1/connection/accept", ""},
		{"POST", "/pod/v1/connection/reject", ""},
		{"POST", "/pod/v1/connection/user/{p}/remove", "ext"},
	},
	"presence": {
		{"GET", "/pod/v2/user/presence", ""},
		{"POST", "/pod/v2/user/presence", ""},
		{"GET", "/pod/v3/user/{p}/presence", "user"},
		{"GET", "/pod/v2/users/presence", ""},
		{"POST", "/pod/v3/user/presence", ""},
		{"POST", "/pod/v1/user/presence/register", ""},
		{"POST", "/pod/v1/presence/feed/create", ""},
		{"GET", "/pod/v1/presence/feed/{p}/read", "feed"},
		{"POST", "/pod/v1/presence/feed/{p}/delete", "feed"},
	},
	"audit": {
		{"GET", "/agent/v1/audittrail/privilegeduser", ""},
	},
	"control": {
		{"GET", "/_emulator/stats", ""},
		{"POST", "/_emulator/stats/reset", ""},
		{"GET", "/_emulator/faults", ""},
		{"POST", "/_emulator/faults", ""},
		{"POST", "/_emulator/expire-sessions", ""},
		{"POST", "/_emulator/expire-feeds", ""},
		{"POST", "/_emulator/churn", ""},
		{"GET", "/_emulator/presence", ""},
	},
}

// fuzzSeeds are inputs every route starts from: the valid request, and the
// hostile values that found bugs before.
var fuzzSeeds = []struct {
	param, query, body string
}{
	{"", "", ""},
	{"", "", "{}"},
	{"", "skip=1&limit=9223372036854775807", `{"query":""}`},
	{"", "skip=-1&limit=0", "[]"},
	{"", "limit=abc&uid=1,x&email=a@b.c&username=symtui-bot&local=true&active=maybe", `{"id":-1}`},
	{"..", "startTimestamp=0&before=%%%&after=MQ", `{"userId":9223372036854775807}`},
	{"\u202e\x00\x1b[31m", "status=all&userIds=1,2,3", `{"category":"AVAILABLE","userId":1}`},
	{strings.Repeat("9", 40), "soft=true&active=true", `{"rate":1e308,"burst":1e300}`},
	{"", "", `{"name":"r","keywords":[{"key":"","value":""}]}`},
	{"", "", `{"userAttributes":{"userName":"u","displayName":"d","emailAddress":"u@x.y","accountType":"SYSTEM"},"roles":["SUPER_ADMINISTRATOR"]}`},
	{"", "", `{"status":"DISABLED","suspended":true,"suspendedUntil":-9223372036854775808}`},
	{"", "", `{"latencyMs":0,"errorRate":1.5,"unreachable":true}`},
}

// fuzzPod is the emulator one fuzz target drives, with a bot session.
type fuzzPod struct {
	emu   *emulator.Emulator
	http  *http.Client
	token string
	ids   map[string]string // a real id per kind, for {p}
}

func startFuzzPod(t testing.TB) *fuzzPod {
	emu, err := emulator.New(emulator.Options{Users: 60, Rooms: 8, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	p := &fuzzPod{emu: emu, http: &http.Client{Timeout: answerBound}}
	p.login(t)
	p.ids = map[string]string{"user": strconv.FormatInt(emu.Credentials.BotUserID, 10)}
	var rooms struct {
		Rooms []struct {
			RoomSystemInfo struct{ ID string } `json:"roomSystemInfo"`
		} `json:"rooms"`
	}
	p.decode(t, "POST", "/pod/v3/room/search?includeNonDiscoverable=true", `{"query":""}`, &rooms)
	if len(rooms.Rooms) > 0 {
		p.ids["room"] = rooms.Rooms[0].RoomSystemInfo.ID
	}
	var feed struct{ ID string }
	p.decode(t, "POST", "/pod/v1/presence/feed/create", "", &feed)
	p.ids["feed"] = feed.ID
	var conns []struct{ UserID int64 }
	p.decode(t, "GET", "/pod/v1/connection/list?status=all", "", &conns)
	if len(conns) > 0 {
		p.ids["ext"] = strconv.FormatInt(conns[0].UserID, 10)
	}
	return p
}

func (p *fuzzPod) login(t testing.TB) bool {
	var tok struct{ Token string }
	body, _ := json.Marshal(map[string]string{"token": loginJWT(t.(*testing.T), emulator.BotUsername, p.emu.Credentials.BotPrivateKeyPEM)})
	status := p.decode(t, "POST", "/login/pubkey/authenticate", string(body), &tok)
	p.token = tok.Token
	return status == http.StatusOK
}

func (p *fuzzPod) decode(t testing.TB, method, path, body string, out any) int {
	req, _ := http.NewRequest(method, p.emu.URL+path, strings.NewReader(body))
	req.Header.Set("sessionToken", p.token)
	resp, err := p.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// keepUsable puts the pod back in a state the next input can use: faults
// and churn off, and a live bot session (a new pod when the bot can no
// longer log in, say because an input disabled it).
func (p *fuzzPod) keepUsable(t *testing.T) {
	p.emu.SetFaults(emulator.Faults{})
	p.emu.SetChurn(0)
	if p.decode(t, "GET", "/pod/v2/sessioninfo", "", new(struct{})) == http.StatusOK || p.login(t) {
		return
	}
	p.emu.Close()
	*p = *startFuzzPod(t)
}

// fuzzFamily is the fuzz target of one route family.
func fuzzFamily(f *testing.F, family string) {
	v := RequireSpec(f)
	routes := fuzzFamilies[family]
	for i := range routes {
		for _, s := range fuzzSeeds {
			f.Add(uint8(i), s.param, s.query, []byte(s.body), true)
		}
		f.Add(uint8(i), "", "", []byte(nil), false)
	}
	var pod *fuzzPod
	f.Cleanup(func() {
		if pod != nil {
			pod.emu.Close()
		}
	})
	f.Fuzz(func(t *testing.T, route uint8, param, query string, body []byte, session bool) {
		if pod == nil {
			pod = startFuzzPod(t)
		}
		rt := routes[int(route)%len(routes)]
		if param == "" {
			param = pod.ids[rt.def]
		}
		path := strings.ReplaceAll(rt.path, "{p}", url.PathEscape(param))
		fuzzExchange(t, v, pod, rt.method, path, query, body, session)
		pod.keepUsable(t)
	})
}

// fuzzExchange sends one fuzzed request and checks the answer.
func fuzzExchange(t *testing.T, v *Validator, pod *fuzzPod, method, path, query string, body []byte, session bool) {
	values, _ := url.ParseQuery(query) // what parses; the rest is dropped, as a client would not send it
	target := pod.emu.URL + path
	if len(values) > 0 {
		target += "?" + values.Encode()
	}
	var reader io.Reader = http.NoBody
	if len(body) > 0 {
		reader = bytes.NewReader(body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), answerBound)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return // not a request a client can send
	}
	if len(body) > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	if session {
		req.Header.Set("sessionToken", pod.token)
	}
	resp, err := pod.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: no answer within %v: %v", method, target, answerBound, err)
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s %s: the answer broke off: %v", method, target, err)
	}
	if resp.StatusCode >= 500 || resp.StatusCode < 200 || (resp.StatusCode >= 300 && resp.StatusCode < 400) {
		t.Fatalf("%s %s with %q: answered %d %s", method, target, body, resp.StatusCode, respBody)
	}
	checkAnswer(t, v, req, body, resp, respBody)
}

// checkAnswer checks the body against the operation's responses where a
// specification covers the path, and the Error shape where none does.
func checkAnswer(t *testing.T, v *Validator, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	if req.Method == http.MethodHead {
		return // no body to judge
	}
	// A path with empty, "." or ".." segments names no route: the emulator
	// refuses it before routing, whatever operation the segments resemble.
	routed := !strings.HasPrefix(req.URL.Path, controlPrefix) && canonical(req.URL.EscapedPath())
	if routed {
		_, _, err := v.findRoute(req)
		routed = err == nil
	}
	if routed {
		_, err := v.check(req, reqBody, resp, respBody)
		for _, violation := range violations(err) {
			if violation.Status != 0 { // the request is fuzzed: only the answer is judged
				t.Fatalf("%s %s: %v\nbody: %s", req.Method, req.URL, violation, respBody)
			}
		}
		return
	}
	if resp.StatusCode >= 400 || resp.StatusCode == http.StatusNoContent {
		if resp.StatusCode >= 400 {
			wantErrorBody(t, req, resp, respBody)
		}
		return
	}
	if !json.Valid(respBody) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%s %s: %d with a body that is not JSON: %q", req.Method, req.URL, resp.StatusCode, respBody)
	}
}

func canonical(path string) bool {
	segments := strings.Split(path, "/")[1:]
	for i, seg := range segments {
		seg, _ = url.PathUnescape(seg)
		if seg == "." || seg == ".." || seg == "/" || (seg == "" && i < len(segments)-1) {
			return false
		}
	}
	return true
}

func wantErrorBody(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	var e struct {
		Code    *int    `json:"code"`
		Message *string `json:"message"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Code == nil || *e.Code != resp.StatusCode || e.Message == nil || *e.Message == "" {
		t.Fatalf("%s %s: %d with a body that is not the pod's Error: %q", req.Method, req.URL, resp.StatusCode, body)
	}
}

// violations unpacks the errors Check joins.
func violations(err error) []*Violation {
	var out []*Violation
	var walk func(error)
	walk = func(err error) {
		if v, ok := err.(*Violation); ok {
			out = append(out, v)
			return
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				walk(e)
			}
		}
		var v *Violation
		if errors.As(err, &v) && len(out) == 0 {
			out = append(out, v)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func FuzzEmulatorAuth(f *testing.F)        { fuzzFamily(f, "auth") }
func FuzzEmulatorUsers(f *testing.F)       { fuzzFamily(f, "users") }
func FuzzEmulatorAdminUsers(f *testing.F)  { fuzzFamily(f, "admin-users") }
func FuzzEmulatorRooms(f *testing.F)       { fuzzFamily(f, "rooms") }
func FuzzEmulatorConnections(f *testing.F) { fuzzFamily(f, "connections") }
func FuzzEmulatorPresence(f *testing.F)    { fuzzFamily(f, "presence") }
func FuzzEmulatorAudit(f *testing.F)       { fuzzFamily(f, "audit") }
func FuzzEmulatorControl(f *testing.F)     { fuzzFamily(f, "control") }

// FuzzEmulatorPaths sends any method to any path: whatever it is, the
// answer is a 2xx or a 4xx in the pod's shape, within the bound.
func FuzzEmulatorPaths(f *testing.F) {
	v := RequireSpec(f)
	for _, s := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/pod//v2/sessioninfo"}, {"GET", "/pod/v1/../v2/sessioninfo"}, {"PUT", "/pod/v2/sessioninfo"},
		{"GET", "/pod/v2/sessioninfo/"}, {"OPTIONS", "/pod/v1/streams/list"}, {"DELETE", "/_emulator/stats"},
		{"GET", "/pod/v3/room/%2F%2E%2E%2F/info"}, {"POST", "/pod/v1/streams/list"}, {"GET", "/agent/v1/audittrail/privilegeduser"},
		{"HEAD", "/pod/v1/podcert"}, {"PATCH", "/login/pubkey/authenticate"}, {"GET", "/pod/v2/admin/user/%00"},
	} {
		f.Add(s.method, s.path, "limit=1", []byte("{}"), true)
	}
	var pod *fuzzPod
	f.Cleanup(func() {
		if pod != nil {
			pod.emu.Close()
		}
	})
	f.Fuzz(func(t *testing.T, method, path, query string, body []byte, session bool) {
		if pod == nil {
			pod = startFuzzPod(t)
		}
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
			path = "/" + url.PathEscape(path)
		}
		if _, err := url.ParseRequestURI(path); err != nil {
			return // not a path a client can send
		}
		fuzzExchange(t, v, pod, method, path, query, body, session)
		pod.keepUsable(t)
	})
}
