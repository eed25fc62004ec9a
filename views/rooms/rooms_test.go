package rooms

import (
	"errors"
	"fmt"
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

// roomsPageMsg is a page of the admin list for the load v has in flight
// (one is started when none is).
func roomsPageMsg(v *Tab, skip int, count int64, rooms ...pod.Room) ui.Result[roomPage] {
	if v.pages == nil {
		v.reload() // the commands it returns would reach the pod: not run
	}
	return ui.Result[roomPage]{View: ViewID, Gen: v.listGen.Current(), Value: roomPage{Skip: skip, Source: sourceAdmin, Count: count, Rooms: rooms}}
}

// roomsDone is the count line of a list of n rooms loaded whole.
func roomsDone[N int | int64](n N) string { return " " + ui.Thousands(int(n)) + " rooms" }

// roomsHits is the count line of a search that found hits of total rooms.
func roomsHits[N int | int64](hits int, total N) string {
	return ui.Thousands(hits) + " of " + ui.Thousands(int(total)) + " rooms"
}

// leafCmds counts the commands cmd batches, without running them (a
// command that reaches the pod panics here: there is none).
func leafCmds(cmd tea.Cmd) (n int) {
	if cmd == nil {
		return 0
	}
	defer func() {
		if recover() != nil {
			n = 1
		}
	}()
	if cmds, ok := viewtest.AsCmds(cmd()); ok {
		for _, c := range cmds {
			n += leafCmds(c)
		}
		return n
	}
	return 1
}

// searchPageMsg is a page of the room search of generation gen.
func searchPageMsg(gen uint64, skip int, count int64, rooms ...pod.Room) ui.Result[roomPage] {
	return ui.Result[roomPage]{View: ViewID, Gen: gen, Value: roomPage{Skip: skip, Source: sourceSearch, Count: count, Rooms: rooms}}
}

func roomsKeyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// A page answering an older query, or an older load of the list, is
// dropped; the current one is shown.
func TestRoomsDropsStaleResults(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.Update(roomsPageMsg(v, 0, 1, roomsFixture("r1", "Old Room", true)))
	old := v.listGen.Current()
	v.reload()
	v.Update(ui.Result[roomPage]{View: ViewID, Gen: old, Value: roomPage{Source: sourceAdmin, Count: 1, Rooms: []pod.Room{roomsFixture("r0", "Gone", true)}}})
	if v.list.Has("r0") {
		t.Fatal("a page of an older load was applied")
	}

	v.Update(roomsKeyRunes("/"))
	v.Update(roomsKeyRunes("x")) // a query: a search, debounced
	first := v.gen.Current()
	v.Update(roomSearchDue{Gen: first, Crit: v.crit})
	v.Update(roomsKeyRunes("y")) // a newer query: a new generation
	if v.gen.IsCurrent(first) {
		t.Fatal("typing did not start a new generation")
	}
	v.Update(searchPageMsg(first, 0, 2, roomsFixture("r2", "Late", true), roomsFixture("r3", "Later", true)))
	if v.table.Len() != 0 {
		t.Fatalf("a stale page reached the search: %d rows", v.table.Len())
	}
	v.Update(roomSearchDue{Gen: v.gen.Current(), Crit: v.crit})
	v.Update(searchPageMsg(v.gen.Current(), 0, 1, roomsFixture("r4", "Fresh", true)))
	if v.table.CursorID() != "r4" || v.table != v.found {
		t.Fatalf("the current page was not applied: cursor on %q", v.table.CursorID())
	}
	if tl := v.Tally(); tl.Total != 1 || tl.Shown != 1 || !tl.Narrowed {
		t.Fatalf("tally %+v: the search's hits of the pod's rooms", tl)
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

// A failed load is shown with the retry key, and retrying loads again.
func TestRoomsLoadErrorOffersRetry(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(100, 20)
	v.reload()
	gen := v.listGen.Current()
	_, cmd := v.Update(ui.Result[roomPage]{View: ViewID, Gen: gen, Err: errors.New("the pod at x did not answer in time")})
	if cmd == nil {
		t.Fatal("a failure should reach the status line")
	}
	out := v.View()
	if !strings.Contains(out, "loading the rooms failed after 0: the pod at x did not answer in time") || !strings.Contains(out, "r retry") {
		t.Fatalf("the error and its retry key are not shown:\n%s", out)
	}
	if _, cmd := v.Update(roomsKeyRunes("r")); cmd == nil || v.listGen.IsCurrent(gen) {
		t.Fatal("r should load again")
	}
}

// The list loads every page by itself, the first alone, then the rest
// side by side (up to the window), nothing past the pod's count; pages
// that arrive early wait for those before them; sort covers them all.
func TestRoomsLoadsEveryPage(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(100, 30)
	page := func(skip, n int) []pod.Room {
		out := make([]pod.Room, n)
		for i := range out {
			id := fmt.Sprintf("room-%04d", skip+i)
			out[i] = roomsFixture(id, fmt.Sprintf("Room %04d", 1000-skip-i), true)
		}
		return out
	}
	_, cmd := v.Update(roomsPageMsg(v, 0, 250, page(0, roomPageSize)...))
	if asked := leafCmds(cmd); asked != 2 {
		t.Fatalf("after the first page %d pages asked, want the 2 left", asked)
	}
	v.Update(roomsKeyRunes("s")) // by name: the last page sorts first
	if !strings.Contains(v.View(), "100/250 rooms ↻") {
		t.Fatalf("count line while loading:\n%s", v.View())
	}
	v.Update(roomsPageMsg(v, 200, 250, page(200, 50)...))
	if v.list.Len() != 100 {
		t.Fatalf("a page ahead of its turn was shown: %d rows", v.list.Len())
	}
	v.Update(roomsPageMsg(v, 100, 250, page(100, roomPageSize)...))
	if v.list.Len() != 250 || !v.listDone {
		t.Fatalf("%d rows, done %v", v.list.Len(), v.listDone)
	}
	if first := v.list.ShownIDs()[0]; first != "room-0249" {
		t.Fatalf("sorted by name, the first row is %s", first)
	}
	if out := v.View(); !strings.Contains(out, roomsDone(250)) || strings.Contains(out, "↻") {
		t.Fatalf("count line:\n%s", out)
	}
}

// Read-only: every mutating binding of the tab is disabled, so help and
// hints leave them out and key.Matches never fires.
func TestRoomsReadOnlyDisablesMutations(t *testing.T) {
	v := New(viewtest.NewCommon(true), tab.Deps{})
	v.Update(roomsPageMsg(v, 0, 1, roomsFixture("a", "A", true)))
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

// State and access narrow the list at once, with no request: the list
// holds every room; the count says how many of them show.
func TestRoomsStateAndAccessNarrowTheListLocally(t *testing.T) {
	v := New(viewtest.NewCommon(false), tab.Deps{})
	v.SetSize(120, 30)
	open := roomsFixture("b", "Beta", true)
	open.RoomAttributes.Public = true
	v.Update(roomsPageMsg(v, 0, 3, roomsFixture("a", "Alpha", true), open, roomsFixture("c", "Gamma", false)))
	v.Update(roomsKeyRunes("/"))
	v.Update(tea.KeyMsg{Type: tea.KeyTab}) // active
	v.Update(roomsKeyRunes(" "))           // yes
	_, cmd := v.Update(roomsKeyRunes(" ")) // no
	if leafCmds(cmd) > 0 {
		t.Fatal("a state criterion asked the pod")
	}
	if got := v.table.ShownIDs(); !slices.Equal(got, []string{"c"}) || v.table != v.list {
		t.Fatalf("inactive rooms: %v", got)
	}
	v.Update(tea.KeyMsg{Type: tea.KeyTab}) // private
	v.Update(roomsKeyRunes(" "))           // yes
	v.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	v.Update(roomsKeyRunes(" ")) // active: any
	if got := v.table.ShownIDs(); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("private rooms: %v", got)
	}
	v.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !strings.Contains(v.View(), "2 of 3 rooms") {
		t.Fatalf("count line:\n%s", v.View())
	}
}

// The search line echoes each criterion; one shaped like a secret is
// withheld there, whichever field it was typed in.
func TestRoomCriteriaSummaryWithholdsSecrets(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	got := roomCriteria{Query: jwt, Member: jwt, Owner: jwt}.summary()
	if got != `"[redacted]" member:[redacted] owner:[redacted]` {
		t.Errorf("summary %q", got)
	}
}
