package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// seededPerson is an enabled NORMAL user of the pod behind cfg (the nth).
func seededPerson(t *testing.T, cfg string, nth int) pod.UserDetail {
	t.Helper()
	users, err := adminClient(t, cfg).ListUsers(testContext(t), 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.UserAttributes.AccountType == "NORMAL" && u.UserSystemInfo.Status == "ENABLED" {
			if nth == 0 {
				return u
			}
			nth--
		}
	}
	t.Fatal("no enabled person among the first 200 users")
	return pod.UserDetail{}
}

func TestCheckAsUser(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 80, Rooms: 5})
	ana := seededPerson(t, cfg, 0)
	for _, who := range []string{ana.UserAttributes.UserName, fmt.Sprint(ana.UserSystemInfo.ID)} {
		code, out, errOut := runCmd(t, Check, "--config", cfg, "--as-user", who)
		if code != ExitOK || errOut != "" {
			t.Fatalf("check --as-user %s: exit %d, stderr %q\n%s", who, code, errOut, out)
		}
		for _, want := range []string{
			`ok    app login    app "` + emulator.AppID + `" signed in`,
			"ok    obo login    session on behalf of user ",
			"ok    identity     " + ana.UserAttributes.DisplayName + " (username " + ana.UserAttributes.UserName,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("check --as-user %s lacks %q:\n%s", who, want, out)
			}
		}
		granted, notProbed := 0, 0
		for _, perm := range tablePermissions() {
			line := permissionLine(t, out, perm)
			switch {
			case strings.Contains(line, "granted ("):
				granted++
			case strings.Contains(line, "not probed"):
				notProbed++
			default:
				t.Errorf("with every permission granted: %q", line)
			}
		}
		if granted != 7 || notProbed != 4 {
			t.Errorf("granted %d, not probed %d; want 7 and 4:\n%s", granted, notProbed, out)
		}
	}
}

// permissionLine is the check's line for perm.
func permissionLine(t *testing.T, out string, perm pod.Permission) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[1] == "permission" && f[2] == string(perm) {
			return line
		}
	}
	t.Fatalf("no line for %s in:\n%s", perm, out)
	return ""
}

func TestCheckAsUserReportsRefusedPermissions(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 80, Rooms: 5, AppPermissions: map[string][]string{
		emulator.AppID: {"GET_BASIC_CONTACT_INFO", "LIST_USER_STREAMS"},
	}})
	ana := seededPerson(t, cfg, 0)
	code, out, errOut := runCmd(t, Check, "--config", cfg, "--as-user", ana.UserAttributes.UserName)
	if code != ExitOK || errOut != "" {
		t.Fatalf("a refused permission is not a failed check: exit %d, stderr %q\n%s", code, errOut, out)
	}
	if !strings.Contains(out, "warn  identity     unknown: ") || !strings.Contains(out, "GET_BASIC_USER_INFO") {
		t.Errorf("identity without GET_BASIC_USER_INFO:\n%s", out)
	}
	for perm, want := range map[pod.Permission]string{
		pod.GetBasicContactInfo: "granted (GET /pod/v3/users)",
		pod.ListUserStreams:     "granted (POST /pod/v1/streams/list)",
		pod.GetPresence:         "refused (GET /pod/v2/user/presence): The app " + emulator.AppID + " lacks the permission GET_PRESENCE",
		pod.GetBasicUserInfo:    "refused (GET /pod/v2/sessioninfo)",
		pod.ManageRooms:         "refused (POST /pod/v3/room/search)",
		pod.SetPresence:         "not probed",
	} {
		if line := permissionLine(t, out, perm); !strings.Contains(line, want) {
			t.Errorf("%s: %q, want %q", perm, line, want)
		}
	}
	if got := emu.Stats().Routes["POST /pod/v2/user/presence"].Requests + emu.Stats().Routes["POST /pod/v3/user/presence"].Requests; got != 0 {
		t.Errorf("the check set presence %d times; it must change nothing", got)
	}
}

// A config without a usable app section is one line naming the key and the file.
func TestAsUserNeedsTheAppSection(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 20, Rooms: 2})
	raw, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	noApp := filepath.Join(dir, "no-app.yaml")
	text := string(raw)
	cut := strings.Index(text, "app:\n")
	end := strings.Index(text[cut:], "    path: ")
	end += cut + strings.Index(text[cut+end:], "\n") + 1
	if err := os.WriteFile(noApp, []byte(text[:cut]+text[end:]), 0o600); err != nil {
		t.Fatal(err)
	}
	badKey := filepath.Join(dir, "bad-key.yaml")
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	appKey := filepath.Join(filepath.Dir(cfg), "app-privatekey.pem")
	if err := os.WriteFile(badKey, []byte(strings.Replace(text, fmt.Sprintf("%q", appKey), fmt.Sprintf("%q", junk), 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg, key string
		cmd      func([]string, Env) int
		args     []string
	}{
		{noApp, "app.appId", Check, nil},
		{noApp, "app.appId", Get, []string{"rooms"}},
		{badKey, "app.privateKey", Check, nil},
		{badKey, "app.privateKey", Get, []string{"connections"}},
	} {
		code, _, errOut := runCmd(t, tc.cmd, append(tc.args, "--config", tc.cfg, "--as-user", "someone")...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		last := lines[len(lines)-1]
		if code != ExitUsage || !strings.Contains(last, tc.key) || !strings.Contains(last, tc.cfg) {
			t.Errorf("%v with %s: exit %d, stderr %q; want exit 2 and a line naming %s and the file", tc.args, filepath.Base(tc.cfg), code, errOut, tc.key)
		}
	}
}

func TestAsUserValueIsChecked(t *testing.T) {
	_, cfg := startPod(t, emulator.Options{Users: 20, Rooms: 2})
	for _, bad := range []string{"0", "a b", "ana\x1b[31m", " ana", strings.Repeat("a", 300)} {
		for _, cmd := range [][]string{{"check"}, {"get", "rooms"}} {
			run := Check
			args := cmd[1:]
			if cmd[0] == "get" {
				run = Get
			}
			code, _, errOut := runCmd(t, run, append(args, "--config", cfg, "--as-user", bad)...)
			if code != ExitUsage || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "--as-user") || strings.ContainsRune(errOut, 0x1b) {
				t.Errorf("%v --as-user %q: exit %d, stderr %q", cmd, bad, code, errOut)
			}
		}
	}
}

// TestGetAsUser: every kind enabled on behalf of a user works through the
// app, reading what the user sees; the others fail with one line saying
// they need an administrator, and a missing permission is named.
func TestGetAsUser(t *testing.T) {
	emu, cfg := startPod(t, emulator.Options{Users: 300, Rooms: 40})
	ana, bob := seededPerson(t, cfg, 0), seededPerson(t, cfg, 1)
	as := []string{"--config", cfg, "--as-user", ana.UserAttributes.UserName}
	admin := adminClient(t, cfg)
	ctx := testContext(t)

	truth, err := pod.Collect(admin.AllUserStreams(ctx, ana.UserSystemInfo.ID, pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}, IncludeInactiveStreams: true}))
	if err != nil || len(truth) == 0 {
		t.Fatalf("ana's rooms by the admin list: %d, %v", len(truth), err)
	}
	emu.ResetStats()
	code, out, errOut := runCmd(t, Get, append([]string{"rooms", "-o", "json"}, as...)...)
	if code != ExitOK {
		t.Fatalf("get rooms --as-user: exit %d, %s", code, errOut)
	}
	var rooms []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &rooms); err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, r := range rooms {
		got = append(got, r.ID)
	}
	for _, s := range truth {
		want = append(want, s.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("rooms as ana: %v, want her rooms %v", got, want)
	}
	room := want[0]

	for _, args := range [][]string{
		{"users", "--query", bob.UserAttributes.LastName},
		{"user", fmt.Sprint(bob.UserSystemInfo.ID)},
		{"rooms", "--query", "a"},
		{"room", room},
		{"members", room},
		{"connections"},
		{"presence", fmt.Sprint(bob.UserSystemInfo.ID)},
		{"presence", bob.UserAttributes.EmailAddress},
	} {
		if code, out, errOut := runCmd(t, Get, append(args, as...)...); code != ExitOK || out == "" {
			t.Errorf("get %v --as-user: exit %d, stderr %q", args, code, errOut)
		}
	}
	for route, st := range emu.Stats().Routes {
		if strings.Contains(route, "/admin/") && st.Requests > 0 {
			t.Errorf("get --as-user called %s", route)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", "--since", "1h"}, "the audit trail needs an administrator"},
		{[]string{"users"}, "listing every user needs an administrator"},
		{[]string{"presence"}, "everyone's presence needs an administrator"},
		{[]string{"presence", fmt.Sprint(bob.UserSystemInfo.ID), "--follow", "--for", "1s"}, "--follow: everyone's presence needs an administrator"},
	} {
		code, _, errOut := runCmd(t, Get, append(tc.args, as...)...)
		if code != ExitPod || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("get %v --as-user: exit %d, stderr %q; want exit 1 and one line saying %q", tc.args, code, errOut, tc.want)
		}
	}

	if err := emu.SetAppPermissions(emulator.AppID, []string{"GET_BASIC_CONTACT_INFO", "GET_BASIC_USER_INFO"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"presence", fmt.Sprint(bob.UserSystemInfo.ID)}, "GET_PRESENCE"},
		{[]string{"rooms"}, "LIST_USER_STREAMS"},
		{[]string{"room", room}, "MANAGE_ROOMS"},
		{[]string{"connections"}, "GET_USER_CONNECTIONS"},
	} {
		code, _, errOut := runCmd(t, Get, append(tc.args, as...)...)
		if code != ExitPod || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "the app lacks the permission "+tc.want) {
			t.Errorf("get %v --as-user without %s: exit %d, stderr %q", tc.args, tc.want, code, errOut)
		}
	}
}
