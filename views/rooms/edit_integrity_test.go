package rooms

import (
	"bytes"
	"slices"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

func roomRecord(t *testing.T, h *viewtest.Harness, id string) []byte {
	t.Helper()
	rec, ok := h.Emu.RoomRecord(id)
	if !ok {
		t.Fatalf("no room %s on the pod", id)
	}
	return rec
}

const roomUpdateRoute = "POST /pod/v3/room/{id}/update"

// A room whose name, description and keywords hold hostile classes: its
// edit form submitted untouched sends nothing and the record stays byte
// for byte; toggling Discoverable changes Discoverable only; emptying the
// keywords clears them.
func TestRoomsFlowEditChangesOnlyWhatWasEdited(t *testing.T) {
	for start := 0; start < len(viewtest.Hostile); start += 6 {
		t.Run("classes from "+strconv.Itoa(start), func(t *testing.T) {
			h := viewtest.New(t, viewtest.SmallPod())
			r := viewtest.CreateHostileRoom(t, h, "Zq"+strconv.Itoa(start), start)
			id := r.RoomSystemInfo.ID
			before := roomRecord(t, h, id)

			f := startRoomsFlow(t, h, 120, 40)
			f.waitFor("search: all rooms")
			f.runes("/")
			f.typeText("zq" + strconv.Itoa(start))
			f.key(tea.KeyEnter)
			f.waitFor("1 of ")

			f.runes("e")
			f.waitFor("Edit room")
			f.key(tea.KeyEnter)
			f.waitFor("nothing changed")
			if n := viewtest.RouteCount(h, roomUpdateRoute); n != 0 {
				t.Fatalf("an untouched form sent %d updates", n)
			}
			if after := roomRecord(t, h, id); !bytes.Equal(before, after) {
				t.Fatalf("the record changed: %v", viewtest.RecordDiff(t, before, after))
			}

			// Discoverable only.
			f.runes("e")
			f.waitFor("Edit room")
			for range 3 { // name, description, keywords: then discoverable
				f.key(tea.KeyTab)
			}
			f.key(tea.KeySpace)
			f.key(tea.KeyEnter)
			f.waitFor("on → off")
			f.key(tea.KeyEnter)
			f.waitFor("Updated discoverable off for")
			after := roomRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Discoverable"}) {
				t.Fatalf("toggling discoverable changed %v", d)
			}

			// The keywords emptied: cleared.
			before = after
			f.runes("e")
			f.waitFor("Edit room")
			f.key(tea.KeyTab)
			f.key(tea.KeyTab)
			f.key(tea.KeyCtrlC)
			f.key(tea.KeyEnter)
			f.waitFor("(cleared)")
			f.runes("y")
			f.waitFor("Updated keywords cleared for")
			f.finish()
			after = roomRecord(t, h, id)
			if d := viewtest.RecordDiff(t, before, after); !slices.Equal(d, []string{"Keywords"}) {
				t.Fatalf("clearing the keywords changed %v", d)
			}
			if info := roomInfo(t, h, id); len(info.RoomAttributes.Keywords) != 0 {
				t.Fatalf("keywords on the pod: %v", info.RoomAttributes.Keywords)
			}
		})
	}
}
