package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"symtui/export"
	"symtui/pod"
	"symtui/pod/emulator"
)

// A private room nobody can discover is still found by its members: the
// search asks for the non-discoverable rooms the account is in, as the
// console does.
func TestGetRoomsQueryFindsPrivateRoomsOfTheAccount(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 200, Rooms: 10})
	c := adminClient(t, cfg)
	name, no := "Quillfeather incident desk", false
	room, err := c.CreateRoom(testContext(t), pod.RoomChanges{Name: &name, Public: &no, Discoverable: &no})
	if err != nil {
		t.Fatal(err)
	}
	rows := csvRows(t, "rooms", "--query", "quillfeather", "--config", cfg)
	idCol := column(t, rows[0], "ID")
	if len(rows) != 2 || rows[1][idCol] != room.RoomSystemInfo.ID {
		t.Errorf("get rooms --query quillfeather listed %q; want the bot's private room %s", rows[1:], room.RoomSystemInfo.ID)
	}
}

// Search hits carry no account status; get fills it from each user's admin
// record, so it says what the admin list says, suspensions included, and
// leaves it empty for users of other pods.
func TestGetUsersQueryFillsStatus(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 600, Rooms: 5})
	list := csvRows(t, "users", "--config", cfg)
	idCol, statusCol := column(t, list[0], "ID"), column(t, list[0], "STATUS")
	want := map[string]string{}
	for _, r := range list[1:] {
		want[r[idCol]] = r[statusCol]
	}

	emu.ResetStats()
	hits := csvRows(t, "users", "--query", "@", "--config", cfg) // every enabled user's email
	local, suspended := 0, 0
	for _, r := range hits[1:] {
		st, isLocal := want[r[idCol]]
		if !isLocal {
			if r[statusCol] != "" {
				t.Errorf("user %s of another pod has STATUS %q", r[idCol], r[statusCol])
			}
			continue
		}
		local++
		if r[statusCol] != st {
			t.Errorf("user %s: STATUS %q, the admin list says %q", r[idCol], r[statusCol], st)
		}
		if strings.Contains(st, "suspended") {
			suspended++
		}
	}
	if local < 400 || suspended == 0 {
		t.Errorf("the search found %d local users, %d suspended; the seed has about 540 and 11", local, suspended)
	}
	// One status request per user of this pod; none for users of others.
	if got := emu.Stats().Routes["GET /pod/v1/admin/user/{uid}/status"].Requests; got != local {
		t.Errorf("%d status requests for %d local hits, want one each", got, local)
	}

	code, out, errOut := runCmd(t, Get, "users", "--query", "@", "-o", "json", "--config", cfg)
	var records []struct {
		ID            int64 `json:"id"`
		AccountStatus *struct {
			Status    string `json:"status"`
			Suspended bool   `json:"suspended"`
		} `json:"accountStatus"`
	}
	if err := json.Unmarshal([]byte(out), &records); code != ExitOK || err != nil || len(records) != len(hits)-1 {
		t.Fatalf("-o json: exit %d, %v, %d records (stderr %q)", code, err, len(records), errOut)
	}
	for _, r := range records {
		if _, isLocal := want[strconv.FormatInt(r.ID, 10)]; isLocal && r.AccountStatus == nil {
			t.Errorf("user %d: no accountStatus in JSON", r.ID)
		}
	}
}

// Each connection names the account and the other user; the names are
// looked up 100 ids per request.
func TestGetConnectionsNamesBothUsers(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 1500, Rooms: 5})
	c := adminClient(t, cfg)
	ctx := testContext(t)
	me, err := c.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The seed connects the bot with 48 users; invite more of other pods
	// so the names take two lookups.
	have, err := c.Connections(ctx, pod.ConnectionAll)
	if err != nil {
		t.Fatal(err)
	}
	connected := map[int64]bool{}
	for _, conn := range have {
		connected[conn.UserID] = true
	}
	everyone, err := pod.Collect(c.SearchAllUsers(ctx, pod.UserSearchQuery{Query: "@"}, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range everyone {
		if len(connected) >= 130 {
			break
		}
		if u.Company != me.Company && !connected[u.ID] {
			if _, err := c.CreateConnection(ctx, u.ID); err != nil {
				t.Fatalf("invite %d: %v", u.ID, err)
			}
			connected[u.ID] = true
		}
	}
	names := map[string]pod.User{}
	for _, u := range everyone {
		names[strconv.FormatInt(u.ID, 10)] = u
	}

	emu.ResetStats()
	rows := csvRows(t, "connections", "--config", cfg)
	if len(rows)-1 != len(connected) {
		t.Fatalf("listed %d connections, the account has %d", len(rows)-1, len(connected))
	}
	if got, want := emu.Stats().Routes["GET /pod/v3/users"].Requests, (len(connected)+99)/100; got != want {
		t.Errorf("%d name lookups for %d users, want %d (100 ids each)", got, len(connected), want)
	}
	h := rows[0]
	account, idCol, userCol, emailCol := column(t, h, "ACCOUNT"), column(t, h, "USER ID"), column(t, h, "USER"), column(t, h, "EMAIL")
	wantAccount := me.DisplayName + " (" + me.Username + ")"
	for _, r := range rows[1:] {
		if r[account] != wantAccount {
			t.Errorf("ACCOUNT %q, want %q", r[account], wantAccount)
		}
		u, ok := names[r[idCol]]
		if !ok {
			t.Fatalf("connection with %s, whom the search does not know", r[idCol])
		}
		if r[userCol] != export.CSVCell(u.DisplayName+" ("+u.Username+")") || r[emailCol] != export.CSVCell(u.EmailAddress) {
			t.Errorf("user %s: named %q <%s>, want %q <%s>", r[idCol], r[userCol], r[emailCol], u.DisplayName, u.EmailAddress)
		}
	}
}

// The audit trail says what each action was done to: the affected user,
// the room, or both for a membership change.
func TestGetAuditHasTarget(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 200, Rooms: 5})
	c := adminClient(t, cfg)
	ctx := testContext(t)
	name := "Audit target room"
	room, err := c.CreateRoom(ctx, pod.RoomChanges{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	users, err := pod.Collect(c.AllUsers(ctx))
	if err != nil || len(users) < 10 {
		t.Fatalf("users: %v (%d)", err, len(users))
	}
	u := users[9].UserSystemInfo.ID
	if err := c.AddMember(ctx, room.RoomSystemInfo.ID, u); err != nil {
		t.Fatal(err)
	}
	if err := c.SuspendUser(ctx, u, "audit test", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	rows := csvRows(t, "audit", "--since", "1h", "--config", cfg)
	action, target := column(t, rows[0], "ACTION"), column(t, rows[0], "TARGET")
	wantUser := fmt.Sprintf("user %d", u)
	wantRoom := "room " + room.RoomSystemInfo.ID + " (" + name + ")"
	var sawMember, sawUser bool
	for _, r := range rows[1:] {
		switch {
		case strings.HasSuffix(r[action], "(roomMemberAdded)"):
			sawMember = sawMember || r[target] == wantUser+" in "+wantRoom
		case strings.HasSuffix(r[action], "(userSuspended)"):
			sawUser = sawUser || r[target] == wantUser
		}
		if r[target] == "" {
			t.Errorf("action %q has no target", r[action])
		}
	}
	if !sawMember || !sawUser {
		t.Errorf("TARGET column: membership change named %v, suspension named %v; rows %q", sawMember, sawUser, rows)
	}

	// JSON keeps the action's own attributes as the agent sent them.
	code, out, _ := runCmd(t, Get, "audit", "--since", "1h", "-o", "json", "--config", cfg)
	var entries []map[string]string
	if err := json.Unmarshal([]byte(out), &entries); code != ExitOK || err != nil || len(entries) != len(rows)-1 {
		t.Fatalf("-o json: exit %d, %v, %d entries", code, err, len(entries))
	}
	found := false
	for _, e := range entries {
		found = found || (e["streamId"] == room.RoomSystemInfo.ID && e["affectedUserId"] == strconv.FormatInt(u, 10))
	}
	if !found {
		t.Errorf("no JSON entry carries the membership change's streamId and affectedUserId: %v", entries)
	}
}

// Hostile cells from the pod reach a spreadsheet as text: every cell of the
// export that a spreadsheet would read as a formula (after skipping leading
// spaces) starts with an apostrophe.
func TestGetCSVIsFormulaSafeEndToEnd(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 300, Rooms: 5})
	c := adminClient(t, cfg)
	ctx := testContext(t)
	users, err := pod.Collect(c.AllUsers(ctx))
	if err != nil || len(users) < 10 {
		t.Fatalf("users: %v (%d)", err, len(users))
	}
	hostile := map[string]string{ // display name -> title
		"\t=cmd|' /C calc'!A0": "  +SUM(A1:A9)",
		"\r@HYPERLINK(\"x\")":  "\u00a0-2+3",
		"\x1b[31m=1+1":         "\u202e=2",
	}
	i := 0
	for name, title := range hostile {
		id := users[3+i].UserSystemInfo.ID
		if _, err := c.UpdateUser(ctx, id, pod.UserChanges{DisplayName: &name, Title: &title}); err != nil {
			t.Fatalf("update %d: %v", id, err)
		}
		i++
	}
	rows := csvRows(t, "users", "--config", cfg)
	guarded := 0
	for _, r := range rows[1:] {
		for _, cell := range r {
			trimmed := strings.TrimLeft(cell, " \u00a0")
			if trimmed != "" && strings.ContainsRune("=+-@\t\r", rune(trimmed[0])) {
				t.Errorf("cell %q reads as a formula", cell)
			}
			if strings.HasPrefix(cell, "'") {
				guarded++
			}
		}
	}
	if guarded < 2*len(hostile) {
		t.Errorf("%d cells guarded; the %d hostile users alone have %d", guarded, len(hostile), 2*len(hostile))
	}
}
