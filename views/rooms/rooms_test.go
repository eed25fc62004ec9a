package rooms

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

func roomsFixture(id, name string, active bool) pod.Room {
	return pod.Room{
		RoomAttributes: pod.RoomAttributes{Name: name, Keywords: []pod.RoomTag{{Key: "region", Value: "EMEA"}}},
		RoomSystemInfo: pod.RoomSystemInfo{ID: id, Active: active, CreationDate: viewtest.Now.UnixMilli()},
	}
}

func roomsPageMsg(gen uint64, skip int, count int64, rooms ...pod.Room) ui.Result[roomPage] {
	return ui.Result[roomPage]{View: ViewID, Gen: gen, Value: roomPage{Skip: skip, Source: sourceAdmin, Count: count, Rooms: rooms}}
}

func roomsKeyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// A page answering an older query is dropped; the current one is shown.
func TestRoomsDropsStaleResults(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	first := v.gen.Next()
	v.Update(roomsPageMsg(first, 0, 1, roomsFixture("r1", "Old Query Room", true)))
	if v.table.Len() != 1 {
		t.Fatalf("current page not applied: %d rows", v.table.Len())
	}

	v.Update(roomsKeyRunes("/"))
	v.Update(roomsKeyRunes("x")) // a new query: a new generation
	if v.gen.IsCurrent(first) {
		t.Fatal("typing did not start a new generation")
	}
	v.Update(roomsPageMsg(first, 0, 2, roomsFixture("r2", "Late", true), roomsFixture("r3", "Later", true)))
	if v.table.Len() != 1 || v.table.CursorID() != "r1" {
		t.Fatalf("a stale page replaced the rows: %d rows", v.table.Len())
	}
	v.Update(roomsPageMsg(v.gen.Current(), 0, 1, roomsFixture("r4", "Fresh", true)))
	if v.table.CursorID() != "r4" {
		t.Fatalf("the current page was not applied: cursor on %q", v.table.CursorID())
	}
}

// Typing is debounced: only the tick of the latest keystroke searches.
func TestRoomsSearchIsDebounced(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.Update(roomsKeyRunes("/"))
	_, cmd := v.Update(roomsKeyRunes("a"))
	if cmd == nil {
		t.Fatal("typing should schedule a search")
	}
	stale := v.gen.Current()
	v.Update(roomsKeyRunes("b"))
	if _, cmd := v.Update(roomSearchDue{Gen: stale, Crit: roomCriteria{Query: "a"}}); cmd != nil {
		t.Fatal("the tick of an older keystroke started a search")
	}
	if _, cmd := v.Update(roomSearchDue{Gen: v.gen.Current(), Crit: v.crit}); cmd == nil {
		t.Fatal("the latest tick should start the search")
	}
	if v.crit.Query != "ab" {
		t.Fatalf("criteria query %q, want ab", v.crit.Query)
	}
}

// The bar cycles the flags with the toggle key; esc restores the criteria
// it opened with, enter keeps the new ones.
func TestRoomsSearchBarCriteria(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.Update(roomsKeyRunes("/"))
	if !v.InputFocused() {
		t.Fatal("the open bar must take every key")
	}
	v.Update(tea.KeyMsg{Type: tea.KeyTab}) // active
	v.Update(roomsKeyRunes(" "))
	v.Update(tea.KeyMsg{Type: tea.KeyTab}) // private
	v.Update(roomsKeyRunes(" "))
	v.Update(roomsKeyRunes(" "))
	v.Update(tea.KeyMsg{Type: tea.KeyTab}) // member
	for _, r := range "alice@example.com" {
		v.Update(roomsKeyRunes(string(r)))
	}
	want := roomCriteria{Active: triYes, Private: triNo, Member: "alice@example.com"}
	if v.crit != want {
		t.Fatalf("criteria %+v, want %+v", v.crit, want)
	}
	if got := v.crit.summary(); got != "active:yes private:no member:alice@example.com" {
		t.Fatalf("summary %q", got)
	}
	v.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if v.InputFocused() || !v.crit.empty() {
		t.Fatalf("esc should close the bar and restore the criteria, got %+v", v.crit)
	}
	v.Update(roomsKeyRunes("/"))
	v.Update(roomsKeyRunes("q"))
	v.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if v.InputFocused() || v.crit.Query != "q" {
		t.Fatalf("enter should keep the criteria, got %+v", v.crit)
	}
	sc := pod.RoomSearchCriteria{Query: v.crit.Query, Active: triYes.ptr(), Private: triAny.ptr()}
	if sc.Active == nil || !*sc.Active || sc.Private != nil {
		t.Fatal("tri-state flags map to nil / true / false")
	}
}

// Rooms owns its results and the :room/:rooms commands, nothing else.
func TestRoomsOwns(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	for _, c := range []struct {
		msg  any
		want bool
	}{
		{ui.CommandMsg{Name: "room", Arg: "x"}, true},
		{ui.CommandMsg{Name: "rooms", Arg: "x"}, true},
		{ui.CommandMsg{Name: "user", Arg: "x"}, false},
		{ui.Result[roomPage]{View: ViewID}, true},
		{ui.Result[roomPage]{View: "users"}, false},
		{roomSearchDue{}, true},
		{ui.Result[memberOpDone]{View: ViewID}, true},
		{ui.StatusMsg{Level: ui.LevelInfo, Text: "not ours"}, false},
		{ui.Result[bulkResolution]{View: "connections"}, false},
		{ui.PickerItemsMsg{Picker: addPickerID, Items: nil}, false},
		{ui.Result[pod.User]{View: ViewID, Value: pod.User{}}, true},
	} {
		if got := v.Owns(c.msg); got != c.want {
			t.Errorf("Owns(%T %+v) = %v, want %v", c.msg, c.msg, got, c.want)
		}
	}
}

// A failed search is shown with the retry key, and retrying searches again.
func TestRoomsSearchErrorOffersRetry(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(100, 20)
	gen := v.gen.Next()
	_, cmd := v.Update(ui.Result[roomPage]{View: ViewID, Gen: gen, Err: errors.New("the pod at x did not answer in time")})
	if cmd == nil {
		t.Fatal("a failure should reach the status line")
	}
	out := v.View()
	if !strings.Contains(out, "search failed: the pod at x did not answer in time") || !strings.Contains(out, "r retry") {
		t.Fatalf("the error and its retry key are not shown:\n%s", out)
	}
	if _, cmd := v.Update(roomsKeyRunes("r")); cmd == nil || v.gen.IsCurrent(gen) {
		t.Fatal("r should search again")
	}
}

// Reaching the last loaded row asks for the next page, at the right skip,
// once; a page appends.
func TestRoomsLoadsMoreAtTheEnd(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(100, 30)
	gen := v.gen.Next()
	v.Update(roomsPageMsg(gen, 0, 3, roomsFixture("a", "A", true), roomsFixture("b", "B", true)))
	v.Update(roomsKeyRunes("j"))
	if !v.loadingMore {
		t.Fatal("the cursor on the last of 2 of 3 rooms should load more")
	}
	if _, cmd := v.Update(roomsKeyRunes("j")); cmd != nil {
		t.Fatal("a second page request while one is in flight")
	}
	v.Update(roomsPageMsg(gen, 2, 3, roomsFixture("c", "C", true)))
	if v.table.Len() != 3 || v.loadingMore {
		t.Fatalf("the next page was not appended: %d rows", v.table.Len())
	}
	if !strings.Contains(v.View(), "3 of 3 rooms") {
		t.Fatalf("count line:\n%s", v.View())
	}
}

// Read-only: every mutating binding of the tab is disabled, so help and
// hints leave them out and key.Matches never fires.
func TestRoomsReadOnlyDisablesMutations(t *testing.T) {
	v := New(viewtest.NewCommon(true), tab.Deps{})
	gen := v.gen.Next()
	v.Update(roomsPageMsg(gen, 0, 1, roomsFixture("a", "A", true)))
	for _, k := range []string{"a", "e", "D", "R"} {
		if _, cmd := v.Update(roomsKeyRunes(k)); cmd != nil {
			t.Errorf("key %q did something in read-only mode", k)
		}
	}
	var enabled []string
	for _, b := range v.KeyBindings() {
		if b.Enabled() {
			enabled = append(enabled, b.Help().Desc)
		}
	}
	for _, d := range []string{"add", "edit", "deactivate", "reactivate"} {
		if slices.Contains(enabled, d) {
			t.Errorf("%q is offered in read-only mode", d)
		}
	}
}

func TestParseKeywords(t *testing.T) {
	got, err := parseKeywords(" region=EMEA, desk = Rates ,")
	if err != nil || len(got) != 2 || got[1] != (pod.RoomTag{Key: "desk", Value: "Rates"}) {
		t.Fatalf("parseKeywords = %+v, %v", got, err)
	}
	for _, bad := range []string{"region", "=x", "k="} {
		if _, err := parseKeywords(bad); err == nil {
			t.Errorf("%q should be refused", bad)
		}
	}
	if formatKeywords(got) != "region=EMEA, desk=Rates" {
		t.Fatalf("formatKeywords = %q", formatKeywords(got))
	}
}

func TestLooksLikeStreamID(t *testing.T) {
	for s, want := range map[string]bool{
		"HuzRGpfiy7DIwU8T875W89ILBHUdhOab": true,
		"iWyZBIOdQQzQj0tKOLRivX///qu6Tbx=": true,
		"EMEA Rates Desk 3":                false,
		"short":                            false,
	} {
		if got := looksLikeStreamID(s); got != want {
			t.Errorf("looksLikeStreamID(%q) = %v", s, got)
		}
	}
}

func TestBulkEntries(t *testing.T) {
	got := bulkEntries("a@x.com, b@y.com\n\"Carol King\" <c@z.com>; bob.smith 123\tA@X.COM\n\n")
	want := []string{"a@x.com", "b@y.com", "c@z.com", "bob.smith", "123"}
	if !slices.Equal(got, want) {
		t.Fatalf("bulkEntries = %q, want %q", got, want)
	}
}

// ":rooms QUERY" searches; ":room NAME" that is not one room shows the
// search for it; both leave the members view.
func TestRoomsCommands(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.openMembers(roomsFixture("r1", "Ops", true))
	if _, cmd := v.Update(ui.CommandMsg{Name: "rooms", Arg: "rates"}); cmd == nil || v.crit.Query != "rates" || v.members != nil {
		t.Fatalf(":rooms rates: query %q, members open %v", v.crit.Query, v.members != nil)
	}
	if _, cmd := v.Update(ui.CommandMsg{Name: "room", Arg: "EMEA Rates"}); cmd == nil {
		t.Fatal(":room NAME should look the room up")
	}
	v.Update(ui.Result[roomLookup]{View: ViewID, Value: roomLookup{Arg: "EMEA Rates"}})
	if v.crit != (roomCriteria{Query: "EMEA Rates"}) || v.members != nil {
		t.Fatalf("an ambiguous name should show its search, got %+v", v.crit)
	}
	v.Update(ui.Result[roomLookup]{View: ViewID, Value: roomLookup{Arg: "x", Room: roomsFixture("r9", "Nine", true), Found: true}})
	if v.members == nil || v.members.roomID != "r9" {
		t.Fatal("a found room should open its members")
	}
}
