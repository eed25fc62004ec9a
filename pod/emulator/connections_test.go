package emulator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConnectionStateMachine(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me, them, third := p.addUser("me", false), p.addUser("them", true), p.addUser("third", true)
	req := func(u testUser) map[string]any { return map[string]any{"userId": u.ID} }

	raw := p.expect(404, "GET", fmt.Sprintf("/pod/v1/connection/user/%d/info", them.ID), me, nil, nil)
	if pe := errorMessage(t, raw); pe.Code != 404 || pe.Message != "Connection cannot be found" {
		t.Fatalf("no connection: %+v", pe)
	}
	raw = p.expect(404, "POST", "/pod/v1/connection/create", me, map[string]any{"userId": 12345}, nil)
	if pe := errorMessage(t, raw); pe.Message != "User cannot be found" {
		t.Fatalf("unknown target: %+v", pe)
	}

	var c userConnection
	p.expect(200, "POST", "/pod/v1/connection/create", me, req(them), &c)
	if c.UserID != them.ID || c.Status != "PENDING_OUTGOING" || c.RequestCounter != 1 || c.FirstRequestedAt == 0 || c.UpdatedAt == 0 {
		t.Fatalf("create = %+v", c)
	}
	p.expect(200, "GET", fmt.Sprintf("/pod/v1/connection/user/%d/info", me.ID), them, nil, &c)
	if c.UserID != me.ID || c.Status != "PENDING_INCOMING" {
		t.Fatalf("target's view = %+v", c)
	}
	// the requester cannot accept its own invitation
	p.expect(404, "POST", "/pod/v1/connection/accept", me, req(them), nil)
	p.expect(200, "POST", "/pod/v1/connection/reject", them, req(me), &c)
	if c.Status != "REJECTED" {
		t.Fatalf("reject = %+v", c)
	}
	// asking again after a rejection is a new request
	p.clock.Advance(5 * time.Second)
	p.expect(200, "POST", "/pod/v1/connection/create", me, req(them), &c)
	if c.Status != "PENDING_OUTGOING" || c.RequestCounter != 2 || c.UpdatedAt <= c.FirstRequestedAt {
		t.Fatalf("re-request = %+v", c)
	}
	p.expect(200, "POST", "/pod/v1/connection/accept", them, req(me), &c)
	if c.Status != "ACCEPTED" || c.UserID != me.ID {
		t.Fatalf("accept = %+v", c)
	}
	p.expect(200, "POST", "/pod/v1/connection/create", third, req(me), nil)

	var list []userConnection
	p.expect(200, "GET", "/pod/v1/connection/list", me, nil, &list)
	if len(list) != 1 || list[0].UserID != third.ID || list[0].Status != "PENDING_INCOMING" {
		t.Fatalf("default list = %+v", list)
	}
	p.expect(200, "GET", "/pod/v1/connection/list?status=accepted", me, nil, &list)
	if len(list) != 1 || list[0].UserID != them.ID {
		t.Fatalf("accepted list = %+v", list)
	}
	p.expect(200, "GET", "/pod/v1/connection/list?status=ALL", me, nil, &list)
	if len(list) != 2 {
		t.Fatalf("all list = %+v", list)
	}
	p.expect(200, "GET", fmt.Sprintf("/pod/v1/connection/list?status=all&userIds=%d", them.ID), me, nil, &list)
	if len(list) != 1 || list[0].UserID != them.ID {
		t.Fatalf("all list for one id = %+v", list)
	}
	p.expect(400, "GET", "/pod/v1/connection/list?status=friends", me, nil, nil)
	p.expect(400, "GET", "/pod/v1/connection/list?userIds=a,b", me, nil, nil)

	raw = p.expect(200, "POST", fmt.Sprintf("/pod/v1/connection/user/%d/remove", them.ID), me, nil, nil)
	if string(raw) != `{"format":"TEXT","message":"Connection Removed."}`+"\n" {
		t.Fatalf("remove answered %s", raw)
	}
	p.expect(404, "POST", fmt.Sprintf("/pod/v1/connection/user/%d/remove", them.ID), me, nil, nil)
	p.expect(404, "POST", "/pod/v1/connection/reject", me, req(them), nil)
}

func TestImplicitSamePodConnections(t *testing.T) {
	p := newRoomsPod(t, Options{})
	me, colleague := p.addUser("me", false), p.addUser("colleague", false)
	var c userConnection
	raw := p.expect(200, "GET", fmt.Sprintf("/pod/v1/connection/user/%d/info", colleague.ID), me, nil, &c)
	if c.Status != "ACCEPTED" || c.UserID != colleague.ID || string(raw) != fmt.Sprintf(`{"userId":%d,"status":"ACCEPTED"}`+"\n", colleague.ID) {
		t.Fatalf("implicit info = %s", raw)
	}
	var list []userConnection
	p.expect(200, "GET", fmt.Sprintf("/pod/v1/connection/list?userIds=%d", colleague.ID), me, nil, &list)
	if len(list) != 0 {
		t.Fatalf("implicit connection listed without status=ACCEPTED: %+v", list)
	}
	p.expect(200, "GET", "/pod/v1/connection/list?status=ACCEPTED", me, nil, &list)
	if len(list) != 0 {
		t.Fatalf("implicit connection listed without userIds: %+v", list)
	}
	p.expect(200, "GET", fmt.Sprintf("/pod/v1/connection/list?status=ACCEPTED&userIds=%d", colleague.ID), me, nil, &list)
	if len(list) != 1 || list[0].UserID != colleague.ID || list[0].Status != "ACCEPTED" {
		t.Fatalf("implicit list = %+v", list)
	}
	p.expect(400, "POST", "/pod/v1/connection/reject", me, map[string]any{"userId": colleague.ID}, nil)
	p.expect(400, "POST", fmt.Sprintf("/pod/v1/connection/user/%d/remove", colleague.ID), me, nil, nil)
}

func TestSeededConnectionsCoverEveryState(t *testing.T) {
	p := newRoomsPod(t, Options{Users: 400})
	e := p.e
	e.mu.Lock()
	bot := e.st.byUsername[BotUsername]
	e.mu.Unlock()
	if bot == nil {
		t.Fatal("the seed has no bot account")
	}
	seen := map[string]int{}
	e.mu.Lock()
	for _, c := range e.st.connections {
		if c.Requester == bot.ID || c.Target == bot.ID {
			seen[c.view(bot.ID).Status]++
		}
	}
	e.mu.Unlock()
	for _, s := range []string{"PENDING_INCOMING", "PENDING_OUTGOING", "ACCEPTED", "REJECTED"} {
		if seen[s] == 0 {
			t.Errorf("the bot has no %s connection (seen %v)", s, seen)
		}
	}
}

// TestConnectionListByUserIDs checks that naming users gives exactly the
// caller's connections with those users, as filtering the whole list would.
func TestConnectionListByUserIDs(t *testing.T) {
	p := newRoomsPod(t, Options{Users: 400})
	e := p.e
	e.mu.Lock()
	bot := testUser{ID: e.st.byUsername[BotUsername].ID, Token: "test-token-bot"}
	e.st.sessions[bot.Token] = &session{Token: bot.Token, UserID: bot.ID, ExpiresAt: e.now().Add(time.Hour).UnixMilli()}
	e.mu.Unlock()

	var all []userConnection
	p.expect(200, "GET", "/pod/v1/connection/list?status=ALL", bot, nil, &all)
	if len(all) < 4 {
		t.Fatalf("the bot has %d connections; the test needs 4", len(all))
	}
	// Every other connection, the bot itself and a user it has no connection with.
	named := []string{strconv.FormatInt(bot.ID, 10), "1"}
	var want []userConnection
	for i, c := range all {
		if i%2 == 0 {
			named = append(named, strconv.FormatInt(c.UserID, 10))
			want = append(want, c)
		}
	}
	var got []userConnection
	p.expect(200, "GET", "/pod/v1/connection/list?status=ALL&userIds="+strings.Join(named, ","), bot, nil, &got)
	if !slices.Equal(got, want) {
		t.Fatalf("by user ids: %+v\nwant %+v", got, want)
	}
}
