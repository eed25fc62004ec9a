package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// roomsPod is a running emulator plus users built directly into its state,
// each with an injected session token, so the rooms/connections/presence
// tests do not depend on the login flow.
type roomsPod struct {
	t     *testing.T
	e     *Emulator
	clock *fakeClock
}

// fakeClock is a settable clock for the emulator.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newRoomsPod(t *testing.T, opts Options) *roomsPod {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Users == 0 {
		opts.Users = 30
	}
	e := startPod(t, opts)
	e.SetChurn(0)
	return &roomsPod{t: t, e: e, clock: clock}
}

// testUser is a user made by the fixture, with its session token.
type testUser struct {
	ID    int64
	Token string
	u     *user
}

// addUser puts a new user (id above every existing one) into the state.
func (p *roomsPod) addUser(username string, external bool, roles ...string) testUser {
	p.t.Helper()
	e := p.e
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.st
	if st.users == nil {
		st.users = map[int64]*user{}
	}
	if st.byUsername == nil {
		st.byUsername = map[string]*user{}
	}
	if st.sessions == nil {
		st.sessions = map[string]*session{}
	}
	id := int64(1<<40) + 1000
	if n := len(st.userOrder); n > 0 {
		id = max(id, st.userOrder[n-1]+1)
	}
	for st.users[id] != nil {
		id++
	}
	company := "Emulated Pod"
	if external {
		company = "Other Bank"
	}
	u := &user{ID: id, Username: username, Email: username + "@example.test", FirstName: "Test",
		LastName: username, DisplayName: "Test " + username, Company: company, External: external,
		Status: "ENABLED", AccountType: "NORMAL", Roles: append([]string{"INDIVIDUAL"}, roles...),
		Presence: presence{Category: "AVAILABLE", Timestamp: 1}}
	st.users[id] = u
	st.byUsername[username] = u
	st.userOrder = append(st.userOrder, id)
	slices.Sort(st.userOrder)
	token := "test-token-" + username
	st.sessions[token] = &session{Token: token, UserID: id, ExpiresAt: e.now().Add(24 * time.Hour).UnixMilli()}
	return testUser{ID: id, Token: token, u: u}
}

// call sends a request with the user's session and returns status and body.
func (p *roomsPod) call(method, path string, who testUser, body any) (int, []byte) {
	p.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			p.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, p.e.URL+path, rd)
	if err != nil {
		p.t.Fatal(err)
	}
	if who.Token != "" {
		req.Header.Set("sessionToken", who.Token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, raw
}

// expect calls and fails unless the status matches; it decodes a 2xx body into out.
func (p *roomsPod) expect(want int, method, path string, who testUser, body any, out any) []byte {
	p.t.Helper()
	status, raw := p.call(method, path, who, body)
	if status != want {
		p.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, want, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return raw
}

// errorMessage decodes the pod's error body.
func errorMessage(t *testing.T, raw []byte) podError {
	t.Helper()
	var pe podError
	if err := json.Unmarshal(raw, &pe); err != nil {
		t.Fatalf("error body %s: %v", raw, err)
	}
	return pe
}
