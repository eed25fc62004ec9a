package emulator

import (
	"fmt"
	"math/rand/v2"
)

// Big rooms: Options.BigRooms rooms of BigRoomMembers people each, seeded
// after everything else from a generator of their own, so that a pod with
// them holds the same users, rooms, IMs and connections as one without.

// BigRoomMembers is the size of a big room (fewer when the pod has fewer
// enabled people).
const BigRoomMembers = 5000

// MaxBigRooms bounds Options.BigRooms: each holds 5,000 memberships.
const MaxBigRooms = 100

func (e *Emulator) seedBigRooms() {
	if e.opts.BigRooms == 0 {
		return
	}
	local, _ := e.seedPools()
	bot := e.st.byUsername[BotUsername]
	if len(local) == 0 || bot == nil {
		return
	}
	rng := rand.New(rand.NewPCG(uint64(e.opts.Seed), 0xb16b00b5))
	now := e.now().UnixMilli()
	pool := append([]int64(nil), local...)
	n := min(BigRoomMembers, len(pool))
	for i := range e.opts.BigRooms {
		created := now - int64(90-i%60)*day
		s := &stream{
			ID: e.newStreamID(true), Type: "ROOM", CreatedAt: created, Active: true,
			Name:         fmt.Sprintf("All Hands %d", i+1),
			Description:  fmt.Sprintf("Announcements to %d people.", n),
			Keywords:     []keyword{{"region", "Global"}, {"desk", "All Hands"}},
			Discoverable: true, MembersCanInvite: false, ViewHistory: true,
			Origin: "INTERNAL", CreatedBy: bot.ID, members: map[int64]*member{}, pastMembers: map[int64]*member{},
		}
		s.addMember(bot.ID, true, created)
		// The first n of a fresh shuffle: n distinct people.
		for k := range n {
			j := k + rng.IntN(len(pool)-k)
			pool[k], pool[j] = pool[j], pool[k]
			if pool[k] != bot.ID {
				s.addMember(pool[k], false, created+rng.Int64N(max(now-created, 1)))
			}
		}
		s.LastModified, s.LastMessageDate = now-day, now-rng.Int64N(day)
		e.addStream(s)
	}
}
