package views

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
)

// TestFlowAsUserPermissionGrantedWhileRunning: an app with neither
// LIST_USER_STREAMS nor MANAGE_ROOMS has no list of the user's rooms, and
// the error names the permission of the user's own streams list, where
// the rooms come from; :members set is not in help. A pod administrator
// grants both through the control API; r asks again, and the user's rooms
// are listed, without a restart, with :members set offered again.
func TestFlowAsUserPermissionGrantedWhileRunning(t *testing.T) {
	basic := []string{"GET_BASIC_CONTACT_INFO", "GET_BASIC_USER_INFO"}
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 40, AppPermissions: map[string][]string{emulator.AppID: basic}})
	ana := plainPeople(t, h, 1)[0]
	roomFor(t, h, "Ana Owns This Desk", ana.id(), true, true)
	h.ActAs(t, ana.username())

	f := startAsUser(t, h, 160, 50)
	f.keys("2")
	var line string
	teatest.WaitFor(t, f.TM.Output(), func(b []byte) bool {
		i := bytes.LastIndex(b, []byte("loading the rooms failed after"))
		if i < 0 || !bytes.Contains(b[i:], []byte("retry")) {
			return false
		}
		line, _, _ = strings.Cut(string(b[i:]), "retry")
		return true
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
	if !strings.Contains(line, "LIST_USER_STREAMS") || strings.Contains(line, "MANAGE_ROOMS") {
		t.Errorf("the error does not name the streams list's permission alone: %q", line)
	}
	if refused := f.help("Rooms"); strings.Contains(refused, ":members set") {
		t.Errorf("help offers :members set without MANAGE_ROOMS:\n%s", refused)
	}

	f.Command("members set")
	f.WaitFor(":members set is not available", "MANAGE_ROOMS")

	grant := `{"permissions": ["GET_BASIC_CONTACT_INFO", "GET_BASIC_USER_INFO", "LIST_USER_STREAMS", "MANAGE_ROOMS"]}`
	resp, err := http.Post(h.Emu.URL+"/_emulator/apps/"+emulator.AppID+"/permissions", "application/json", strings.NewReader(grant))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("granting the permissions: %s", resp.Status)
	}
	f.keys("r")
	f.WaitFor("the user's rooms", "Ana Owns This Desk")
	if granted := f.help("Rooms"); !strings.Contains(granted, ":members set") {
		t.Errorf("help lacks :members set once MANAGE_ROOMS is granted:\n%s", granted)
	}
	f.Finish()
	if n, want := f.rooms.Tally().Total, len(userRooms(t, h, ana.id())); n != want {
		t.Errorf("the Rooms tab holds %d rooms; ana is in %d", n, want)
	}
}
