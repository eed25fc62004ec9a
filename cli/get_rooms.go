package cli

import (
	"context"
	"fmt"

	"symtui/export"
	"symtui/pod"
)

var roomHeaders = export.RoomHeaders

// getRooms lists every room (admin streams list) or the matches of a search.
// The search includes the non-discoverable rooms the account is a member
// of, as the console's does: a private room the bot owns is found by name.
func getRooms(args []string, env Env) int {
	g := newGetCommand("rooms", env)
	query := g.fs.String("query", "", "search `text` (name, description, keywords); empty lists every room (admin), or with --as-user the user's rooms")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: roomHeaders}
		if *query == "" && g.onBehalf() {
			return usersRooms(ctx, c, l)
		}
		if *query == "" {
			filter := pod.AdminStreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}
			streams, err := pod.Collect(c.AllAdminStreams(ctx, filter))
			for _, s := range streams {
				a := s.Attributes
				l.add(s, s.ID, a.RoomName, yesNo(s.IsActive), yesNo(s.IsPublic), fmt.Sprint(a.MembersCount), millis(a.CreatedDate))
			}
			return l, err
		}
		rooms, err := pod.Collect(c.SearchAllRooms(ctx, pod.RoomSearchCriteria{Query: *query}, true))
		for _, r := range rooms {
			a, s := r.RoomAttributes, r.RoomSystemInfo
			l.add(r, s.ID, a.Name, yesNo(s.Active), yesNo(a.Public), "", millis(s.CreationDate))
		}
		return l, err
	})
}

// getRoom shows one room.
func getRoom(args []string, env Env) int {
	g := newGetCommand("room", env)
	return g.run(args, 1, 1, "one room ID", func(ctx context.Context, c *pod.Client, pos []string) (listing, error) {
		l := listing{headers: []string{"ID", "NAME", "DESCRIPTION", "ACTIVE", "PUBLIC", "CREATOR", "CREATED"}, single: true}
		r, err := c.RoomInfo(ctx, pos[0])
		if err == nil {
			a, s := r.RoomAttributes, r.RoomSystemInfo
			l.add(r, s.ID, a.Name, a.Description, yesNo(s.Active), yesNo(a.Public), id(s.CreatedByUserID), millis(s.CreationDate))
		}
		return l, err
	})
}

// member is one row of `get members`: the pod's membership entry with the
// user's name resolved.
type member struct {
	pod.MemberInfo
	DisplayName  string `json:"displayName,omitempty"`
	EmailAddress string `json:"emailAddress,omitempty"`
}

// getMembers lists a room's members with their names (looked up in batches
// of at most 100 ids).
func getMembers(args []string, env Env) int {
	g := newGetCommand("members", env)
	return g.run(args, 1, 1, "one ROOM id", func(ctx context.Context, c *pod.Client, pos []string) (listing, error) {
		l := listing{headers: export.MemberHeaders}
		infos, err := c.RoomMembers(ctx, pos[0])
		if err != nil {
			return l, err
		}
		ids := make([]int64, len(infos))
		for i, m := range infos {
			ids[i] = m.ID
		}
		found, err := c.UsersByID(ctx, ids, pod.LookupOptions{})
		if err != nil {
			return l, fmt.Errorf("resolve member names: %w", err)
		}
		byID := make(map[int64]pod.User, len(found.Users))
		for _, u := range found.Users {
			byID[u.ID] = u
		}
		for _, m := range infos {
			u := byID[m.ID]
			l.add(member{MemberInfo: m, DisplayName: u.DisplayName, EmailAddress: u.EmailAddress},
				id(m.ID), u.DisplayName, u.EmailAddress, yesNo(m.Owner), millis(m.JoinDate))
		}
		return l, nil
	})
}

// usersRooms lists the rooms of the user the session acts for, from the
// user's own streams list (the admin list is not available on behalf of a
// user); what the list does not carry is left empty.
func usersRooms(ctx context.Context, c *pod.Client, l listing) (listing, error) {
	streams, err := pod.Collect(c.AllStreams(ctx, pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}, IncludeInactiveStreams: true}))
	for _, s := range streams {
		name := ""
		if s.RoomAttributes != nil {
			name = s.RoomAttributes.Name
		}
		l.add(s, s.ID, name, yesNo(s.Active), "", "", "")
	}
	return l, err
}
