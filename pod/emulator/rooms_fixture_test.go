package emulator

import (
	"encoding/json"
	"net/http"
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
	id := int64(1<<40) + 1000
	if n := len(st.userOrder); n > 0 {
		id = max(id, st.userOrder[n-1]+1)
	}
	company := "Emulated Pod"
	if external {
		company = "Other Bank"
	}
	u := &user{ID: id, Username: username, Email: username + "@example.test", FirstName: "Test",
		LastName: username, DisplayName: "Test " + username, Company: company, External: external,
		Status: "ENABLED", AccountType: "NORMAL", Roles: append([]string{"INDIVIDUAL"}, roles...),
		Presence: presence{Category: "AVAILABLE", Timestamp: 1}}
	e.addUser(u)
	token := "test-token-" + username
	st.sessions[token] = &session{Token: token, UserID: id, ExpiresAt: e.now().Add(24 * time.Hour).UnixMilli()}
	return testUser{ID: id, Token: token, u: u}
}

// call sends a request with the user's session and returns status and body.
func (p *roomsPod) call(method, path string, who testUser, body any) (int, []byte) {
	p.t.Helper()
	r := call(p.t, http.DefaultClient, p.e, method, path, who.Token, body)
	return r.Status, r.Body
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
