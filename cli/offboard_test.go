package cli

import (
	"maps"
	"strings"
	"testing"

	"symtui/pod"
)

// leaver creates a user who is the last owner of one room (which the bot
// left) and a member of three more, and is in an IM: the rooms' ids, the
// last-owner room first.
func (r *memberRig) leaver(username string) (int64, []string) {
	r.t.Helper()
	ctx := testContext(r.t)
	u, err := r.admin.CreateUser(ctx, pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: username, EmailAddress: username + "@example.com", DisplayName: "Leaving " + username,
		AccountType: pod.AccountNormal}, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		r.t.Fatal(err)
	}
	uid := u.UserSystemInfo.ID
	rooms := []string{r.room(username+" desk", []int64{uid, r.uid(0)}, []int64{uid})}
	if err := r.admin.RemoveMember(ctx, rooms[0], r.bot); err != nil {
		r.t.Fatal(err)
	}
	for i := range 3 {
		rooms = append(rooms, r.room(username+" room "+string(rune('A'+i)), []int64{uid, r.uid(1)}, nil))
	}
	if _, err := r.admin.CreateIMAdmin(ctx, uid, r.uid(2)); err != nil {
		r.t.Fatal(err)
	}
	return uid, rooms
}

// The dry run prints every room and what will happen, writes nothing; the
// run then makes the pod what the plan said: the new owner promoted (on the
// leaver's behalf) before the leaver goes, the account disabled.
func TestOffboardPlanThenRun(t *testing.T) {
	r := newMemberRig(t)
	uid, rooms := r.leaver("dana.leaves")
	newOwner := r.users[5]
	r.emu.ResetStats()

	code, out, errOut := runCmd(t, Offboard, "dana.leaves", "--dry-run", "-o", "json", "--new-owner", newOwner.EmailAddress, "--config", r.cfg, "--disable")
	if code != ExitOK {
		t.Fatalf("dry run: exit %d, stderr %q", code, errOut)
	}
	if w := writes(r.emu.Stats()); len(w) > 0 {
		t.Fatalf("a dry run wrote: %v", w)
	}
	plan := jsonLines(t, out)[0]
	got := map[string]string{}
	for _, it := range plan["rooms"].([]any) {
		rp := it.(map[string]any)
		got[rp["id"].(string)] = rp["action"].(string) + " " + rp["role"].(string)
	}
	want := map[string]string{rooms[0]: "handover owner", rooms[1]: "remove member", rooms[2]: "remove member", rooms[3]: "remove member"}
	ims := 0
	for id, a := range got {
		if _, room := want[id]; !room {
			ims++
			if a != "leave member" {
				t.Errorf("IM %s: %s", id, a)
			}
			delete(got, id)
		}
	}
	if !maps.Equal(got, want) || ims != 1 || plan["disable"] != true || plan["changes"] != float64(7) {
		t.Fatalf("plan %v (%d IM), want %v; disable %v, changes %v", got, ims, want, plan["disable"], plan["changes"])
	}

	code, out, errOut = runCmd(t, Offboard, "--config", r.cfg, idLine(uid), "--new-owner", newOwner.Username, "--disable")
	if code != ExitOK || !strings.Contains(out, "left: nothing, the pod is as planned") {
		t.Fatalf("run: exit %d, stderr %q\n%s", code, errOut, out)
	}
	if m := r.members(rooms[0]); m[uid] || !m[newOwner.ID] {
		t.Errorf("the last owner's room: %v", m)
	}
	for _, id := range rooms[1:] {
		if _, in := r.members(id)[uid]; in {
			t.Errorf("still in %s", id)
		}
	}
	st, err := r.admin.UserStatus(testContext(t), uid)
	if err != nil || st.Status != pod.UserDisabled {
		t.Errorf("status %v, %v", st.Status, err)
	}
	stats := r.emu.Stats()
	if stats.Auth["POST /login/pubkey/app/user/{userId}/authenticate"] != 1 {
		t.Errorf("on-behalf logins: %v", stats.Auth)
	}
	if n := stats.Routes["POST /pod/v1/admin/room/{id}/membership/remove"].Requests; n != 1 {
		t.Errorf("admin removals %d, want 1 (the room the bot left)", n)
	}
	// Nothing is left to do: the user's rooms are only the IM.
	code, out, _ = runCmd(t, Offboard, "--config", r.cfg, idLine(uid), "--dry-run")
	if code != ExitOK || !strings.Contains(out, "nothing to change") || !strings.Contains(out, "the pod takes no one out of an IM") {
		t.Errorf("after: exit %d\n%s", code, out)
	}
}

// Without --new-owner the room the user is the last owner of keeps them,
// and the plan says why.
func TestOffboardLastOwnerWithoutNewOwner(t *testing.T) {
	r := newMemberRig(t)
	uid, rooms := r.leaver("eve.leaves")
	code, out, errOut := runCmd(t, Offboard, "eve.leaves@example.com", "--config", r.cfg)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	if !strings.Contains(out, "the last owner: pick a new owner, or the room keeps this one") {
		t.Errorf("the plan does not say why the room is left:\n%s", out)
	}
	if m := r.members(rooms[0]); !m[uid] {
		t.Errorf("the last owner was removed: %v", m)
	}
	if code, _, errOut := runCmd(t, Offboard, "nobody.here", "--config", r.cfg); code != ExitPod || !strings.Contains(errOut, "no user nobody.here") {
		t.Errorf("unknown user: exit %d, %q", code, errOut)
	}
}

// Names from the pod reach the terminal inert, in the plans of both
// commands; JSON keeps them exact (escaped).
func TestMembershipOutputsAreInert(t *testing.T) {
	r := newMemberRig(t)
	ctx := testContext(t)
	hostile := "Desk \x1b]0;LEAK\x07\x1b[2J\u202eevil\u200b\x00"
	u, err := r.admin.CreateUser(ctx, pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: "hostile.leaver", EmailAddress: "hostile.leaver@example.com", DisplayName: "Ho\x1b[31mstile\u202e",
		AccountType: pod.AccountNormal}, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		t.Fatal(err)
	}
	uid := u.UserSystemInfo.ID
	room := r.room(hostile, []int64{uid}, nil)
	for _, args := range [][]string{
		{"offboard", "hostile.leaver", "--dry-run"},
		{"members", "set", room, "--from", r.list(idLine(r.bot))},
	} {
		cmd := Offboard
		if args[0] == "members" {
			cmd = Members
		}
		code, out, errOut := runCmd(t, cmd, append(args[1:], "--config", r.cfg)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d, %q", args, code, errOut)
		}
		if strings.ContainsAny(out, "\x1b\x00\u202e\u200b\a") || strings.Contains(out, "LEAK") {
			t.Errorf("%v draws a hostile value:\n%q", args, out)
		}
		if !strings.Contains(out, "Hostile") {
			t.Errorf("%v does not name the user:\n%s", args, out)
		}
		code, out, _ = runCmd(t, cmd, append(args[1:], "--config", r.cfg, "-o", "json")...)
		if code != ExitOK || strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, `\u001b`) {
			t.Errorf("%v -o json: exit %d, not the escaped value:\n%s", args, code, out)
		}
	}
}
