package rooms

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// roomPageSize is the room search's maximum page ("must not exceed 100").
const roomPageSize = 100

// roomSearchDebounce is the pause in typing before the search goes out.
const roomSearchDebounce = 300 * time.Millisecond

// triState is a search flag that may be left out: any, yes or no.
type triState int

const (
	triAny triState = iota
	triYes
	triNo
)

func (t triState) next() triState { return (t + 1) % 3 }

func (t triState) String() string {
	switch t {
	case triYes:
		return "yes"
	case triNo:
		return "no"
	}
	return "any"
}

// ptr is the criteria field: nil for any.
func (t triState) ptr() *bool {
	if t == triAny {
		return nil
	}
	b := t == triYes
	return &b
}

// roomCriteria is what the operator searches rooms by. Member and Owner are
// a user id or an email, resolved to an id in the search command.
type roomCriteria struct {
	Query   string
	Active  triState
	Private triState
	Member  string
	Owner   string
}

func (c roomCriteria) empty() bool { return c == roomCriteria{} }

// summary is the one-line description of the criteria.
func (c roomCriteria) summary() string {
	var parts []string
	if c.Query != "" {
		parts = append(parts, strconv.Quote(c.Query))
	}
	if c.Active != triAny {
		parts = append(parts, "active:"+c.Active.String())
	}
	if c.Private != triAny {
		parts = append(parts, "private:"+c.Private.String())
	}
	if c.Member != "" {
		parts = append(parts, "member:"+c.Member)
	}
	if c.Owner != "" {
		parts = append(parts, "owner:"+c.Owner)
	}
	if len(parts) == 0 {
		return "all rooms"
	}
	return strings.Join(parts, " ")
}

// roomSearchDue fires when the operator paused typing; it runs the search
// of generation Gen if nothing newer was asked since.
type roomSearchDue struct {
	Gen  uint64
	Crit roomCriteria
}

func (roomSearchDue) OwnerView() string { return ViewID }

// roomSource is where the rows of the list come from.
type roomSource int

const (
	// sourceAdmin is the enterprise stream list: every room of the pod,
	// for an admin, when no text, member or owner narrows the list.
	sourceAdmin roomSource = iota
	// sourceVisible is the room search standing in for the admin list the
	// pod refused (403): only rooms the caller may see.
	sourceVisible
	// sourceSearch is the room search of a query, member or owner: it
	// finds discoverable rooms and the caller's own.
	sourceSearch
)

// adminListable: the admin list filters by state and privacy only.
func (c roomCriteria) adminListable() bool { return c.Query == "" && c.Member == "" && c.Owner == "" }

// roomPage is one page of the list: Skip 0 replaces the rows, later pages
// append. Members counts the members of rooms from the admin list, which
// describes rooms only in part (no keywords or flags).
type roomPage struct {
	Skip    int
	Source  roomSource
	Count   int64
	Rooms   []pod.Room
	Members map[string]int
}

// search starts a new generation for v.crit: debounced while typing
// (delay > 0), at once otherwise.
func (v *Tab) search(delay time.Duration) tea.Cmd {
	gen := v.gen.Next()
	v.loading, v.loadingMore, v.err = true, false, nil
	crit := v.crit
	if delay > 0 {
		return tea.Tick(delay, func(time.Time) tea.Msg { return roomSearchDue{Gen: gen, Crit: crit} })
	}
	return v.fetch(gen, crit, 0, sourceAdmin)
}

// fetch loads one page of crit from skip, from the admin list when crit
// allows and the pod lets us (src says which the first page used), else
// from the room search. Built from copied values only.
func (v *Tab) fetch(gen uint64, crit roomCriteria, skip int, src roomSource) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, gen, func() (roomPage, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		page := roomPage{Skip: skip, Source: sourceSearch}
		var err error
		if crit.adminListable() {
			page.Source = src
			if src == sourceAdmin {
				page, err = adminRoomPage(ctx, d.Pod, crit, skip)
				if pod.IsForbidden(err) {
					page.Source, err = sourceVisible, nil
				}
			}
		}
		if page.Source != sourceAdmin && err == nil {
			page, err = searchRoomPage(ctx, d.Pod, crit, skip, page.Source)
		}
		if err != nil {
			return roomPage{Skip: skip, Source: page.Source}, err
		}
		if d.Names != nil {
			ids := make([]int64, 0, len(page.Rooms))
			for _, r := range page.Rooms {
				ids = append(ids, r.RoomSystemInfo.CreatedByUserID)
			}
			_ = d.Names.Resolve(ctx, d.Pod, ids) // creators stay "#id" when the lookup fails
		}
		return page, nil
	})
}

// adminRoomPage is a page of the enterprise stream list's rooms. The room
// search hides non-discoverable rooms the caller is not in; this list does not.
func adminRoomPage(ctx context.Context, c *pod.Client, crit roomCriteria, skip int) (roomPage, error) {
	f := pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}
	switch crit.Active {
	case triYes:
		f.Status = "ACTIVE"
	case triNo:
		f.Status = "INACTIVE"
	}
	switch crit.Private {
	case triYes:
		f.Privacy = "PRIVATE"
	case triNo:
		f.Privacy = "PUBLIC"
	}
	list, err := c.AdminStreams(ctx, f, skip, roomPageSize)
	if err != nil {
		return roomPage{Skip: skip, Source: sourceAdmin}, err
	}
	page := roomPage{Skip: skip, Source: sourceAdmin, Count: list.Count, Members: map[string]int{}}
	for _, s := range list.Streams {
		a := s.Attributes
		page.Rooms = append(page.Rooms, pod.Room{
			RoomAttributes: pod.RoomAttributes{Name: a.RoomName, Description: a.RoomDescription, Public: s.IsPublic, CrossPod: s.CrossPod},
			RoomSystemInfo: pod.RoomSystemInfo{ID: s.ID, CreationDate: a.CreatedDate, CreatedByUserID: a.CreatedByUserID, Active: s.IsActive},
		})
		page.Members[s.ID] = a.MembersCount
	}
	return page, nil
}

// searchRoomPage is a page of the room search, non-discoverable rooms the
// caller belongs to included.
func searchRoomPage(ctx context.Context, c *pod.Client, crit roomCriteria, skip int, src roomSource) (roomPage, error) {
	sc, err := roomSearchCriteria(ctx, c, crit)
	if err != nil {
		return roomPage{Skip: skip, Source: src}, err
	}
	res, err := c.SearchRooms(ctx, sc, pod.RoomSearchOptions{Skip: skip, Limit: roomPageSize, IncludeNonDiscoverable: true})
	return roomPage{Skip: skip, Source: src, Count: res.Count, Rooms: res.Rooms}, err
}

// roomSearchCriteria turns the operator's criteria into the pod's,
// resolving member and owner emails to ids.
func roomSearchCriteria(ctx context.Context, c *pod.Client, crit roomCriteria) (pod.RoomSearchCriteria, error) {
	sc := pod.RoomSearchCriteria{Query: crit.Query, Active: crit.Active.ptr(), Private: crit.Private.ptr()}
	for _, f := range []struct {
		text string
		dst  **pod.UserRef
		what string
	}{{crit.Member, &sc.Member, "member"}, {crit.Owner, &sc.Owner, "owner"}} {
		if f.text == "" {
			continue
		}
		id, err := tab.ResolveUserRef(ctx, c, f.text)
		if err != nil {
			return sc, fmt.Errorf("%s %q: %w", f.what, f.text, err)
		}
		*f.dst = &pod.UserRef{ID: id}
	}
	return sc, nil
}

// pageLoaded applies a page of the current generation. A failed first
// page clears the rows, so that the criteria shown never label the rows of
// another search.
func (v *Tab) pageLoaded(msg ui.Result[roomPage]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) {
		return nil // an older query's answer
	}
	v.loading, v.loadingMore = false, false
	p := msg.Value
	if msg.Err != nil {
		v.err = msg.Err
		if p.Skip == 0 {
			v.source = p.Source
			clear(v.rooms)
			clear(v.listed)
			v.loaded, v.count = v.loaded[:0], 0
			v.setRows()
			v.table.SetEmpty("search failed")
		}
		return ui.Error(msg.Err)
	}
	v.err = nil
	if p.Skip == 0 {
		clear(v.rooms)
		clear(v.listed)
		v.loaded = v.loaded[:0]
		v.source = p.Source
	}
	for _, r := range p.Rooms {
		id := r.RoomSystemInfo.ID
		if _, dup := v.rooms[id]; !dup {
			v.loaded = append(v.loaded, id)
		}
		v.rooms[id] = r
		if n, ok := p.Members[id]; ok {
			v.listed[id] = n
		}
	}
	v.count = max(p.Count, int64(len(v.loaded)))
	v.setRows()
	if v.focusID != "" && v.table.SetCursor(v.focusID) {
		v.focusID = ""
		v.refreshDetail()
	}
	v.table.SetEmpty("no room matches " + v.listLabel())
	return nil
}

// listLabel says truthfully what the list holds.
func (v *Tab) listLabel() string {
	switch {
	case !v.crit.adminListable():
		return v.crit.summary() + " · discoverable or yours"
	case v.source == sourceVisible && v.crit.empty():
		return "rooms you can see"
	case v.source == sourceVisible:
		return v.crit.summary() + " · rooms you can see"
	}
	return v.crit.summary()
}

// maybeLoadMore asks for the next page when the cursor reached the last
// loaded row and the pod counted more. A sorted list is left as it is: its
// last row is not the last page's, and the count line says how many are
// loaded.
func (v *Tab) maybeLoadMore() tea.Cmd {
	if v.loading || v.loadingMore || int64(len(v.loaded)) >= v.count || len(v.loaded) == 0 {
		return nil
	}
	if col, _ := v.table.Sort(); col >= 0 || v.table.CursorID() != v.loaded[len(v.loaded)-1] {
		return nil
	}
	v.loadingMore = true
	return v.fetch(v.gen.Current(), v.crit, len(v.loaded), v.source)
}

// setRows rebuilds the table from the loaded rooms.
func (v *Tab) setRows() {
	rows := make([]ui.Row, 0, len(v.loaded))
	for _, id := range v.loaded {
		rows = append(rows, v.roomRow(v.rooms[id]))
	}
	v.table.SetRows(rows)
	v.detailFor = ""
	v.refreshDetail()
}

func (v *Tab) roomRow(r pod.Room) ui.Row {
	state, access := "active", "private"
	if !r.RoomSystemInfo.Active {
		state = "inactive"
	}
	if r.RoomAttributes.Public {
		access = "public"
	}
	creator := ""
	if id := r.RoomSystemInfo.CreatedByUserID; id != 0 {
		creator = v.userLabel(id)
	}
	return ui.Row{ID: r.RoomSystemInfo.ID, Cells: []string{
		r.RoomAttributes.Name, state, access, tab.Date(r.RoomSystemInfo.CreationDate), creator,
	}}
}

func (v *Tab) userLabel(id int64) string {
	if v.d.Names == nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	return v.d.Names.Label(id)
}

// roomLookup answers ":room ID|NAME": the room found, or the search it
// turned into.
type roomLookup struct {
	Arg   string
	Room  pod.Room
	Found bool
}

// lookupRoom opens the room with that id, or the one room whose name
// matches; otherwise the list shows the search for the name.
func (v *Tab) lookupRoom(arg string) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, 0, func() (roomLookup, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		if looksLikeStreamID(arg) {
			if r, err := d.Pod.RoomInfo(ctx, arg); err == nil {
				return roomLookup{Arg: arg, Room: r, Found: true}, nil
			}
		}
		res, err := d.Pod.SearchRooms(ctx, pod.RoomSearchCriteria{Query: arg}, pod.RoomSearchOptions{Limit: roomPageSize, IncludeNonDiscoverable: true})
		if err != nil {
			return roomLookup{Arg: arg}, err
		}
		for _, r := range res.Rooms {
			if strings.EqualFold(strings.TrimSpace(r.RoomAttributes.Name), arg) {
				return roomLookup{Arg: arg, Room: r, Found: true}, nil
			}
		}
		if len(res.Rooms) == 1 {
			return roomLookup{Arg: arg, Room: res.Rooms[0], Found: true}, nil
		}
		return roomLookup{Arg: arg}, nil
	})
}

func (v *Tab) roomLookedUp(msg ui.Result[roomLookup]) tea.Cmd {
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	if msg.Value.Found {
		return v.openMembers(msg.Value.Room)
	}
	v.closeMembers()
	v.crit = roomCriteria{Query: msg.Value.Arg}
	return tea.Batch(v.search(0), ui.Info("no single room named "+strconv.Quote(msg.Value.Arg)+": showing the search"))
}

// looksLikeStreamID: stream ids are base64 of 24 bytes, standard or URL-safe.
func looksLikeStreamID(s string) bool {
	if len(s) < 20 || len(s) > 48 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=-_", r)) {
			return false
		}
	}
	return true
}
