package rooms

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/redact"
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
		parts = append(parts, strconv.Quote(redact.Secrets(c.Query)))
	}
	if c.Active != triAny {
		parts = append(parts, "active:"+c.Active.String())
	}
	if c.Private != triAny {
		parts = append(parts, "private:"+c.Private.String())
	}
	if c.Member != "" {
		parts = append(parts, "member:"+redact.Secrets(c.Member))
	}
	if c.Owner != "" {
		parts = append(parts, "owner:"+redact.Secrets(c.Owner))
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
	// sourceUser is the user's own streams list, for a session on behalf
	// of a user (asuser.go): the rooms the user is in.
	sourceUser
)

// adminListable: the list answers criteria of state and privacy alone
// (locally); a query, a member or an owner needs the pod's search.
func (c roomCriteria) adminListable() bool { return c.Query == "" && c.Member == "" && c.Owner == "" }

// keeps reports whether r meets the state and privacy criteria.
func (c roomCriteria) keeps(r pod.Room) bool {
	if c.Active != triAny && r.RoomSystemInfo.Active != (c.Active == triYes) {
		return false
	}
	return c.Private == triAny || r.RoomAttributes.Public != (c.Private == triYes)
}

// roomPage is one page of the list or of a search. Members counts the
// members of rooms from the admin list, which describes rooms only in part
// (no keywords or flags); Crit is a search's criteria, resolved by its
// first page for the others.
type roomPage struct {
	Skip    int
	Source  roomSource
	Count   int64
	Rooms   []pod.Room
	Members map[string]int
	Crit    pod.RoomSearchCriteria
}

// search shows the rooms v.crit asks for: the list narrowed locally when
// state and privacy are all it asks (at once, no request), else the pod's
// search, debounced while typing (delay > 0), at once otherwise.
func (v *Tab) search(delay time.Duration) tea.Cmd {
	gen := v.gen.Next() // drops a search in flight
	v.err, v.searchPages = nil, nil
	crit := v.crit
	if v.listAnswers(crit) {
		v.loading = false
		v.showList()
		return nil
	}
	v.loading, v.count = true, 0
	v.found.SetRows(nil)
	v.found.SetEmpty("searching…")
	v.table = v.found
	v.layout()
	if delay > 0 {
		return tea.Tick(delay, func(time.Time) tea.Msg { return roomSearchDue{Gen: gen, Crit: crit} })
	}
	return v.fetchSearch(gen, crit, 0)
}

// showList shows the list, narrowed by the state and privacy criteria.
func (v *Tab) showList() {
	var keep func(string) bool
	if crit := v.crit; crit != (roomCriteria{}) {
		keep = func(id string) bool { return crit.keeps(v.rooms[id]) }
	}
	v.list.SetScope(keep)
	v.table = v.list
	v.found.SetRows(nil)
	v.layout()
	v.focus()
}

// fetchSearch starts the pod's search for crit: its first page, which
// says how many there are and resolves the member and owner.
func (v *Tab) fetchSearch(gen uint64, crit roomCriteria, skip int) tea.Cmd {
	v.searchPages = tab.NewPages[pod.Room](roomPageSize, roomLoadWindow)
	v.searchPages.Start()
	d := v.d
	return ui.Run(ViewID, gen, func() (roomPage, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		sc, err := roomSearchCriteria(ctx, d.Pod, crit)
		if err != nil {
			return roomPage{Skip: skip, Source: sourceSearch}, err
		}
		page, err := searchRoomPage(ctx, d.Pod, sc, skip, sourceSearch)
		page.Crit = sc
		if err == nil {
			nameCreators(ctx, d, page.Rooms)
		}
		return page, err
	})
}

// fetchSearchPages asks for more pages of the search, its criteria
// resolved.
func (v *Tab) fetchSearchPages(gen uint64, sc pod.RoomSearchCriteria, skips []int) tea.Cmd {
	d := v.d
	return tab.FetchPages(ViewID, gen, d, skips, func(ctx context.Context, skip int) (roomPage, error) {
		page, err := searchRoomPage(ctx, d.Pod, sc, skip, sourceSearch)
		page.Crit = sc
		if err == nil {
			nameCreators(ctx, d, page.Rooms)
		}
		return page, err
	})
}

// searchRoomPage is a page of the room search, non-discoverable rooms the
// caller belongs to included.
func searchRoomPage(ctx context.Context, c *pod.Client, sc pod.RoomSearchCriteria, skip int, src roomSource) (roomPage, error) {
	res, err := c.SearchRooms(ctx, sc, pod.RoomSearchOptions{Skip: skip, Limit: roomPageSize, IncludeNonDiscoverable: true})
	return roomPage{Skip: skip, Source: src, Count: res.Count, Rooms: res.Rooms}, err
}

// nameCreators resolves the names of the rooms' creators (they stay "#id"
// when the lookup fails).
func nameCreators(ctx context.Context, d tab.Deps, rooms []pod.Room) {
	if d.Names == nil || len(rooms) == 0 {
		return
	}
	ids := make([]int64, 0, len(rooms))
	for _, r := range rooms {
		ids = append(ids, r.RoomSystemInfo.CreatedByUserID)
	}
	_ = d.Names.Resolve(ctx, d.Pod, ids)
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

// searchLoaded takes a page of the current search into its table. A
// failed search empties it, so that the criteria shown never label the
// rows of another search.
func (v *Tab) searchLoaded(msg ui.Result[roomPage]) tea.Cmd {
	if !v.gen.IsCurrent(msg.Gen) || v.searchPages == nil || v.table != v.found {
		return nil // an older search's answer, or one the operator left
	}
	p := msg.Value
	if msg.Err != nil {
		if p.Skip == 0 {
			v.found.SetRows(nil)
		}
		cmd := tab.PageFailed(v.searchPages, msg.Err, v.found, "search failed")
		v.err, v.loading = v.searchPages.Err(), !v.searchPages.Done()
		return cmd
	}
	if p.Skip == 0 {
		v.searchFor = p.Crit
	}
	ready, ask := v.searchPages.Arrived(p.Skip, p.Rooms, int(p.Count))
	v.count = max(p.Count, int64(v.searchPages.Loaded()))
	v.addRooms(v.found, ready, nil)
	if v.searchPages.Done() {
		v.loading = false
		v.found.SetEmpty("no room matches " + v.listLabel())
	}
	return v.fetchSearchPages(msg.Gen, v.searchFor, ask)
}

// listLabel says truthfully what the list holds.
func (v *Tab) listLabel() string {
	switch {
	case !v.listAnswers(v.crit):
		return v.crit.summary() + " · discoverable or yours"
	case v.source == sourceUser && v.crit.empty():
		return "the user's rooms"
	case v.source == sourceUser:
		return v.crit.summary() + " · the user's rooms"
	case v.source == sourceVisible && v.crit.empty():
		return "rooms you can see"
	case v.source == sourceVisible:
		return v.crit.summary() + " · rooms you can see"
	}
	return v.crit.summary()
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
