package membership

import (
	"context"
	"errors"

	"symtui/pod"
	"symtui/pod/bulk"
)

// UserRooms is what ReadUserRooms read, and what the reading cost.
type UserRooms struct {
	Rooms    []Room // rooms, IMs and MIMs, oldest first (the streams list's order)
	Requests int    // requests sent: streams list pages and membership lists
}

// userStreamTypes are the streams a user belongs to that offboarding
// shows (a user's wall, POST, is theirs alone).
var userStreamTypes = []pod.StreamType{{Type: pod.StreamRoom}, {Type: pod.StreamIM}, {Type: pod.StreamMIM}}

// ReadUserRooms reads the rooms, IMs and MIMs uid belongs to, inactive
// ones too: the admin user streams list, paged to the end (one request per
// 100 streams, and one more when the last page is full), then each room's
// members (the admin membership list: the streams list carries no role),
// opts.Workers at a time, backing off together on 429. A room whose
// members cannot be read is kept with its Err. So a user in R rooms and S
// streams costs ceil((S+1)/100) + R requests.
func ReadUserRooms(ctx context.Context, c *pod.Client, uid int64, opts bulk.Options) (UserRooms, error) {
	var out UserRooms
	f := pod.StreamFilter{StreamTypes: userStreamTypes, IncludeInactiveStreams: true}
	var roomAt []int // indexes of the rooms in out.Rooms
	const page = 100
	for skip := 0; ; skip += page {
		pctx, cancel := ctx, context.CancelFunc(func() {})
		if opts.Timeout > 0 {
			pctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		}
		streams, err := c.UserStreams(pctx, uid, f, skip, page)
		cancel()
		out.Requests++
		if err != nil {
			return out, err
		}
		for _, s := range streams {
			r := Room{ID: s.ID, Type: s.StreamType.Type, Active: s.Active}
			switch {
			case s.RoomAttributes != nil:
				r.Name = s.RoomAttributes.Name
			default:
				// An IM's list may leave the user out (it names the others):
				// the user is in it all the same.
				r.Members = []pod.MemberInfo{{ID: uid}}
				if s.StreamAttributes != nil {
					for _, id := range s.StreamAttributes.Members {
						if id != uid {
							r.Members = append(r.Members, pod.MemberInfo{ID: id})
						}
					}
				}
			}
			if r.Type == pod.StreamRoom {
				roomAt = append(roomAt, len(out.Rooms))
			}
			out.Rooms = append(out.Rooms, r)
		}
		if len(streams) < page {
			break
		}
	}
	opts.Progress = nil
	rep := bulk.Run(ctx, len(roomAt), opts, func(ctx context.Context, i int) error {
		r := &out.Rooms[roomAt[i]]
		ms, err := c.RoomMembersAdmin(ctx, r.ID, false)
		if err != nil {
			return err
		}
		r.Members = ms
		return nil
	})
	out.Requests += len(rep.Done) + len(rep.Failed)
	for _, f := range rep.Failed {
		out.Rooms[roomAt[f.Index]].Err = f.Err
	}
	if len(rep.NotAttempted) > 0 {
		return out, errors.Join(errStopped, ctx.Err())
	}
	return out, nil
}
