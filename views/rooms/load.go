package rooms

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// The list holds every room of the pod: the enterprise stream list, which
// counts its rooms, loaded whole in the background with up to
// roomLoadWindow pages in flight; without the admin role the pod refuses
// it, and the room search stands in for it (every room the caller can
// see). The state and access criteria narrow it locally.

// roomLoadWindow is how many list or search pages are in flight at once.
const roomLoadWindow = 8

// reload loads the list again from its first page. The rows held stay
// until their page brings them again.
func (v *Tab) reload() tea.Cmd {
	gen := v.listGen.Next()
	v.pages = tab.NewPages[pod.Room](roomPageSize, roomLoadWindow)
	v.listDone, v.listErr = false, nil
	src, why := v.listSource()
	if why != "" {
		v.pages.Start()
		cmd := tab.PageFailed(v.pages, errNoRoomList(why), v.list, "no list of rooms is available to this session")
		v.listErr, v.listDone = v.pages.Err(), v.pages.Done()
		return cmd
	}
	return v.fetchList(gen, src, v.pages.Start())
}

// fetchList asks for list pages at skips, from src: the first page finds
// out whether the admin list is allowed. Built from copied values only.
func (v *Tab) fetchList(gen uint64, src roomSource, skips []int) tea.Cmd {
	d := v.d
	return tab.FetchPages(ViewID, gen, d, skips, func(ctx context.Context, skip int) (roomPage, error) {
		page, err := listPage(ctx, d.Pod, skip, src)
		if err == nil {
			nameCreators(ctx, d, page.Rooms)
		}
		return page, err
	})
}

// listPage is a page of the admin list, or of the room search of every
// room when the pod refuses the admin list (the page says which).
func listPage(ctx context.Context, c *pod.Client, skip int, src roomSource) (roomPage, error) {
	switch src {
	case sourceAdmin:
		page, err := adminRoomPage(ctx, c, skip)
		if !pod.IsForbidden(err) {
			return page, err
		}
	case sourceUser:
		page, err := userRoomPage(ctx, c, skip)
		if !pod.IsForbidden(err) {
			return page, err
		}
		// The user's own list is where their rooms come from: when the
		// search cannot stand in either, its refusal is the one to fix.
		found, serr := searchRoomPage(ctx, c, pod.RoomSearchCriteria{}, skip, sourceVisible)
		if serr != nil {
			return page, err
		}
		return found, nil
	}
	return searchRoomPage(ctx, c, pod.RoomSearchCriteria{}, skip, sourceVisible)
}

// adminRoomPage is a page of the enterprise stream list's rooms. The room
// search hides non-discoverable rooms the caller is not in; this list does not.
func adminRoomPage(ctx context.Context, c *pod.Client, skip int) (roomPage, error) {
	f := pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}
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

// listLoaded takes a list page of the current load into the list (with
// those that waited for it) and asks for the next ones.
func (v *Tab) listLoaded(msg ui.Result[roomPage]) tea.Cmd {
	if !v.listGen.IsCurrent(msg.Gen) || v.pages == nil {
		return nil // an older load's answer
	}
	p := msg.Value
	if msg.Err != nil {
		cmd := tab.PageFailed(v.pages, msg.Err, v.list, "loading the rooms failed")
		v.listErr, v.listDone = v.pages.Err(), v.pages.Done()
		return cmd
	}
	if p.Skip == 0 {
		v.source = p.Source
	}
	v.listTotal = max(int(p.Count), 0) // the user's streams list does not count
	ready, ask := v.pages.Arrived(p.Skip, p.Rooms, int(p.Count))
	v.addRooms(v.list, ready, p.Members)
	if v.listDone = v.pages.Done(); v.listDone {
		v.list.SetEmpty("no rooms")
		v.list.SetNoMatch("no room matches " + v.listLabel())
	}
	return v.fetchList(msg.Gen, v.source, ask)
}

// addRooms takes rooms into a table (a room held already is updated).
// members counts the members of rooms the admin list described.
func (v *Tab) addRooms(t *ui.Table, rooms []pod.Room, members map[string]int) {
	if len(rooms) == 0 {
		return
	}
	rows := make([]ui.Row, len(rooms))
	for i, r := range rooms {
		id := r.RoomSystemInfo.ID
		n, partial := members[id]
		old, had := v.rooms[id]
		_, wasPartial := v.listed[id]
		switch {
		case !partial:
			delete(v.listed, id) // a search describes rooms whole
		case had && !wasPartial:
			// Described whole before: keep what the admin list lacks.
			old.RoomAttributes.Name, old.RoomAttributes.Description = r.RoomAttributes.Name, r.RoomAttributes.Description
			old.RoomAttributes.Public, old.RoomAttributes.CrossPod = r.RoomAttributes.Public, r.RoomAttributes.CrossPod
			old.RoomSystemInfo.Active = r.RoomSystemInfo.Active
			r = old
		default:
			v.listed[id] = n
		}
		v.rooms[id] = r
		rows[i] = v.roomRow(v.rooms[id])
	}
	t.AppendRows(rows)
	v.focus()
	v.detailFor = ""
	v.refreshDetail()
}

// focus puts the cursor on a room just created once its row shows.
func (v *Tab) focus() {
	if v.focusID != "" && v.table.SetCursor(v.focusID) {
		v.focusID = ""
		v.detailFor = ""
		v.refreshDetail()
	}
}

// cell is a room's cell in column col: the tables keep no cells of their
// own (the rooms have them).
func (v *Tab) cell(id string, col int) string {
	r := v.rooms[id]
	switch col {
	case 0:
		return r.RoomAttributes.Name
	case 1:
		if !r.RoomSystemInfo.Active {
			return "inactive"
		}
		return "active"
	case 2:
		if v.sparse(id) {
			return "" // the user's streams list does not say
		}
		if r.RoomAttributes.Public {
			return "public"
		}
		return "private"
	case 3:
		return tab.Date(r.RoomSystemInfo.CreationDate)
	case 4:
		if id := r.RoomSystemInfo.CreatedByUserID; id != 0 {
			return v.userLabel(id)
		}
	}
	return ""
}

// roomRow is the table row of r: the filter also finds it by its id.
func (v *Tab) roomRow(r pod.Room) ui.Row {
	id := r.RoomSystemInfo.ID
	cells := make([]string, 5)
	for col := range cells {
		cells[col] = v.cell(id, col)
	}
	return ui.Row{ID: id, Find: id + " " + r.RoomAttributes.Description, Cells: cells}
}

// updateRoom stores r and re-renders its row wherever it shows.
func (v *Tab) updateRoom(r pod.Room) {
	id := r.RoomSystemInfo.ID
	v.rooms[id] = r
	delete(v.listed, id) // now fully described
	row := v.roomRow(r)
	v.list.UpdateRow(id, row.Cells)
	v.found.UpdateRow(id, row.Cells)
	v.detailFor = ""
	v.refreshDetail()
}

func (v *Tab) userLabel(id int64) string {
	if v.d.Names == nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	return v.d.Names.Label(id)
}
