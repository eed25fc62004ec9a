package contract

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"symtui/pod/emulator"
)

// oboPod is an emulator with a user acting through the app, and what the
// walk over the permission table needs: another local user, an external
// user, and a room the acting user owns.
type oboPod struct {
	t      *testing.T
	v      *Validator
	emu    *emulator.Emulator
	admin  podCaller // the bot's session
	user   podCaller // the session obtained by the app on behalf of ana
	ana    int64
	other  int64 // a local user besides ana
	remote int64 // a user of another pod
	room   string
}

func startOBOPod(t *testing.T) *oboPod {
	v := RequireSpec(t)
	emu, err := emulator.New(emulator.Options{Users: 300, Rooms: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	creds := emu.Credentials
	p := &oboPod{t: t, v: v, emu: emu}
	c := podCaller{base: emu.URL}.in(t, v)
	p.admin = c.as(c.login("/login/pubkey/authenticate", creds.BotUsername, creds.BotPrivateKeyPEM))

	var list []struct {
		UserAttributes struct {
			UserName    string `json:"userName"`
			AccountType string `json:"accountType"`
		} `json:"userAttributes"`
		UserSystemInfo struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"userSystemInfo"`
	}
	p.admin.expect(200, "GET", "/pod/v2/admin/user/list?skip=0&limit=50", nil, &list)
	var names []string
	var ids []int64
	for _, u := range list {
		if u.UserAttributes.AccountType == "NORMAL" && u.UserSystemInfo.Status == "ENABLED" {
			names, ids = append(names, u.UserAttributes.UserName), append(ids, u.UserSystemInfo.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("the seed has %d enabled people in its first 50 users; the walk needs 2", len(ids))
	}
	p.ana, p.other = ids[0], ids[1]

	var found struct {
		Users []struct {
			ID      int64  `json:"id"`
			Company string `json:"company"`
		} `json:"users"`
	}
	p.admin.expect(200, "POST", "/pod/v1/user/search?skip=0&limit=500", map[string]any{"query": "a"}, &found)
	for _, u := range found.Users {
		if u.Company != "" && u.Company != found.Users[0].Company && p.remote == 0 {
			p.remote = u.ID
		}
	}
	if p.remote == 0 {
		t.Fatal("the seed has no user of another pod among the search results")
	}

	app := c.login("/login/pubkey/app/authenticate", creds.AppID, creds.AppPrivateKeyPEM)
	var tok tokenBody
	c.as(app).expect(200, "POST", "/login/pubkey/app/username/"+names[0]+"/authenticate", nil, &tok)
	p.user = c.as(tok.Token)

	var room struct {
		RoomSystemInfo struct {
			ID string `json:"id"`
		} `json:"roomSystemInfo"`
	}
	p.user.expect(200, "POST", "/pod/v3/room/create", map[string]any{"name": "Permission walk"}, &room)
	p.room = room.RoomSystemInfo.ID
	return p
}

// grant replaces the app's permissions through the control API.
func (p *oboPod) grant(t *testing.T, perms []string) {
	t.Helper()
	c := podCaller{base: p.emu.URL}.in(t, p.v)
	if got := c.call("POST", "/_emulator/apps/"+p.emu.Credentials.AppID+"/permissions", map[string]any{"permissions": perms}, nil); got != 200 {
		t.Fatalf("granting %v: status %d", perms, got)
	}
}

// oboRequest is a valid request for one route of the table, and what must
// be in place before it can succeed (run with every permission granted).
type oboRequest struct {
	method, path string
	body         any
	setup        func(c podCaller)
}

// requests builds the request the walk sends for each route of the table
// the emulator serves.
func (p *oboPod) requests() map[string]oboRequest {
	room := "/pod/v1/room/" + p.room
	member := map[string]any{"id": p.other}
	addOther := func(c podCaller) { c.expect(200, "POST", room+"/membership/add", member, nil) }
	followers := map[string]any{"followers": []int64{p.ana}}
	return map[string]oboRequest{
		"GET /pod/v1/connection/list": {method: "GET", path: "/pod/v1/connection/list?status=ALL"},
		"GET /pod/v1/connection/user/{userId}/info": {method: "GET", path: fmt.Sprintf("/pod/v1/connection/user/%d/info", p.remote), setup: func(c podCaller) {
			c.expect(200, "POST", "/pod/v1/connection/create", map[string]any{"userId": p.remote}, nil)
		}},
		"POST /pod/v1/connection/create":                 {method: "POST", path: "/pod/v1/connection/create", body: map[string]any{"userId": p.remote}},
		"GET /pod/v1/admin/system/protocols/list":        {method: "GET", path: "/pod/v1/admin/system/protocols/list"},
		"GET /pod/v1/files/allowedTypes":                 {method: "GET", path: "/pod/v1/files/allowedTypes"},
		"GET /pod/v2/sessioninfo":                        {method: "GET", path: "/pod/v2/sessioninfo"},
		"POST /pod/v1/streams/list":                      {method: "POST", path: "/pod/v1/streams/list?skip=0&limit=10", body: map[string]any{}},
		"POST /pod/v1/im/create":                         {method: "POST", path: "/pod/v1/im/create", body: []int64{p.other}},
		"GET /pod/v2/user":                               {method: "GET", path: fmt.Sprintf("/pod/v2/user?uid=%d", p.other)},
		"GET /pod/v3/users":                              {method: "GET", path: fmt.Sprintf("/pod/v3/users?uid=%d", p.other)},
		"POST /pod/v1/user/search":                       {method: "POST", path: "/pod/v1/user/search?limit=5", body: map[string]any{"query": "a"}},
		"GET /pod/v2/user/presence":                      {method: "GET", path: "/pod/v2/user/presence"},
		"POST /pod/v2/user/presence":                     {method: "POST", path: "/pod/v2/user/presence", body: map[string]any{"category": "BUSY"}},
		"POST /pod/v3/user/presence":                     {method: "POST", path: "/pod/v3/user/presence", body: map[string]any{"category": "AVAILABLE", "userId": p.ana}},
		"GET /pod/v3/user/{uid}/presence":                {method: "GET", path: fmt.Sprintf("/pod/v3/user/%d/presence", p.other)},
		"POST /pod/v1/user/presence/register":            {method: "POST", path: "/pod/v1/user/presence/register", body: []int64{p.remote}},
		"POST /pod/v1/presence/feed/create":              {method: "POST", path: "/pod/v1/presence/feed/create"},
		"GET /pod/v1/presence/feed/{feedId}/read":        {method: "GET", path: "/pod/v1/presence/feed/{feed}/read"},
		"POST /pod/v1/presence/feed/{feedId}/delete":     {method: "POST", path: "/pod/v1/presence/feed/{feed}/delete"},
		"POST /pod/v3/room/create":                       {method: "POST", path: "/pod/v3/room/create", body: map[string]any{"name": "Made through the app"}},
		"POST /pod/v3/room/search":                       {method: "POST", path: "/pod/v3/room/search?limit=5", body: map[string]any{"query": "walk"}},
		"GET /pod/v3/room/{id}/info":                     {method: "GET", path: "/pod/v3/room/" + p.room + "/info"},
		"POST /pod/v3/room/{id}/update":                  {method: "POST", path: "/pod/v3/room/" + p.room + "/update", body: map[string]any{"description": "walked"}},
		"POST /pod/v1/room/{id}/setActive":               {method: "POST", path: room + "/setActive?active=true"},
		"GET /pod/v2/room/{id}/membership/list":          {method: "GET", path: "/pod/v2/room/" + p.room + "/membership/list"},
		"POST /pod/v1/room/{id}/membership/add":          {method: "POST", path: room + "/membership/add", body: member},
		"POST /pod/v1/room/{id}/membership/remove":       {method: "POST", path: room + "/membership/remove", body: member, setup: addOther},
		"POST /pod/v1/room/{id}/membership/promoteOwner": {method: "POST", path: room + "/membership/promoteOwner", body: member, setup: addOther},
		"POST /pod/v1/room/{id}/membership/demoteOwner": {method: "POST", path: room + "/membership/demoteOwner", body: member, setup: func(c podCaller) {
			addOther(c)
			c.expect(200, "POST", room+"/membership/promoteOwner", member, nil)
		}},
		"POST /pod/v1/user/{uid}/follow": {method: "POST", path: fmt.Sprintf("/pod/v1/user/%d/follow", p.other), body: followers},
		"POST /pod/v1/user/{uid}/unfollow": {method: "POST", path: fmt.Sprintf("/pod/v1/user/%d/unfollow", p.other), body: followers, setup: func(c podCaller) {
			c.expect(200, "POST", fmt.Sprintf("/pod/v1/user/%d/follow", p.other), followers, nil)
		}},
	}
}

// TestEmulatorEnforcesTheOBOTable walks the whole permission table: each
// endpoint succeeds for a session obtained on behalf of a user when the app
// holds the endpoint's permission(s) and nothing else, and is refused, with
// the pod's Error body naming each missing permission, when the app holds
// every permission but those. Every other route of the emulator is refused
// to such a session, saying it is not available on behalf of a user. Every
// exchange is validated against the specification.
func TestEmulatorEnforcesTheOBOTable(t *testing.T) {
	p := startOBOPod(t)
	all := emulator.AppPermissions()
	served := map[string]bool{}
	for _, r := range p.emu.Routes() {
		served[r] = true
	}
	reqs := p.requests()
	table := emulator.OBOEndpoints()
	inTable := map[string]bool{}
	for _, ep := range table {
		inTable[ep.Route] = true
		t.Run(ep.Route, func(t *testing.T) {
			if !served[ep.Route] {
				p.unserved(t, ep)
				return
			}
			rq, ok := reqs[ep.Route]
			if !ok {
				t.Fatalf("the walk has no request for %s", ep.Route)
			}
			c := p.user.in(t, p.v)
			if rq.setup != nil {
				p.grant(t, all)
				rq.setup(c)
			}
			path := strings.Replace(rq.path, "{feed}", p.lastFeed(t, c, rq), 1)

			p.grant(t, without(all, ep.Permissions))
			status, raw := c.exchange(rq.method, path, rq.body)
			if status != http.StatusForbidden {
				t.Fatalf("without %v: status %d, want 403; body %s", ep.Permissions, status, raw)
			}
			msg := errorBody(t, raw, status)
			for _, perm := range ep.Permissions {
				if !strings.Contains(msg, perm) {
					t.Errorf("without %v: the refusal %q does not name %s", ep.Permissions, msg, perm)
				}
			}

			needed := ep.Permissions
			if ep.AnyOf {
				needed = needed[:1]
			}
			p.grant(t, needed)
			if status, raw := c.exchange(rq.method, path, rq.body); status != 200 && status != 204 {
				t.Fatalf("with only %v: status %d, want a success; body %s", needed, status, raw)
			}
		})
	}
	for r := range reqs {
		if !inTable[r] {
			t.Errorf("the walk has a request for %s, which is not in the table", r)
		}
	}

	// Routes that need no session at all are outside the question.
	public := map[string]bool{"GET /pod/v1/podcert": true}
	p.grant(t, all)
	for _, route := range p.emu.Routes() {
		method, path, _ := strings.Cut(route, " ")
		if inTable[route] || public[route] || !(strings.HasPrefix(path, "/pod/") || strings.HasPrefix(path, "/agent/")) {
			continue
		}
		t.Run("refused "+route, func(t *testing.T) {
			p.refusedRoute(t, method, path)
		})
	}
}

// lastFeed creates a presence feed (with every permission granted) when
// the request's path names one, and returns its id.
func (p *oboPod) lastFeed(t *testing.T, c podCaller, rq oboRequest) string {
	if !strings.Contains(rq.path, "{feed}") {
		return ""
	}
	var f struct {
		ID string `json:"id"`
	}
	p.grant(t, emulator.AppPermissions())
	c.expect(200, "POST", "/pod/v1/presence/feed/create", nil, &f)
	return f.ID
}

// unserved: a row the emulator does not serve is a deprecated form the
// specification no longer lists; every session gets the pod's 404.
func (p *oboPod) unserved(t *testing.T, ep emulator.OBOEndpoint) {
	method, path, _ := strings.Cut(ep.Route, " ")
	path = strings.NewReplacer("{sid}", p.room, "{uid}", fmt.Sprint(p.other)).Replace(path)
	req, _ := http.NewRequest(method, p.emu.URL+path, nil)
	if _, _, err := p.v.findRoute(req); err == nil || !ep.Deprecated {
		t.Fatalf("%s is in the specification (or not deprecated) but the emulator does not serve it", ep.Route)
	}
	req.Header.Set("sessionToken", p.user.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("%s: status %d, want 404; body %s", ep.Route, resp.StatusCode, raw)
	}
	errorBody(t, raw, resp.StatusCode)
}

// refusedRoute calls a route that is not enabled for OBO with the user's
// session; the request is made up (the refusal comes before the body is
// read), so only the answer is judged against the specification.
func (p *oboPod) refusedRoute(t *testing.T, method, pattern string) {
	path := pattern
	for _, name := range []string{"{id}", "{sid}"} {
		path = strings.ReplaceAll(path, name, p.room)
	}
	for _, name := range []string{"{uid}", "{userId}"} {
		path = strings.ReplaceAll(path, name, fmt.Sprint(p.other))
	}
	var body io.Reader
	if method != http.MethodGet {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequest(method, p.emu.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("sessionToken", p.user.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403; body %s", resp.StatusCode, raw)
	}
	if msg := errorBody(t, raw, resp.StatusCode); !strings.Contains(msg, "not available on behalf of a user") {
		t.Fatalf("refusal %q does not say the endpoint is not available on behalf of a user", msg)
	}
	reqBody := []byte(nil)
	if body != nil {
		reqBody = []byte("{}")
	}
	resp.Body = io.NopCloser(strings.NewReader(string(raw)))
	_, err = p.v.check(req, reqBody, resp, raw)
	for _, violation := range violations(err) {
		if violation.Status != 0 {
			t.Fatalf("the refusal breaks the specification: %v", violation)
		}
	}
}

// errorBody checks the pod's Error shape and returns its message.
func errorBody(t *testing.T, raw []byte, status int) string {
	t.Helper()
	var e struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(raw, &e); err != nil || e.Code != status || e.Message == "" {
		t.Fatalf("answer %d %s is not the pod's Error", status, raw)
	}
	return e.Message
}

func without(all, drop []string) []string {
	return slices.DeleteFunc(slices.Clone(all), func(p string) bool { return slices.Contains(drop, p) })
}
