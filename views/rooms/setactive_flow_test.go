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

	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
)

var deactivatingProgress = regexp.MustCompile(`deactivating (\d+)/60…`)

// Deactivating 60 marked rooms runs a few at a time with its progress
// shown; the operator stops it with esc: the calls already sent finish,
// nothing more starts, the summary's done and not attempted are exactly
// the rooms the emulator holds inactive, and their rows say so; the rooms
// not attempted stay marked.
func TestRoomsFlowBulkDeactivateStoppedHalfWay(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 100, Rooms: 5})
	var ids []string
	for i := range 60 {
		ids = append(ids, makeRoom(t, h, fmt.Sprintf("Zephyr Batch %02d", i)))
	}
	n := roomCount(t, h)
	// Slow enough that esc lands while the change runs (60 rooms, two
	// calls each, 4 at a time: about 1.5 s).
	h.Emu.SetFaults(emulator.Faults{Latency: 50 * time.Millisecond})

	f := startRoomsFlow(t, h, 140, 40)
	f.waitFor(roomsDone(n))
	f.runes("/")
	f.typeText("Zephyr Batch")
	f.key(tea.KeyEnter)
	f.waitFor(roomsHits(60, n))
	f.key(tea.KeyCtrlA)
	f.runes("D")
	f.waitFor("Deactivate rooms (no messages, membership locked): 60 items?")
	f.runes("y")
	teatest.WaitFor(t, f.tm.Output(), func(b []byte) bool {
		for _, m := range deactivatingProgress.FindAllSubmatch(b, -1) {
			if k, _ := strconv.Atoi(string(m[1])); k >= 12 {
				return true
			}
		}
		return false
	}, teatest.WithDuration(viewtest.FlowWait), teatest.WithCheckInterval(10*time.Millisecond))
	f.key(tea.KeyEsc)
	f.waitFor("Stopped: deactivated")
	final := f.finish()

	v := final.Views()[0].(*Tab)
	inactive := 0
	for _, id := range ids {
		active := roomInfo(t, h, id).RoomSystemInfo.Active
		if !active {
			inactive++
		}
		if v.rooms[id].RoomSystemInfo.Active != active {
			t.Errorf("room %s: the row says active %v, the pod %v", id, v.rooms[id].RoomSystemInfo.Active, active)
		}
	}
	if inactive == 0 || inactive == 60 {
		t.Fatalf("%d of 60 deactivated: the stop did not land half-way", inactive)
	}
	want := fmt.Sprintf("Stopped: deactivated %d of 60 rooms; %d not attempted", inactive, 60-inactive)
	if frame := final.View(); !strings.Contains(frame, want) {
		t.Fatalf("the summary does not say what the pod did; want %q in:\n%s", want, frame)
	}
	// The rooms not attempted stay marked: D again finishes the change.
	if v.job != nil || len(v.table.Marked()) != 60-inactive {
		t.Fatalf("after the summary: job %v, %d marked; want the %d not attempted", v.job, len(v.table.Marked()), 60-inactive)
	}
	sets := viewtest.RouteCount(h, "POST /pod/v1/room/{id}/setActive")
	time.Sleep(200 * time.Millisecond)
	if viewtest.RouteCount(h, "POST /pod/v1/room/{id}/setActive") != sets {
		t.Fatal("rooms were changed after the summary")
	}
	if sets != inactive {
		t.Fatalf("%d setActive calls for %d rooms deactivated", sets, inactive)
	}
}

// A room the pod refuses is in the summary with the pod's reason, the
// others done: reactivating two rooms, one of which the bot no longer owns.
func TestRoomsBulkReactivateSaysThePodsReason(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 100, Rooms: 5})
	us := plainUsers(t, h, 1)
	mine := makeRoom(t, h, "Zephyr Mine")
	other := makeRoom(t, h, "Zephyr Other", us[0])
	ctx := h.Ctx(t)
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.PromoteOwner(ctx, other, us[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.DemoteOwner(ctx, other, me.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{mine, other} {
		if _, err := h.Admin.SetRoomActiveAdmin(ctx, id, false); err != nil {
			t.Fatal(err)
		}
	}
	v := New(h.Common, h.Deps)
	v.SetSize(140, 40)
	viewtest.Drive(t, v, v.Init())
	out := viewtest.Drive(t, v, v.runSetActive(setActivePayload{IDs: []string{mine, other}, Names: []string{"Zephyr Mine", "Zephyr Other"}, Active: true}))
	want := "Reactivated 1 of 2 rooms; 1 failed: Only room owners can deactivate or reactivate the room (Zephyr Other)"
	if got := out.LastStatus(); got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
	if !roomInfo(t, h, mine).RoomSystemInfo.Active || roomInfo(t, h, other).RoomSystemInfo.Active {
		t.Fatal("the pod's rooms are not as the summary says")
	}
	if !v.rooms[mine].RoomSystemInfo.Active || v.rooms[other].RoomSystemInfo.Active {
		t.Fatal("the rows are not as the pod's rooms")
	}
}
