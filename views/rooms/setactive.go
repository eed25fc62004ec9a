package rooms

import (
	"context"
	"fmt"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/ui"
	"symtui/views/tab"
)

// Deactivating or reactivating rooms is a bulk change like the others: a
// few rooms at a time (pod/bulk, with the shared 429 gate), its progress
// under the search bar, esc to stop it, and a summary of done, failed
// (by the pod's reason) and not attempted.

// setActiveDone is what a run did: the report, and the rooms as the pod
// describes them now (read back after each change).
type setActiveDone struct {
	Payload setActivePayload
	Report  bulk.Report
	Rooms   []pod.Room
	Unread  []string // rooms changed whose read-back failed: their rows flip as asked
}

func (p setActivePayload) verbs() (past, doing string) {
	if p.Active {
		return "reactivated", "reactivating"
	}
	return "deactivated", "deactivating"
}

// runSetActive starts the change as a job; it says at once what it does.
func (v *Tab) runSetActive(p setActivePayload) tea.Cmd {
	if v.job != nil {
		return v.job.Busy(v.c.Keys.Global.Back.Help().Key)
	}
	_, doing := p.verbs()
	d := v.d
	job, run := tab.StartJob(ViewID, d, doing, len(p.IDs), func(ctx context.Context, opts bulk.Options) (setActiveDone, error) {
		res := setActiveDone{Payload: p}
		var mu sync.Mutex
		res.Report = bulk.Run(ctx, len(p.IDs), opts, func(ctx context.Context, i int) error {
			id := p.IDs[i]
			if _, err := d.Pod.SetRoomActive(ctx, id, p.Active); err != nil {
				return err
			}
			// setActive answers with the v1 shape, which lacks the v3
			// attributes: read the room back, even when the run was
			// stopped meanwhile (no pacer), as the change was made.
			r, err := d.Pod.RoomInfo(pod.WithPacer(ctx, nil), id)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Unread = append(res.Unread, id)
			} else {
				res.Rooms = append(res.Rooms, r)
			}
			return nil
		})
		return res, nil
	})
	v.job = job
	return tea.Sequence(ui.Info(doing+" "+roomsWho(p.Names)+"…"), run)
}

// setActiveFinished shows the rooms as they are now and says what the
// change did; like every change's answer it applies whatever the list
// shows meanwhile.
func (v *Tab) setActiveFinished(msg ui.Result[setActiveDone]) tea.Cmd {
	v.job = nil
	if msg.Err != nil {
		return ui.Error(msg.Err)
	}
	res := msg.Value
	p, rep := res.Payload, res.Report
	for _, r := range res.Rooms {
		if _, ok := v.rooms[r.RoomSystemInfo.ID]; ok {
			v.updateRoom(r)
		}
	}
	for _, id := range res.Unread {
		if r, ok := v.rooms[id]; ok {
			r.RoomSystemInfo.Active = p.Active
			v.updateRoom(r)
		}
	}
	past, _ := p.verbs()
	v.table.Unmark(tab.Succeeded(rep, p.IDs)...) // marks the filter hid and rooms that failed stay
	if len(p.IDs) > 1 {
		s := tab.Summary{Past: past, One: "room", Many: "rooms"}
		return s.Say(rep, func(i int) string { return p.Names[i] })
	}
	name := ui.Sanitize(p.Names[0])
	switch {
	case len(rep.Done) == 1:
		return ui.Info(tab.Capitalize(past) + " room " + name)
	case len(rep.Failed) == 1:
		return ui.Error(fmt.Errorf("cannot %s room %s: %s", roomVerbBase(past), name, ui.Sanitize(tab.PodReason(rep.Failed[0].Err))))
	}
	return ui.Warn(fmt.Sprintf("stopped: room %s was not %s", name, past))
}
