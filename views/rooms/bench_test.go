package rooms

import (
	"fmt"
	"testing"

	"symtui/pod"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// View runs after every message: with a full page loaded it must only
// concatenate cached strings.
func BenchmarkRoomsView(b *testing.B) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(160, 50)
	rooms := make([]pod.Room, roomPageSize)
	for i := range rooms {
		rooms[i] = roomsFixture(fmt.Sprintf("room-%03d", i), fmt.Sprintf("Room %03d EMEA Rates Desk", i), i%7 != 0)
	}
	v.Update(roomsPageMsg(v, 0, 1000, rooms...))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = v.View()
	}
}

// Moving the cursor re-renders the detail pane of the new room only.
func BenchmarkRoomsCursorMove(b *testing.B) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(160, 50)
	rooms := make([]pod.Room, roomPageSize)
	for i := range rooms {
		rooms[i] = roomsFixture(fmt.Sprintf("room-%03d", i), fmt.Sprintf("Room %03d", i), true)
	}
	v.Update(roomsPageMsg(v, 0, int64(len(rooms)), rooms...))
	down, up := roomsKeyRunes("j"), roomsKeyRunes("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			v.Update(down)
		} else {
			v.Update(up)
		}
		_ = v.View()
	}
}
