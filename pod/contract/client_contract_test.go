package contract

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

// clientThroughProxy returns a pod client whose every request goes through a validating proxy
// in front of emu: the client's requests and the emulator's answers are both checked.
func clientThroughProxy(t *testing.T, v *Validator, emu *emulator.Emulator, opts session.Options) *pod.Client {
	t.Helper()
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := session.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := url.Parse(NewProxy(t, v, emu.URL, nil))
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(proxy.Port())
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range []*session.Endpoint{&cfg.Pod, &cfg.Agent, &cfg.KeyManager, &cfg.SessionAuth} {
		ep.Host, ep.Port = proxy.Hostname(), port
	}
	s, err := session.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{})
}

// TestClientHonoursTheContract sends the pod client's calls, family by family, through the
// validating proxy.
func TestClientHonoursTheContract(t *testing.T) {
	v := RequireSpec(t)
	emu, err := emulator.New(emulator.Options{Users: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c := clientThroughProxy(t, v, emu, session.Options{Version: "contract"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ok := func(what string, err error) bool {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
		return err == nil
	}

	me, err := c.SessionInfo(ctx)
	if !ok("session info", err) {
		t.FailNow()
	}
	found, err := c.SearchUsers(ctx, pod.UserSearchQuery{Query: "a"}, true, 0, 10)
	ok("search users", err)
	var ids []int64
	for _, u := range found.Users {
		if u.ID != me.ID && u.ID != emu.Credentials.PlainUserID {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("user search found %d other users, the rest needs 2", len(ids))
	}
	uid := ids[0]

	t.Run("users", func(t *testing.T) {
		_, err := c.UsersByID(ctx, ids, pod.LookupOptions{Local: true})
		ok("users by id", err)
		_, err = c.UsersByUsername(ctx, []string{emu.Credentials.BotUsername}, pod.LookupOptions{Local: true})
		ok("users by username", err)
		_, err = c.ListUsers(ctx, 0, 10)
		ok("list users", err)
		_, err = c.ListUserBriefs(ctx, 0, 10)
		ok("list user briefs", err)
		_, err = c.FindUsers(ctx, pod.UserFilter{Role: "INDIVIDUAL", Status: "ENABLED"}, 0, 10)
		ok("find users", err)
		_, err = c.UserDetail(ctx, uid)
		ok("user detail", err)
		features, err := c.UserFeatures(ctx, uid)
		if ok("user features", err) {
			ok("update features", c.UpdateUserFeatures(ctx, uid, features))
		}
		_, err = c.SystemFeatures(ctx)
		ok("system features", err)
		_, err = c.Roles(ctx)
		ok("roles", err)
		ok("add role", c.AddRole(ctx, uid, "COMPLIANCE_OFFICER"))
		ok("remove role", c.RemoveRole(ctx, uid, "COMPLIANCE_OFFICER"))
		_, err = c.UserStatus(ctx, uid)
		ok("user status", err)
		ok("update status", c.UpdateUserStatus(ctx, uid, "ENABLED"))
		ok("suspend", c.SuspendUser(ctx, ids[1], "contract test", time.Now().Add(time.Hour)))
		ok("unsuspend", c.UnsuspendUser(ctx, ids[1]))
		_, err = c.UserStreams(ctx, uid, pod.StreamFilter{}, 0, 10)
		ok("user streams", err)
	})

	t.Run("rooms and streams", func(t *testing.T) {
		name, description := "Client contract room", "Checked against the spec"
		room, err := c.CreateRoom(ctx, pod.RoomChanges{Name: &name, Description: &description})
		if !ok("create room", err) {
			return
		}
		id := room.RoomSystemInfo.ID
		_, err = c.SearchRooms(ctx, pod.RoomSearchCriteria{Query: "Client contract"}, pod.RoomSearchOptions{Limit: 10})
		ok("search rooms", err)
		_, err = c.RoomInfo(ctx, id)
		ok("room info", err)
		updated := "Updated"
		_, err = c.UpdateRoom(ctx, id, pod.RoomChanges{Description: &updated})
		ok("update room", err)
		ok("add member", c.AddMember(ctx, id, uid))
		ok("promote", c.PromoteOwner(ctx, id, uid))
		ok("demote", c.DemoteOwner(ctx, id, uid))
		ok("remove member", c.RemoveMember(ctx, id, uid))
		ok("add member (admin)", c.AddMemberAdmin(ctx, id, uid))
		ok("remove member (admin)", c.RemoveMemberAdmin(ctx, id, uid))
		_, err = c.RoomMembers(ctx, id)
		ok("room members", err)
		_, err = c.RoomMembersAdmin(ctx, id, true)
		ok("room members (admin)", err)
		_, err = c.StreamMembers(ctx, id, 0, 10)
		ok("stream members", err)
		_, err = c.SetRoomActive(ctx, id, false)
		ok("deactivate", err)
		_, err = c.SetRoomActiveAdmin(ctx, id, true)
		ok("reactivate (admin)", err)
		im, err := c.CreateIM(ctx, uid)
		if ok("create IM", err) {
			_, err = c.StreamInfo(ctx, im)
			ok("stream info", err)
		}
		_, err = c.CreateIMAdmin(ctx, ids[0], ids[1])
		ok("create IM (admin)", err)
		_, err = c.Streams(ctx, pod.StreamFilter{IncludeInactiveStreams: true}, 0, 10)
		ok("streams", err)
		_, err = c.AdminStreams(ctx, pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}, 0, 10)
		ok("admin streams", err)
	})

	t.Run("connections", func(t *testing.T) {
		all, err := c.Connections(ctx, pod.ConnectionAll)
		ok("connections", err)
		_, err = c.Connections(ctx, pod.ConnectionAccepted, ids...)
		ok("accepted connections", err)
		_, err = c.Connection(ctx, uid)
		ok("connection", err)
		for _, conn := range all {
			if conn.Status == pod.ConnectionPendingIncoming {
				_, err = c.AcceptConnection(ctx, conn.UserID)
				ok("accept", err)
				ok("remove connection", c.RemoveConnection(ctx, conn.UserID))
				_, err = c.CreateConnection(ctx, conn.UserID)
				ok("create connection", err)
				break
			}
		}
	})

	t.Run("presence", func(t *testing.T) {
		_, err := c.Presence(ctx)
		ok("presence", err)
		_, err = c.SetPresence(ctx, pod.CategoryBusy, true)
		ok("set presence", err)
		_, err = c.UserPresence(ctx, uid, true)
		ok("user presence", err)
		_, err = c.SetUserPresence(ctx, uid, pod.CategoryAvailable, false)
		ok("set user presence", err)
		_, err = c.PresencePage(ctx, 0, false, 50)
		ok("presence page", err)
		_, err = c.PresencePage(ctx, uid, true, 50)
		ok("presence page after a user", err)
		ok("register interest", c.RegisterPresenceInterest(ctx, ids...))
		feed, err := c.CreatePresenceFeed(ctx)
		if ok("create feed", err) {
			_, err = c.ReadPresenceFeed(ctx, feed)
			ok("read feed", err)
			ok("delete feed", c.DeletePresenceFeed(ctx, feed))
		}
	})

	t.Run("audit trail", func(t *testing.T) {
		_, err := c.AuditTrailPage(ctx, pod.AuditQuery{Start: time.Now().Add(-time.Hour), Limit: 10}, "")
		ok("audit trail", err)
	})

	t.Run("re-authentication", func(t *testing.T) {
		emu.ExpireSessions() // the next call meets a 401, logs in again and retries
		_, err := c.SessionInfo(ctx)
		ok("session info after expiry", err)
	})

	t.Run("on behalf of a user", func(t *testing.T) {
		obo := clientThroughProxy(t, v, emu, session.Options{Version: "contract", OBOUserID: emu.Credentials.PlainUserID})
		_, err := obo.SessionInfo(ctx)
		ok("session info on behalf of a user", err)
	})
	LogExercised(t)
}
