package views

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
	"symtui/views/rooms"
	"symtui/views/users"
)

// leaverPod sets up a user who is the last owner of one room (the bot,
// an administrator, left it) and a member of three rooms the bot owns,
// and in an IM. It returns the user and the rooms' ids, the last-owner
// room first.
func leaverPod(t *testing.T, h *viewtest.Harness) (pod.UserDetail, []string) {
	t.Helper()
	ctx := h.Ctx(t)
	u, err := h.Admin.CreateUser(ctx, pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: "olga.leaves", EmailAddress: "olga.leaves@example.com", DisplayName: "Olga Leaves",
		AccountType: pod.AccountNormal}, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		t.Fatal(err)
	}
	uid := u.UserSystemInfo.ID
	var ids []string
	for i, name := range []string{"Olga Desk", "Olga Room A", "Olga Room B", "Olga Room C"} {
		r, err := h.Admin.CreateRoom(ctx, pod.RoomChanges{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		id := r.RoomSystemInfo.ID
		ids = append(ids, id)
		if err := h.Admin.AddMember(ctx, id, uid); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := h.Admin.PromoteOwner(ctx, id, uid); err != nil {
				t.Fatal(err)
			}
			if err := h.Admin.RemoveMember(ctx, id, h.Emu.Credentials.BotUserID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := h.Admin.CreateIMAdmin(ctx, uid, h.Emu.Credentials.PlainUserID); err != nil {
		t.Fatal(err)
	}
	return u, ids
}

// offboardPlan runs `symtui offboard … --dry-run -o json` and decodes the
// plan: room id -> action.
func offboardPlan(t *testing.T, h *viewtest.Harness, args ...string) (map[string]string, map[string]any) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append(args, "--dry-run", "-o", "json", "--config", h.Config)
	if code := cli.Offboard(args, cli.Env{Stdout: &out, Stderr: &errOut, Version: "test"}); code != cli.ExitOK {
		t.Fatalf("offboard %v: exit %d, stderr %q", args, code, errOut.String())
	}
	var plan map[string]any
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatalf("plan: %v\n%s", err, out.String())
	}
	actions := map[string]string{}
	for _, it := range plan["rooms"].([]any) {
		rp := it.(map[string]any)
		actions[rp["id"].(string)] = rp["action"].(string)
	}
	return actions, plan
}

// waitAll waits until one stretch of output shows every text.
func waitAll(t *testing.T, f *viewtest.Console, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, f.TM.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(20*time.Millisecond))
}

// Offboard from the console a user who is the last owner of one room and
// a member of three more, picking a new owner: the preview lists every
// room and what happens to it, as `symtui offboard --dry-run -o json`
// does; after the run the emulator's memberships are what both said, and
// the account is disabled.
func TestOffboardFlowPicksNewOwner(t *testing.T) {
	// The wall clock: the CLI signs its logins with it.
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 40, Now: time.Now})
	leaver, ids := leaverPod(t, h)
	uid := leaver.UserSystemInfo.ID
	heir := plainUser(t, h)
	planned, plan := offboardPlan(t, h, "olga.leaves", "--new-owner", heir.EmailAddress, "--disable")
	if planned[ids[0]] != "handover" || planned[ids[1]] != "remove" || len(planned) != 5 || plan["changes"] != float64(7) {
		t.Fatalf("the CLI's plan: %v (%v changes)", planned, plan["changes"])
	}

	usersTab := users.New(h.Common, h.Deps).WithTimer(viewtest.Immediate)
	f := viewtest.StartConsole(t, h.Common, 150, 45, usersTab, rooms.New(h.Common, h.Deps))
	f.WaitFor("all users · ")
	f.Command("user " + leaver.UserAttributes.EmailAddress)
	f.WaitFor("roles     ")
	f.Send(viewtest.RuneKey("o"))
	waitAll(t, f, "Users › ", "Olga Desk", "last owner", "4 rooms · 1 IM or MIM · owner of 1 · read in 5 requests")

	f.Send(viewtest.RuneKey("O"))
	waitAll(t, f, "Offboard Olga Leaves: 4 rooms, 1 IM or MIM?", "the last owner: pick a new owner",
		"Olga Room A", "Olga Room C", "IM with 1 other", "the pod takes no one out of an IM", "[ ] disable the account",
		"read the 5 rooms of Olga Leaves") // not "reading …" once the read is over
	f.Send(viewtest.RuneKey("+")) // the cursor is on the first room: Olga Desk
	f.WaitFor("New owner of Olga Desk")
	f.TM.Type(heir.EmailAddress)
	f.WaitFor(heir.DisplayName)
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("hand over to " + heir.DisplayName + ", then remove")
	f.Send(viewtest.RuneKey("d"))
	waitAll(t, f, "[x] disable the account at the end", "7 changes")
	f.Send(viewtest.RuneKey("y"))
	waitAll(t, f, "Offboarded Olga Leaves: out of 4 rooms (1 handed over", "account disabled", "the pod is as previewed")
	f.Finish()

	// What the preview and the plan said is what the pod holds.
	for id, action := range planned {
		ms, ok := h.Emu.RoomMembers(id)
		if !ok {
			t.Fatalf("no stream %s", id)
		}
		in, heirOwns := false, false
		for _, m := range ms {
			in = in || m.UserID == uid
			heirOwns = heirOwns || (m.UserID == heir.ID && m.Owner)
		}
		switch {
		case action == "leave" && !in:
			t.Errorf("%s: left as is in the plan, but the user is gone", id)
		case action != "leave" && in:
			t.Errorf("%s: %s in the plan, but the user is still in it", id, action)
		case action == "handover" && !heirOwns:
			t.Errorf("%s: handed over in the plan, but %d is no owner", id, heir.ID)
		}
	}
	if st, err := h.Admin.UserStatus(h.Ctx(t), uid); err != nil || st.Status != pod.UserDisabled {
		t.Errorf("status %+v, %v", st, err)
	}
	if after, _ := offboardPlan(t, h, "olga.leaves"); len(after) != 1 {
		t.Errorf("after: the user's rooms %v, want only the IM", after)
	}
}

// plainUser is an enabled user of the pod with a plain ASCII name.
func plainUser(t *testing.T, h *viewtest.Harness) pod.User {
	t.Helper()
	res, err := h.Admin.SearchUsers(h.Ctx(t), pod.UserSearchQuery{}, true, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Users {
		if u.AccountType == pod.AccountNormal && viewtest.IsPlain(u.DisplayName+u.EmailAddress) && !strings.Contains(u.DisplayName, "Olga") {
			return u
		}
	}
	t.Fatal("no plain user")
	return pod.User{}
}

// Offboarding out of the marked rooms takes those the filter shows: the
// marked rooms it hides are left as they are and the preview says so, room
// by room; once done, the marks the filter hid stay; with every marked
// room hidden it is refused, not run on all the rooms.
func TestOffboardMarkedRoomsHiddenByTheFilter(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 40})
	leaver, _ := leaverPod(t, h)
	usersTab := users.New(h.Common, h.Deps).WithTimer(viewtest.Immediate)
	f := viewtest.StartConsole(t, h.Common, 150, 45, usersTab, rooms.New(h.Common, h.Deps))
	f.WaitFor("all users · ")
	f.Command("user " + leaver.UserAttributes.EmailAddress)
	f.WaitFor("roles     ")
	f.Send(viewtest.RuneKey("o"))
	waitAll(t, f, "Olga Desk", "4 rooms · 1 IM or MIM")

	f.Send(viewtest.RuneKey("/"))
	f.TM.Type("olga room")
	f.Send(viewtest.TypeKey(tea.KeyEnter), viewtest.TypeKey(tea.KeyCtrlA))
	f.WaitFor("3 marked")
	f.Send(viewtest.RuneKey("/"), viewtest.TypeKey(tea.KeyCtrlC))
	f.TM.Type("olga room a")
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("3 marked, 2 hidden")
	f.Send(viewtest.RuneKey("O"))
	waitAll(t, f, "Offboard Olga Leaves", "2 marked rows hidden by the filter are left out",
		"marked, but hidden by the filter: left out")
	f.Send(viewtest.RuneKey("y"))
	f.WaitFor("the pod is as previewed")
	f.Send(viewtest.TypeKey(tea.KeyEsc)) // the filter goes: Olga left Room A, B and C stay marked
	f.WaitFor("2 marked")

	f.Send(viewtest.RuneKey("/"))
	f.TM.Type("olga desk")
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("2 marked, 2 hidden")
	f.Send(viewtest.RuneKey("O"))
	f.WaitFor("nothing done: the 2 marked rows are all hidden by the filter")
	f.Finish()
}
