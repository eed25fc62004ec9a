package emulator

import (
	"fmt"
	"strings"
)

// Seeding of rooms, IMs and connections. Everything is drawn from e.st.rng,
// so one seed gives one pod. Called by init() after the users are seeded.

var (
	roomTopics = []string{"EMEA Rates", "US Credit", "APAC Equities", "FX Options", "Commodities", "Muni Bonds",
		"Structured Products", "Prime Brokerage", "Repo Desk", "ETF Market Making", "Emerging Markets", "G10 FX",
		"Inflation Swaps", "Convertibles", "Securities Lending", "Treasury Ops", "Client Onboarding", "KYC Review",
		"Trade Support", "Risk Analytics", "Algo Execution", "Research Desk", "Compliance Alerts", "Settlements"}
	roomKinds = []string{"Desk", "Chat", "Flow", "Axes", "Incidents", "Coverage", "Daily", "Escalations",
		"Announcements", "Sales", "Ops", "War Room", "Pricing", "Watercooler"}
	roomPurposes = []string{"Coordination for", "Daily axes and colour on", "Incident handling for",
		"Client coverage of", "Announcements about", "Pricing requests for", "Questions and answers on"}
	regions = []string{"EMEA", "AMER", "APAC", "LATAM", "Global"}
	// hostileRoomNames exercise a console's sanitizer: escapes, bidi, zero-width, newlines, very long names.
	hostileRoomNames = []string{
		"\x1b[31mRED ALERT\x1b[0m Desk", "Invoice \u202Efdp.exe", "Zero\u200bWidth\u200dRoom",
		"Line one\nLine two\tTabbed", "\x07Bell\x08Backspace Room", strings.Repeat("Very long room name ", 12),
		"Ｆｕｌｌｗｉｄｔｈ 債券デスク", "Emoji 🚀📈 Desk", "\u009b2JC1 control room", "<script>alert(1)</script>",
	}
)

// seedStreams creates Options.Rooms rooms and about a third as many IMs/MIMs
// among the seeded users, in creation order over the last two years.
func (e *Emulator) seedStreams() {
	st := e.st
	local, external := e.seedPools()
	if len(local) < 2 {
		return
	}
	bot := st.byUsername[BotUsername]
	now := e.now().UnixMilli()
	const span = 730 * day
	rooms := e.opts.Rooms
	total := rooms + rooms/3
	step := span / int64(total+1)
	made := 0
	for i := 0; i < total; i++ {
		created := now - span + int64(i)*step + st.rng.Int64N(step/2+1)
		if i%4 == 3 {
			e.seedIM(i, created, now, bot, local, external)
			continue
		}
		if made < rooms {
			e.seedRoom(made, created, now, bot, local, external)
			made++
		}
	}
}

// seedPools splits the enabled users into the pod's own and external ones.
func (e *Emulator) seedPools() (local, external []int64) {
	for _, uid := range e.st.userOrder {
		u := e.st.users[uid]
		if u == nil || u.Status == "DISABLED" || u.AccountType == "SYSTEM" && u.Username != BotUsername {
			continue
		}
		if u.Username == BotUsername {
			continue // placed deliberately below
		}
		if u.External {
			external = append(external, uid)
		} else {
			local = append(local, uid)
		}
	}
	return local, external
}

// sample draws n distinct ids from pool (n must be well below len(pool) for
// this rejection sampling to stay fast, which the callers ensure).
func (e *Emulator) sample(pool []int64, n int, skip map[int64]bool) []int64 {
	n = min(n, len(pool)*9/10)
	out := make([]int64, 0, n)
	seen := map[int64]bool{}
	for len(out) < n {
		id := pool[e.st.rng.IntN(len(pool))]
		if seen[id] || skip[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

func (e *Emulator) chance(percent int) bool { return e.st.rng.IntN(100) < percent }

func (e *Emulator) seedRoom(i int, created, now int64, bot *user, local, external []int64) {
	rng := e.st.rng
	topic, kind := roomTopics[rng.IntN(len(roomTopics))], roomKinds[rng.IntN(len(roomKinds))]
	region := regions[rng.IntN(len(regions))]
	s := &stream{
		ID: e.newStreamID(true), Type: "ROOM", CreatedAt: created, Active: true,
		Name:        fmt.Sprintf("%s %s %d", topic, kind, i+1),
		Description: fmt.Sprintf("%s %s (%s).", roomPurposes[rng.IntN(len(roomPurposes))], strings.ToLower(topic), region),
		Keywords:    []keyword{{"region", region}, {"desk", topic}},
		Public:      e.chance(30), Discoverable: !e.chance(15), ReadOnly: e.chance(7),
		MembersCanInvite: e.chance(70), CopyProtected: e.chance(5), ViewHistory: e.chance(50),
		Origin: "INTERNAL", members: map[int64]*member{}, pastMembers: map[int64]*member{},
	}
	if e.chance(8) {
		s.Active = false
	}
	if rng.IntN(100) == 0 || i == 7 {
		s.Name = hostileRoomNames[rng.IntN(len(hostileRoomNames))]
		s.Description = hostileRoomNames[rng.IntN(len(hostileRoomNames))]
	}
	// sizes: mostly small, some large, one very large room for paging
	size := 2 + rng.IntN(20)
	switch {
	case i == 0:
		size = 1500
	case e.chance(15):
		size = 30 + rng.IntN(300)
	}
	members := e.sample(local, size, nil)
	s.CreatedBy = members[0]
	joinSpan := max(now-created, 1)
	for k, uid := range members {
		join := created
		if k > 0 {
			join += rng.Int64N(joinSpan)
		}
		s.addMember(uid, k == 0 || (k < 3 && e.chance(30)), join)
		s.LastModified = max(s.LastModified, join)
	}
	if len(external) > 0 && e.chance(12) {
		for _, uid := range e.sample(external, 1+rng.IntN(4), nil) {
			s.addMember(uid, false, created+rng.Int64N(joinSpan))
		}
		s.CrossPod, s.MultiLateralRoom = true, e.chance(50)
	}
	// the bot: owner of some rooms (the big one included), member of others, absent from the rest
	if bot != nil {
		switch r := rng.IntN(10); {
		case i == 0 || i == 1 || r < 2:
			s.addMember(bot.ID, true, created+rng.Int64N(joinSpan))
		case i == 2 || r < 5:
			s.addMember(bot.ID, false, created+rng.Int64N(joinSpan))
		}
		if i == 2 {
			s.MembersCanInvite = false
		}
		if i == 1 || i == 2 {
			s.Active, s.Discoverable = true, true
		}
	}
	// a few people left some rooms
	if len(s.memberOrder) > 4 && e.chance(20) {
		last := s.memberOrder[len(s.memberOrder)-1]
		if !s.members[last].Owner {
			s.removeMember(last, s.members[last].JoinDate+rng.Int64N(max(now-s.members[last].JoinDate, 1)))
		}
	}
	if s.Active {
		s.LastMessageDate = created + rng.Int64N(joinSpan)
	}
	s.LastModified = max(s.LastModified, created)
	e.addStream(s)
}

func (e *Emulator) seedIM(i int, created, now int64, bot *user, local, external []int64) {
	rng := e.st.rng
	var participants []int64
	switch {
	case bot != nil && i%3 == 0:
		participants = []int64{bot.ID}
		pool := local
		if len(external) > 0 && e.chance(40) {
			pool = external
		}
		participants = append(participants, e.sample(pool, 1, map[int64]bool{bot.ID: true})...)
	default:
		n := 2 // mostly 1:1 IMs, a quarter MIMs of up to five
		if e.chance(25) {
			n = 3 + rng.IntN(3)
		}
		participants = e.sample(local, n, nil)
	}
	if len(participants) < 2 {
		return
	}
	if _, dup := e.st.imByMembers[imKey(participants)]; dup {
		return
	}
	s := &stream{ID: e.newStreamID(true), Type: "IM", Active: true, CreatedBy: participants[0],
		CreatedAt: created, LastModified: created, Origin: "INTERNAL", members: map[int64]*member{}}
	if len(participants) > 2 {
		s.Type = "MIM"
	}
	for _, uid := range participants {
		s.addMember(uid, false, created)
		if u := e.st.users[uid]; u != nil && u.External {
			s.CrossPod = true
		}
	}
	s.LastMessageDate = created + rng.Int64N(max(now-created, 1))
	e.addStream(s)
}

// seedConnections connects the bot with external users in every state and
// sprinkles connections between other local and external users.
func (e *Emulator) seedConnections() {
	st := e.st
	local, external := e.seedPools()
	if len(external) == 0 {
		return
	}
	now := e.now().UnixMilli()
	states := []string{"PENDING_INCOMING", "PENDING_OUTGOING", "ACCEPTED", "REJECTED"}
	put := func(me, other int64, status string) {
		key := newPairKey(me, other)
		if st.connections[key] != nil {
			return
		}
		first := now - st.rng.Int64N(365*day) - day
		c := &connection{Requester: me, Target: other, Status: status, FirstRequestedAt: first,
			UpdatedAt: first + st.rng.Int64N(now-first), RequestCounter: 1 + st.rng.IntN(3)}
		switch status {
		case "PENDING_INCOMING":
			c.Requester, c.Target, c.Status = other, me, "PENDING"
		case "PENDING_OUTGOING":
			c.Status = "PENDING"
		case "REJECTED":
			c.Requester, c.Target = other, me // the bot rejected their invitation
		}
		if c.RequestCounter == 1 && status == "PENDING_INCOMING" {
			c.UpdatedAt = c.FirstRequestedAt
		}
		st.connections[key] = c
	}
	if bot := st.byUsername[BotUsername]; bot != nil {
		n := min(len(external), 48)
		for k, other := range e.sample(external, n, nil) {
			put(bot.ID, other, states[k%len(states)])
		}
	}
	if len(local) == 0 {
		return
	}
	for k := 0; k < min(len(local), 200); k++ {
		me := local[st.rng.IntN(len(local))]
		other := external[st.rng.IntN(len(external))]
		put(me, other, states[st.rng.IntN(len(states))])
	}
}
