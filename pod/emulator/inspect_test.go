package emulator

import (
	"net/http"
	"slices"
	"testing"
)

// RoomsNamed finds every room of a name, twins included; UserNamed finds a
// user by username whatever its case.
func TestInspectRoomsAndUsersByName(t *testing.T) {
	e := startPod(t, Options{Users: 30})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	var ids []string
	for range 2 {
		var room struct {
			RoomSystemInfo struct{ ID string } `json:"roomSystemInfo"`
		}
		r := call(t, c, e, "POST", "/pod/v3/room/create", tok, `{"name":"twin room"}`)
		wantStatus(t, r, http.StatusOK)
		r.decode(t, &room)
		ids = append(ids, room.RoomSystemInfo.ID)
	}
	wantStatus(t, call(t, c, e, "POST", "/pod/v3/room/create", tok, `{"name":"twin room 2"}`), http.StatusOK)
	if got := e.RoomsNamed("twin room"); !slices.Equal(got, ids) {
		t.Fatalf("rooms named %q: %v, want %v", "twin room", got, ids)
	}
	if got := e.RoomsNamed("twin"); len(got) != 0 {
		t.Fatalf("a part of a name matched %v", got)
	}
	if id, ok := e.UserNamed("SYMTUI-BOT"); !ok || id != e.Credentials.BotUserID {
		t.Fatalf("UserNamed(bot) = %d, %v; want %d", id, ok, e.Credentials.BotUserID)
	}
	if _, ok := e.UserNamed("nobody-here"); ok {
		t.Fatal("an unknown username was found")
	}
}
