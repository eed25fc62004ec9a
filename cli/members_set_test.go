package cli

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"symtui/pod/emulator"
)

// Without --apply the plan is printed and nothing is written: unknown
// entries are reported, the account itself is held back.
func TestMembersSetPlanOnlyChangesNothing(t *testing.T) {
	r := newMemberRig(t)
	room := r.room("Plan only", []int64{r.uid(0), r.uid(1), r.uid(2)}, []int64{r.uid(0)})
	before := r.members(room)
	list := r.list("# the desk", r.users[0].EmailAddress, r.users[1].Username+"  # by username", idLine(r.uid(3)), "nobody@example.invalid", "")
	r.emu.ResetStats()

	code, out, errOut := runCmd(t, Members, "set", room, "--from", list, "-o", "json", "--config", r.cfg)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if w := writes(r.emu.Stats()); len(w) > 0 {
		t.Fatalf("a plan wrote to the pod: %v", w)
	}
	if after := r.members(room); !maps.Equal(before, after) {
		t.Fatalf("members changed: %v -> %v", before, after)
	}
	docs := jsonLines(t, out)
	if len(docs) != 1 || docs[0]["kind"] != "plan" {
		t.Fatalf("want one plan document, got %s", out)
	}
	p := docs[0]
	if got := ids(t, p, "remove"); !slices.Equal(got, []int64{r.uid(2)}) {
		t.Errorf("remove %v, want %d", got, r.uid(2))
	}
	if got := ids(t, p, "add"); !slices.Equal(got, []int64{r.uid(3)}) {
		t.Errorf("add %v, want %d", got, r.uid(3))
	}
	if got := ids(t, p, "held"); !slices.Equal(got, []int64{r.bot}) {
		t.Errorf("held %v, want the bot %d", got, r.bot)
	}
	if u, _ := p["unknown"].([]any); len(u) != 1 || u[0] != "nobody@example.invalid" {
		t.Errorf("unknown %v", p["unknown"])
	}
	if p["unchanged"] != float64(2) || p["changes"] != float64(2) {
		t.Errorf("unchanged %v, changes %v", p["unchanged"], p["changes"])
	}
	// The same plan for people.
	code, out, _ = runCmd(t, Members, "set", "--config", r.cfg, room, "--from", list)
	for _, want := range []string{"to remove (1)", "to add (1)", "unknown, skipped (1)", "nobody@example.invalid", "held back (1)", "(--include-self)", "2 changes planned; nothing was changed"} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("exit %d; the plan does not say %q:\n%s", code, want, out)
		}
	}
}

// --apply reaches the list and the owners exactly; a second run plans
// nothing and writes nothing.
func TestMembersSetApplyReachesTarget(t *testing.T) {
	r := newMemberRig(t)
	room := r.room("Apply", []int64{r.uid(0), r.uid(1), r.uid(2)}, []int64{r.uid(0)})
	members := r.list(idLine(r.bot), r.users[0].Username, r.users[1].EmailAddress, idLine(r.uid(3)), r.users[4].EmailAddress)
	owners := r.list(idLine(r.bot), r.users[3].Username)
	want := map[int64]bool{r.bot: true, r.uid(0): false, r.uid(1): false, r.uid(3): true, r.uid(4): false}

	code, out, errOut := runCmd(t, Members, "set", room, "--from", members, "--owners", owners, "--apply", "-o", "json", "--config", r.cfg)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	if got := r.members(room); !maps.Equal(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	docs := jsonLines(t, out)
	plan, summary := docs[0], docs[len(docs)-1]
	results := docs[1 : len(docs)-1]
	if plan["changes"] != float64(5) || len(results) != 5 {
		t.Fatalf("plan of %v changes, %d results:\n%s", plan["changes"], len(results), out)
	}
	// Removals, additions, then owner changes.
	var order []string
	for _, res := range results {
		if res["result"] != "done" {
			t.Errorf("result %v", res)
		}
		order = append(order, res["op"].(string))
	}
	if !slices.IsSortedFunc(order, func(a, b string) int {
		rank := map[string]int{"remove": 0, "add": 1, "promote": 2, "demote": 3}
		return rank[a] - rank[b]
	}) {
		t.Errorf("changes ran in the order %v", order)
	}
	left := summary["left"].(map[string]any)
	if summary["kind"] != "summary" || summary["done"] != float64(5) || left["changes"] != float64(0) {
		t.Errorf("summary %v", summary)
	}

	r.emu.ResetStats()
	code, out, errOut = runCmd(t, Members, "set", room, "--from", members, "--owners", owners, "--apply", "--config", r.cfg)
	if code != ExitOK || !strings.Contains(out, "nothing to change") {
		t.Fatalf("second apply: exit %d, stderr %q\n%s", code, errOut, out)
	}
	if w := writes(r.emu.Stats()); len(w) > 0 {
		t.Fatalf("a second apply wrote: %v", w)
	}
}

// The account running it is removed only with --include-self (last, after
// the new owner); a room is never left without an owner; an administrator
// outside the room uses the admin endpoints and is told it cannot promote.
func TestMembersSetGuards(t *testing.T) {
	r := newMemberRig(t)
	room := r.room("Self", []int64{r.uid(0), r.uid(1)}, nil)
	list := r.list(idLine(r.uid(0)), idLine(r.uid(1)))
	owners := r.list(idLine(r.uid(0)))
	code, out, _ := runCmd(t, Members, "set", room, "--from", list, "--owners", owners, "--apply", "--config", r.cfg)
	if got := r.members(room); code != ExitOK || !got[r.bot] || !got[r.uid(0)] {
		t.Fatalf("without --include-self: exit %d, members %v\n%s", code, got, out)
	}
	code, out, _ = runCmd(t, Members, "set", room, "--from", list, "--owners", owners, "--apply", "--include-self", "--config", r.cfg)
	want := map[int64]bool{r.uid(0): true, r.uid(1): false}
	if got := r.members(room); code != ExitOK || !maps.Equal(got, want) {
		t.Fatalf("with --include-self: exit %d, members %v, want %v\n%s", code, got, want, out)
	}

	// uid(0) is now the room's only owner and the bot is not in it.
	r.emu.ResetStats()
	list = r.list(idLine(r.uid(2)), idLine(r.uid(3)))
	owners = r.list(idLine(r.uid(2)))
	code, out, errOut := runCmd(t, Members, "set", room, "--from", list, "--owners", owners, "--apply", "--config", r.cfg)
	want = map[int64]bool{r.uid(0): true, r.uid(2): false, r.uid(3): false}
	if got := r.members(room); !maps.Equal(got, want) {
		t.Fatalf("members %v, want %v\n%s%s", got, want, out, errOut)
	}
	for _, s := range []string{"only an owner of the room can promote", "the room would be left without an owner", "admin endpoint"} {
		if !strings.Contains(out, s) {
			t.Errorf("the output does not say %q:\n%s", s, out)
		}
	}
	st := r.emu.Stats()
	if st.Routes["POST /pod/v1/admin/room/{id}/membership/add"].Requests != 2 || st.Routes["POST /pod/v1/room/{id}/membership/add"].Requests != 0 {
		t.Errorf("adds: %v", writes(st))
	}
	if code != ExitOK {
		t.Errorf("exit %d: held changes are the plan, not failures", code)
	}
}

// With the pod failing 10% of the calls and losing 5% of the answers after
// it acted, apply still ends at the list, and says there is nothing left.
func TestMembersSetUnderFaults(t *testing.T) {
	r := newMemberRig(t)
	fastRetries(t, r.cfg)
	var start, target []int64
	for i := range 30 {
		start = append(start, r.uid(i))
	}
	lines := []string{idLine(r.bot)}
	want := map[int64]bool{r.bot: true}
	for i := 15; i < 55; i++ {
		target = append(target, r.uid(i))
		lines = append(lines, r.users[i].EmailAddress)
		want[r.uid(i)] = false
	}
	room := r.room("Faulty", start, nil)
	r.emu.SetFaults(emulator.Faults{ErrorRate: 0.1, LoseRate: 0.05})
	code, out, errOut := runCmd(t, Members, "set", room, "--from", r.list(lines...), "--apply", "-o", "json", "--config", r.cfg)
	r.emu.SetFaults(emulator.Faults{})
	if got := r.members(room); code != ExitOK || !maps.Equal(got, want) {
		t.Fatalf("exit %d, %d members, want %d; stderr %q\n%s", code, len(got), len(want), errOut, out)
	}
	docs := jsonLines(t, out)
	summary := docs[len(docs)-1]
	if left := summary["left"].(map[string]any); left["changes"] != float64(0) || summary["failed"] != float64(0) {
		t.Fatalf("summary %v", summary)
	}
	if f := r.emu.Stats().Faults; f.Errors+f.Lost == 0 {
		t.Fatalf("no fault was injected: %+v", f)
	}
}

// Lists are checked before anything is sent: a line that cannot be one
// user names the file and the line.
func TestMembersSetUsage(t *testing.T) {
	r := newMemberRig(t)
	bad := r.list("alice@example.com", "bob smith")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"set", "R"}, "--from FILE is required"},
		{[]string{"set", "R", "--from", bad}, "line 2"},
		{[]string{"set", "--from", bad}, "want ROOM"},
		{[]string{"set", "R", "--from", "-", "--owners", "-"}, "cannot both read standard input"},
		{[]string{"set", "R", "--from", bad, "-o", "csv"}, "want table or json"},
		{[]string{"bogus"}, "unknown subcommand"},
	} {
		code, _, errOut := runCmd(t, Members, append(c.args, "--config", r.cfg)...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 8 {
			t.Errorf("members %v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
	if w := writes(r.emu.Stats()); len(w) > 0 {
		t.Errorf("usage errors wrote: %v", w)
	}
}
