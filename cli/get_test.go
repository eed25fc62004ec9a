package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"symtui/export"
	"symtui/pod/emulator"
)

func TestGetUsersPagesAdminListWithoutCap(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 5000, Rooms: 20})
	emu.ResetStats()

	code, out, errOut := runCmd(t, Get, "users", "-o", "json", "--config", cfg)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var users []map[string]any
	if err := json.Unmarshal([]byte(out), &users); err != nil {
		t.Fatalf("output is not one JSON document: %v", err)
	}
	// The admin list is the pod's own directory: the seeded users of other
	// pods (about 10%) are not in it, the two service accounts are.
	local, external := emu.UserCounts()
	if len(users) != local || local+external != 5000+2 {
		t.Errorf("got %d users; the emulator holds %d local and %d external", len(users), local, external)
	}
	// About 4,500 users at the pod's maximum page of 1,000: the short fifth
	// page ends the walk.
	if got := emu.Stats().Routes["GET /pod/v2/admin/user/list"].Requests; got != 5 {
		t.Errorf("admin user list requests = %d, want 5", got)
	}
}

func TestGetMembersMatchesEmulatorMembership(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 600, Rooms: 15})
	code, out, errOut := runCmd(t, Get, "rooms", "-o", "json", "--config", cfg)
	if code != ExitOK {
		t.Fatalf("get rooms: exit %d, stderr %q", code, errOut)
	}
	var rooms []struct {
		ID         string `json:"id"`
		Attributes struct {
			MembersCount int `json:"membersCount"`
		} `json:"attributes"`
	}
	if err := json.Unmarshal([]byte(out), &rooms); err != nil || len(rooms) == 0 {
		t.Fatalf("rooms: %v (%d rooms)", err, len(rooms))
	}
	// The largest room needs several lookups of at most 100 ids.
	sort.Slice(rooms, func(i, j int) bool { return rooms[i].Attributes.MembersCount > rooms[j].Attributes.MembersCount })
	room := rooms[0].ID

	code, out, errOut = runCmd(t, Get, "members", room, "-o", "json", "--config", cfg)
	if code != ExitOK {
		t.Fatalf("get members: exit %d, stderr %q", code, errOut)
	}
	var got []struct {
		ID          int64  `json:"id"`
		Owner       bool   `json:"owner"`
		DisplayName string `json:"displayName"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("members output: %v", err)
	}
	want, ok := emu.RoomMembers(room)
	if !ok {
		t.Fatalf("emulator has no room %s", room)
	}
	if len(got) != len(want) {
		t.Fatalf("get members listed %d, emulator holds %d", len(got), len(want))
	}
	sort.Slice(got, func(i, j int) bool { return got[i].ID < got[j].ID })
	for i := range want {
		if got[i].ID != want[i].UserID || got[i].Owner != want[i].Owner {
			t.Errorf("member %d: got {%d owner=%v}, want {%d owner=%v}", i, got[i].ID, got[i].Owner, want[i].UserID, want[i].Owner)
		}
		if got[i].DisplayName == "" {
			t.Errorf("member %d has no resolved name", got[i].ID)
		}
	}
}

func TestGetOutputsAreInert(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 1500, Rooms: 5})
	for _, format := range []string{"table", "csv", "json"} {
		code, out, errOut := runCmd(t, Get, "users", "-o", format, "--config", cfg)
		if code != ExitOK {
			t.Fatalf("-o %s: exit %d, stderr %q", format, code, errOut)
		}
		for i, r := range out {
			if (r < 0x20 && r != '\n' && r != '\r' && r != '"') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
				(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200b || r == 0xfeff {
				t.Fatalf("-o %s: unsafe rune %U at byte %d", format, r, i)
			}
		}
	}
}

func TestGetCSVCells(t *testing.T) {
	cases := map[string]string{
		`=HYPERLINK("http://x")`:   `'=HYPERLINK("http://x")`,
		"+1":                       "'+1",
		"-2":                       "-2",
		"-88fn_Z-CpN6NT99a_WvL1Lt": "-88fn_Z-CpN6NT99a_WvL1Lt",
		"-1+1":                     "'-1+1",
		"-A1":                      "-A1",
		"-A1:B2":                   "'-A1:B2",
		"@SUM(A1)":                 "'@SUM(A1)",
		"plain":                    "plain",
		"a\x1b]52;c;ZXZpbA==\x07b": "ab",
		"a-b":                      "a-b",
		"":                         "",
		// The guard sees the final text: whatever sanitizing turns into
		// leading spaces, or removes, cannot hide a formula.
		"\t=cmd|' /C calc'!A0": "' =cmd|' /C calc'!A0",
		"   =1+1":              "'   =1+1",
		"\r=1":                 "' =1",
		"\n+1":                 "' +1",
		"\u00a0=1":             "'\u00a0=1",
		"\u2028-1":             "' -1",
		"\x1b[31m=1":           "'=1",
		"\u202e@SUM(A1)":       "'@SUM(A1)",
		"\u200b\x00=1":         "'=1",
		" \t @x":               "'   @x",
		"\u009b31m-1":          "-1", // a number once the sequence is gone
	}
	for in, want := range cases {
		if got := export.CSVCell(in); got != want {
			t.Errorf("export.CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	l := listing{headers: []string{"A"}}
	l.add(nil, "=1+1")
	if err := (printer{w: &buf, f: formatCSV}).print(l); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "'=1+1" {
		t.Errorf("csv output rows = %q, err %v", rows, err)
	}
}

func TestGetJSONKeepsValueButEscapesInvisibleRunes(t *testing.T) {
	var buf bytes.Buffer
	l := listing{headers: []string{"NAME"}}
	name := "ab\u202ecd\u200b"
	l.add(map[string]string{"name": name}, name)
	if err := (printer{w: &buf, f: formatJSON}).print(l); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(buf.String(), 0x202e) {
		t.Errorf("raw bidi override in JSON output: %q", buf.String())
	}
	var back []map[string]string
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back[0]["name"] != name {
		t.Errorf("round trip = %q, %v; want the pod's exact value", back, err)
	}
}

func TestGetUsageAndPodErrorsExitCodes(t *testing.T) {
	if code, _, _ := runCmd(t, Get, "nonsense"); code != ExitUsage {
		t.Errorf("unknown kind: exit %d, want %d", code, ExitUsage)
	}
	if code, _, errOut := runCmd(t, Get, "users", "--config", "/nonexistent/config.yaml"); code != ExitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("missing config: exit %d, stderr %q; want %d and one line", code, errOut, ExitUsage)
	}
	_, cfg := startPod(t, emulator.Options{Users: 100, Rooms: 5})
	if code, _, errOut := runCmd(t, Get, "room", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--config", cfg); code != ExitPod {
		t.Errorf("unknown room: exit %d (stderr %q), want %d", code, errOut, ExitPod)
	}
	if code, _, _ := runCmd(t, Get, "users", "-o", "xml", "--config", cfg); code != ExitUsage {
		t.Errorf("bad format: exit %d, want %d", code, ExitUsage)
	}
}
