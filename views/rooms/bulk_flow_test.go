package rooms

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
)

// localUsers lists n enabled people of the pod (not the service accounts).
func localUsers(t *testing.T, h *viewtest.Harness, n int) []int64 {
	t.Helper()
	list, err := h.Admin.ListUsers(h.Ctx(t), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range list {
		if u.UserAttributes.AccountType == pod.AccountNormal && u.UserSystemInfo.Status == pod.UserEnabled && len(ids) < n {
			ids = append(ids, u.UserSystemInfo.ID)
		}
	}
	if len(ids) < n {
		t.Fatalf("only %d people on the pod", len(ids))
	}
	return ids
}

var removingProgress = regexp.MustCompile(`removing (\d+)/200…`)

// Removing 200 marked members, the operator stops half-way with esc: the
// calls already sent finish, nothing more starts, and the summary's done
// and not attempted are exactly what the emulator holds.
func TestRoomsFlowBulkRemoveStoppedHalfWay(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 300, Rooms: 5})
	ids := localUsers(t, h, 200)
	roomID := makeRoom(t, h, "Zephyr Bulk")
	ctx := h.Ctx(t)
	for _, id := range ids {
		if err := h.Admin.AddMember(ctx, roomID, id); err != nil {
			t.Fatal(err)
		}
	}
	// Slow enough that esc lands while the change runs (200 calls, 4 at a
	// time: about 1.5 s).
	h.Emu.SetFaults(emulator.Faults{Latency: 30 * time.Millisecond})

	f := startRoomsFlow(t, h, 140, 40)
	f.waitFor("search: all rooms")
	f.openRoom("Zephyr Bulk", 201)
	f.key(tea.KeyCtrlA) // mark all
	f.runes("g")        // the first row is the bot, who created the room
	f.runes(" ")        // not that one
	f.runes("X")
	f.waitFor("Remove from Zephyr Bulk: 200 items?")
	f.runes("y")
	// Half-way or so: stop.
	teatest.WaitFor(t, f.tm.Output(), func(b []byte) bool {
		for _, m := range removingProgress.FindAllSubmatch(b, -1) {
			if n, _ := strconv.Atoi(string(m[1])); n >= 60 {
				return true
			}
		}
		return false
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(10*time.Millisecond))
	f.key(tea.KeyEsc)
	f.waitFor("Stopped: removed")
	final := f.finish()

	members := roomMembership(t, h, roomID)
	removed := 0
	for _, id := range ids {
		if _, ok := members[id]; !ok {
			removed++
		}
	}
	if removed == 0 || removed == 200 {
		t.Fatalf("%d of 200 removed: the stop did not land half-way", removed)
	}
	want := fmt.Sprintf("Stopped: removed %d of 200 members (Zephyr Bulk); %d not attempted", removed, 200-removed)
	v := final.Views()[0].(*Tab)
	if frame := final.View(); !strings.Contains(frame, want) {
		t.Fatalf("the summary does not say what the pod did; want %q in:\n%s", want, frame)
	}
	if v.job != nil {
		t.Fatal("the job is still held after its result")
	}
	// Nothing was sent after the stop's last calls came back.
	writes := membershipWrites(h)
	time.Sleep(200 * time.Millisecond)
	if membershipWrites(h) != writes {
		t.Fatal("membership changes went on after the summary")
	}
}
