package users

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// The rooms of a user keep what their rows say, not each room's member
// list: the console's account is in thousands of rooms on a big pod, and
// a view left open held their millions of members (tens of MB, which the
// collector then marked at every poll).
func TestUserRoomsKeepNoMemberLists(t *testing.T) {
	const big = 8
	h := viewtest.New(t, emulator.Options{Users: emulator.BigRoomMembers + 100, Rooms: 20, BigRooms: big})
	v, _ := newTestUsers(t, h, 160, 40)
	viewtest.Drive(t, v, func() tea.Msg {
		return ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(h.Emu.Credentials.BotUserID, 10)}
	})
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	viewtest.Press(t, v, viewtest.RuneKey("o"))
	if v.rooms == nil || !strings.Contains(v.View(), "All Hands 1") {
		t.Fatalf("the bot's big rooms are not shown:\n%s", v.View())
	}
	held := int64(heap()) - int64(before)
	// 8 rooms of thousands of members each: a list of them is megabytes;
	// the rows of a few dozen rooms are kilobytes.
	if held > 512<<10 {
		t.Errorf("the rooms of a user in %d rooms of %d members hold %d KB", big, emulator.BigRoomMembers, held>>10)
	}
	runtime.KeepAlive(v)
}
