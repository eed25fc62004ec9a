package users

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/pod/membership"
	"symtui/ui"
	"symtui/views/tab"
)

// Offboarding (O on a user, or on their rooms): the user's rooms are read
// afresh, the plan previewed room by room (ownerPreview: a new owner can be
// picked where the user is the last one, the account disabled at the end),
// and once confirmed run as a job (esc stops it); the summary says what
// each room got and whether the pod now is as previewed.

// offboardState is the plan's inputs, carried by the preview, the picker
// and the confirm: copied values, never the model.
type offboardState struct {
	UID      int64
	Name     string // the user, raw
	Rooms    []membership.Room
	Requests int
	Actor    membership.Actor
	Opts     membership.OffboardOptions
	Owners   map[int64]string // the new owners picked: their names, raw
	Cursor   int              // the preview's row
	Hidden   string           // the marked rooms the filter hides, left out: the confirm's sentence
}

// offboardHidden is the marked rooms the filter hides: the confirm's
// sentence, and each room's reason in the preview.
type offboardHidden struct {
	Note  string
	Rooms map[string]string
}

// plan is the offboarding the state describes.
func (s *offboardState) plan() membership.Offboard {
	return membership.PlanOffboard(s.UID, s.Rooms, s.Actor, s.Opts)
}

// withOwner is s with who (0: nobody) as the new owner of room.
func (s offboardState) withOwner(room string, who int64, name string) offboardState {
	s.Opts.NewOwner = maps.Clone(s.Opts.NewOwner)
	s.Owners = maps.Clone(s.Owners)
	if who == 0 {
		delete(s.Opts.NewOwner, room)
	} else {
		s.Opts.NewOwner[room], s.Owners[who] = who, name
	}
	return s
}

// offboardRead is the fresh read an offboarding starts from.
type offboardRead struct{ State offboardState }

// startOffboard reads who the console is and the user's rooms, afresh;
// only limits the plan to those rooms (nil: every room).
func (v *Tab) startOffboard(uid int64, name string, only map[string]bool, hidden offboardHidden) tea.Cmd {
	if v.job != nil {
		return v.job.Busy(v.c.Keys.Global.Back.Help().Key)
	}
	if uid == v.selfID {
		return ui.Warn("the console does not offboard the account it signs in as")
	}
	d := v.d
	inFlight := ui.Info("reading the rooms of " + ui.Sanitize(name) + "…")
	return tea.Sequence(inFlight, ui.Run(ViewID, 0, func() (offboardRead, error) {
		ctx, cancel := d.RunContext()
		defer cancel()
		s := offboardState{UID: uid, Name: name, Owners: map[int64]string{}, Hidden: hidden.Note,
			Opts: membership.OffboardOptions{Only: only, Hidden: hidden.Rooms, NewOwner: map[string]int64{}, OnBehalf: d.Owners != nil}}
		self, err := d.SessionUser(ctx)
		if err != nil {
			return offboardRead{State: s}, err
		}
		s.Actor = membership.ActorOf(self, d.Pod.Access().OnBehalf())
		if !s.Actor.Admin {
			return offboardRead{State: s}, fmt.Errorf("offboarding needs an administrator: a user's rooms are listed by the admin streams list")
		}
		rs, err := membership.ReadUserRooms(ctx, d.Pod, uid, d.BulkOptions())
		s.Rooms, s.Requests = rs.Rooms, rs.Requests
		return offboardRead{State: s}, err
	}))
}

// offboardPick asks for the new owner of a room of the preview.
type offboardPick struct {
	State offboardState
	Room  string
}

// ownerPickerID tells the new-owner picker's queries from other pickers'.
const ownerPickerID = "users.new-owner"

// offboardMsg handles the messages of an offboarding; ok is false for
// the others.
func (v *Tab) offboardMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case ui.Result[offboardRead]:
		if msg.Err != nil {
			return ui.Error(fmt.Errorf("cannot offboard %s: %w", ui.Sanitize(msg.Value.State.Name), msg.Err)), true
		}
		// The read is over: its "reading the rooms of …" gives way.
		st := msg.Value.State
		n := len(st.Rooms)
		read := ui.Info(tab.Plural(n, "read the one room of ", "read the "+ui.Thousands(n)+" rooms of ") + ui.Sanitize(st.Name))
		return tea.Batch(read, ui.OpenModal(newOffboardPreview(v.c, st, v.width, v.height))), true
	case offboardPick:
		r := msg.State.roomByID(msg.Room)
		p := ui.NewPicker(v.c, ui.PickerOptions{
			ID:          ownerPickerID,
			Title:       "New owner of " + ui.Sanitize(r.Label()) + " (esc: none, the room keeps " + ui.Sanitize(msg.State.Name) + ")",
			Placeholder: "name or email",
			Payload:     msg,
		})
		return ui.OpenModal(p), true
	case ui.PickerQueryMsg:
		if msg.Picker != ownerPickerID {
			return nil, false
		}
		return v.ownerQuery(msg), true
	case ui.PickerResultMsg:
		p, ok := msg.Payload.(offboardPick)
		if !ok {
			return nil, false
		}
		s := p.State.withOwner(p.Room, 0, "")
		if msg.Picked {
			id, err := strconv.ParseInt(msg.Item.ID, 10, 64)
			if err == nil && id != s.UID {
				s = p.State.withOwner(p.Room, id, msg.Item.Label)
			}
		}
		return ui.OpenModal(newOffboardPreview(v.c, s, v.width, v.height)), true
	case ui.ConfirmResultMsg:
		s, ok := msg.Payload.(offboardState)
		if !ok {
			return nil, false
		}
		if !msg.Confirmed {
			return ui.Info("nothing changed"), true
		}
		return v.runOffboard(s), true
	case ui.Result[offboardDone]:
		return v.offboardDone(msg), true
	case ui.Result[userRoomsLoaded]:
		if v.rooms == nil {
			return nil, true
		}
		return v.rooms.loaded(msg), true
	}
	return nil, false
}

// ownerQuery searches this pod's users for the picker.
func (v *Tab) ownerQuery(q ui.PickerQueryMsg) tea.Cmd {
	d := v.d
	return func() tea.Msg {
		ctx, cancel := d.CallContext()
		defer cancel()
		res, err := d.Pod.SearchUsers(ctx, pod.UserSearchQuery{Query: q.Query}, true, 0, 20)
		if err != nil {
			return ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Err: err}
		}
		items := make([]ui.PickerItem, 0, len(res.Users))
		for _, u := range res.Users {
			items = append(items, ui.PickerItem{ID: strconv.FormatInt(u.ID, 10), Label: u.Name(), Detail: u.EmailAddress})
		}
		return ui.PickerItemsMsg{Picker: q.Picker, Tag: q.Tag, Items: items}
	}
}

func (s *offboardState) roomByID(id string) *membership.Room {
	for i := range s.Rooms {
		if s.Rooms[i].ID == id {
			return &s.Rooms[i]
		}
	}
	return &membership.Room{ID: id}
}

// offboardDone is what a run did, and what of the plan the pod does not
// hold when read again.
type offboardDone struct {
	State    offboardState
	Plan     membership.Offboard
	Results  []membership.Result
	Unmet    []membership.Unmet
	CheckErr error
	Stopped  bool
	Detail   *pod.UserDetail // the user's record after a disable
}

// runOffboard runs the confirmed plan, computed again from the same read
// (what the preview showed), as a job: progress counts the rooms.
func (v *Tab) runOffboard(s offboardState) tea.Cmd {
	if v.job != nil {
		return v.job.Busy(v.c.Keys.Global.Back.Help().Key)
	}
	plan := s.plan()
	n := 0
	for _, rp := range plan.Rooms {
		if len(rp.Changes) > 0 {
			n++
		}
	}
	if plan.Disable {
		n++
	}
	if n == 0 {
		return ui.Info("nothing to change")
	}
	d := v.d
	x := membership.Executor{Pod: d.Pod, Actor: s.Actor}
	if d.Owners != nil {
		x.Owners = d.Owners
	}
	job, run := tab.StartJob(ViewID, d, "offboarding", n, func(ctx context.Context, opts bulk.Options) (offboardDone, error) {
		res := offboardDone{State: s, Plan: plan}
		res.Results = x.RunOffboard(ctx, &plan, membership.RunOptions{Bulk: opts})
		res.Stopped = ctx.Err() != nil
		check, cancel := d.RunContext()
		defer cancel()
		res.Unmet, res.CheckErr = membership.CheckOffboard(check, d.Pod, &plan, d.BulkOptions())
		if plan.Disable {
			if det, err := d.Pod.UserDetail(check, s.UID); err == nil {
				res.Detail = &det
			}
		}
		return res, nil
	})
	v.job = job
	return tea.Sequence(ui.Info("offboarding "+ui.Sanitize(s.Name)+"…"), run)
}

// offboardDone says what the run did, reloads the rooms shown and the
// user's record.
func (v *Tab) offboardDone(msg ui.Result[offboardDone]) tea.Cmd {
	v.job = nil
	r := msg.Value
	if r.Detail != nil {
		v.updateRec(recFromDetail(*r.Detail))
	}
	var cmds []tea.Cmd
	if v.rooms != nil && v.rooms.uid == r.State.UID {
		v.rooms.table.Unmark(roomsDone(r.Results)...) // marks the filter hid and rooms that failed stay
		cmds = append(cmds, v.rooms.load())
	}
	cmds = append(cmds, v.refreshDetail(r.State.UID), offboardSummary(r))
	return tea.Batch(cmds...)
}

// roomsDone is the rooms every change of which the pod holds (done, or
// found already so).
func roomsDone(results []membership.Result) []string {
	ok := map[string]bool{}
	for _, r := range results {
		if r.RoomID == "" {
			continue // the disable
		}
		good := r.Outcome == membership.Done || r.Outcome == membership.Already
		if was, seen := ok[r.RoomID]; seen {
			good = good && was
		}
		ok[r.RoomID] = good
	}
	var ids []string
	for id, good := range ok {
		if good {
			ids = append(ids, id)
		}
	}
	return ids
}
