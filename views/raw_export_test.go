package views

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/connections"
	"symtui/views/internal/viewtest"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/tab"
	"symtui/views/users"
)

// rawOf presses y on v and returns the raw view it opens, laid out wide.
func rawOf(t *testing.T, v ui.View) string {
	t.Helper()
	d := viewtest.Press(t, v, viewtest.RuneKey("y"))
	if len(d.Modals) != 1 {
		t.Fatalf("y opened %d modals; status %q", len(d.Modals), d.LastStatus())
	}
	d.Modals[0].SetSize(200, 60)
	view := d.Modals[0].View()
	for _, r := range view {
		if r != '\n' && ui.Unsafe(r) {
			t.Errorf("the raw view holds %U:\n%q", r, view)
			break
		}
	}
	return view
}

// exportOf runs ":export path" on v and returns the file and the status.
func exportOf(t *testing.T, v ui.View, path string) (string, string) {
	t.Helper()
	d := viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "export", Arg: path} })
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("%s: %v (status %q)", path, err, d.LastStatus())
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %o", path, info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	return string(data), d.LastStatus()
}

// y on a row of every tab opens the pod's record of it with its escapes
// written out, and :export writes the rows shown, hostile values inert in
// CSV and exact in JSON.
func TestRawAndExportOnEveryTab(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	hostile := viewtest.CreateHostileUser(t, h, "Raw", 2) // CSI in the name
	uid := hostile.UserSystemInfo.ID
	room := viewtest.CreateHostileRoom(t, h, "Raw", 8, uid) // bidi in the name
	dir := t.TempDir()

	// Users: the admin record; the export's columns are get users'.
	ut := users.New(h.Common, h.Deps).WithTimer(viewtest.Immediate)
	ut.SetSize(160, 40)
	viewtest.Drive(t, ut, ut.Init())
	viewtest.Drive(t, ut, func() tea.Msg { return ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(uid, 10)} })
	raw := rawOf(t, ut)
	viewtest.MustContain(t, "the user's record", raw, "GET /pod/v2/admin/user/{uid}")
	viewtest.MustContain(t, "the user's record", raw, `"displayName": "RawName \u001b[31;1mRED\u001b[0m \u001b[2J\u001b[H\u001b[6n cleared`)
	viewtest.MustContain(t, "the user's record", raw, `"emailAddress": "zw\u200bsp.raw2@hostile.example"`)
	out, status := exportOf(t, ut, filepath.Join(dir, "users.json"))
	if !strings.Contains(status, "exported "+ui.Thousands(ut.Tally().Total)+" users to ") {
		t.Errorf("status %q", status)
	}
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r["id"] == strconv.FormatInt(uid, 10) {
			found = r["display_name"] == hostile.UserAttributes.DisplayName && r["status"] == "enabled"
		}
	}
	if !found || strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x200b) {
		t.Errorf("the hostile user is not exact (or not inert) in the JSON export")
	}

	// Rooms: the room's info; its members: the member's entry.
	rt := rooms.New(h.Common, h.Deps)
	rt.SetSize(160, 40)
	viewtest.Drive(t, rt, rt.Init())
	viewtest.Drive(t, rt, func() tea.Msg { return ui.CommandMsg{Name: "rooms", Arg: "Raw"} }) // the pod's search: the hostile room
	raw = rawOf(t, rt)
	viewtest.MustContain(t, "the room's record", raw, "GET /pod/v3/room/{id}/info")
	viewtest.MustContain(t, "the room's record", raw, `\u202a\u202b\u202c\u202d\u202egnp.exe`)
	out, _ = exportOf(t, rt, filepath.Join(dir, "rooms.csv"))
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || strings.Join(recs[0], ",") != "ID,NAME,ACTIVE,PUBLIC,MEMBERS,CREATED" || strings.ContainsRune(out, 0x202e) {
		t.Errorf("rooms export %q: %v", out, err)
	}
	viewtest.Drive(t, rt, func() tea.Msg { return ui.CommandMsg{Name: "room", Arg: room.RoomSystemInfo.ID} }) // its members
	viewtest.MustContain(t, "the members", rt.View(), "2 members")
	raw = rawOf(t, rt)
	viewtest.MustContain(t, "a member's record", raw, "GET /pod/v2/room/{id}/membership/list")
	out, _ = exportOf(t, rt, filepath.Join(dir, "members.csv"))
	if !strings.HasPrefix(out, "ID,DISPLAY NAME,EMAIL,OWNER,JOINED\n") || strings.Count(out, "\n") < 2 {
		t.Errorf("members export %q", out)
	}

	// Connections: the connection's record.
	ct := connections.New(h.Common, h.Deps)
	ct.SetSize(160, 40)
	viewtest.Drive(t, ct, ct.Init())
	raw = rawOf(t, ct)
	viewtest.MustContain(t, "a connection's record", raw, "GET /pod/v1/connection/user/{userId}/info")
	viewtest.MustContain(t, "a connection's record", raw, `"userId": `)
	out, _ = exportOf(t, ct, filepath.Join(dir, "connections.jsonl"))
	if n, want := strings.Count(out, "\n"), ui.TallyOf(ct).Total; n != want || n == 0 {
		t.Errorf("%d connection lines, want %d", n, want)
	}

	// Presence: the presence of the user of the top change.
	deps := h.Deps
	deps.Presence = presence.New(nil, presence.Options{Interval: time.Second})
	pt := presencetab.NewPane(h.Common, deps)
	pt.SetSize(100, 30)
	snap := presence.Snapshot{Users: 1, Synced: true, Seq: 1, Recent: []presence.Change{{Seq: 1, UserID: uid, From: pod.CategoryAway, To: pod.CategoryAvailable, At: viewtest.Now}}}
	pt.Update(tab.PresenceChangedMsg{Seq: 1, Complete: true, State: snap})
	raw = rawOf(t, pt)
	viewtest.MustContain(t, "a presence record", raw, "GET /pod/v3/user/{uid}/presence")
	viewtest.MustContain(t, "a presence record", raw, `"userId": `+strconv.FormatInt(uid, 10))
	out, _ = exportOf(t, pt, filepath.Join(dir, "changes.csv"))
	if want := "AT,USER ID,USER,FROM,TO\n2026-03-02T09:30:00Z," + strconv.FormatInt(uid, 10); !strings.HasPrefix(out, want) {
		t.Errorf("presence export %q", out)
	}
}
