package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// memberRig is a pod and what membership tests set up on it: plain users
// of this pod to list, and rooms made by the bot.
type memberRig struct {
	t     *testing.T
	emu   *emulator.Emulator
	cfg   string
	admin *pod.Client
	users []pod.User // enabled people of this pod
	bot   int64
}

func newMemberRig(t *testing.T) *memberRig {
	t.Helper()
	emu, cfg := startPod(t, emulator.Options{Users: 300, Rooms: 10})
	r := &memberRig{t: t, emu: emu, cfg: cfg, admin: adminClient(t, cfg), bot: emu.Credentials.BotUserID}
	all, err := pod.Collect(r.admin.AllUsers(testContext(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range all {
		a, s := u.UserAttributes, u.UserSystemInfo
		if s.Status == pod.UserEnabled && a.AccountType == "NORMAL" && a.UserName != "" && a.EmailAddress != "" &&
			ascii(a.UserName) && ascii(a.EmailAddress) {
			r.users = append(r.users, pod.User{ID: s.ID, Username: a.UserName, EmailAddress: a.EmailAddress, DisplayName: a.DisplayName})
		}
	}
	if len(r.users) < 60 {
		t.Fatalf("only %d plain users", len(r.users))
	}
	return r
}

func ascii(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r > '~' }) < 0
}

// room creates a room owned by the bot with these members and owners.
func (r *memberRig) room(name string, members []int64, owners []int64) string {
	r.t.Helper()
	ctx := testContext(r.t)
	rm, err := r.admin.CreateRoom(ctx, pod.RoomChanges{Name: &name})
	if err != nil {
		r.t.Fatal(err)
	}
	id := rm.RoomSystemInfo.ID
	for _, m := range members {
		if err := r.admin.AddMember(ctx, id, m); err != nil {
			r.t.Fatal(err)
		}
	}
	for _, o := range owners {
		if err := r.admin.PromoteOwner(ctx, id, o); err != nil {
			r.t.Fatal(err)
		}
	}
	return id
}

// members is the emulator's truth: member id -> owner.
func (r *memberRig) members(room string) map[int64]bool {
	r.t.Helper()
	ms, ok := r.emu.RoomMembers(room)
	if !ok {
		r.t.Fatalf("no room %s", room)
	}
	out := map[int64]bool{}
	for _, m := range ms {
		out[m.UserID] = m.Owner
	}
	return out
}

// list writes a list file.
func (r *memberRig) list(lines ...string) string {
	r.t.Helper()
	p := filepath.Join(r.t.TempDir(), "list.txt")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		r.t.Fatal(err)
	}
	return p
}

func (r *memberRig) uid(i int) int64 { return r.users[i].ID }

func idLine(id int64) string { return strconv.FormatInt(id, 10) }

// writes are the requests that may change the pod the emulator counted
// since the last reset: every POST but the logins and the reads sent as
// POST (lists and searches).
func writes(st emulator.Stats) []string {
	reads := []string{"/list", "/search", "/authenticate"}
	var out []string
	for route, rs := range st.Routes {
		if strings.HasPrefix(route, "POST ") && !slices.ContainsFunc(reads, func(s string) bool { return strings.Contains(route, s) }) {
			out = append(out, route+" ×"+strconv.Itoa(rs.Requests))
		}
	}
	slices.Sort(out)
	return out
}

// jsonLines decodes JSON lines, each into a map.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var docs []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var d map[string]any
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("not a JSON line: %q: %v", l, err)
		}
		docs = append(docs, d)
	}
	return docs
}

// ids are the user ids of a plan's section ("add", "remove"…), in order.
func ids(t *testing.T, plan map[string]any, section string) []int64 {
	t.Helper()
	var out []int64
	items, _ := plan[section].([]any)
	for _, it := range items {
		u := it.(map[string]any)["user"].(map[string]any)
		out = append(out, int64(u["id"].(float64)))
	}
	return out
}

// fastRetries adds a retry section with short waits to the config.
func fastRetries(t *testing.T, cfg string) {
	t.Helper()
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("retry:\n  maxAttempts: 10\n  initialIntervalMillis: 10\n  maxIntervalMillis: 200\n"); err != nil {
		t.Fatal(err)
	}
}
