package emulator

import "time"

// churnTick is how often the churn generator wakes; changes are batched per tick.
const churnTick = 50 * time.Millisecond

// churnCategories are what users switch between; OFFLINE appears twice so a
// good share of the pod is offline at any time.
var churnCategories = []string{
	"AVAILABLE", "AVAILABLE", "BUSY", "AWAY", "ON_THE_PHONE", "BE_RIGHT_BACK", "IN_A_MEETING",
	"DO_NOT_DISTURB", "OUT_OF_OFFICE", "OFF_WORK", "OFFLINE", "OFFLINE",
}

// initRoomState allocates the rooms/connections/presence maps. init calls
// it once, before seeding.
func (st *state) initRoomState() {
	st.streams = map[string]*stream{}
	st.imByMembers = map[string]string{}
	st.connections = map[pairKey]*connection{}
	st.feeds = map[string]*presenceFeed{}
	st.presenceAux = map[int64]*presenceAux{}
	st.interest = map[int64]map[int64]bool{}
}

// startBackground gives never-set users a first presence and starts the churn
// generator. Called by New after the state is seeded.
func (e *Emulator) startBackground() {
	e.locked(func() {
		e.fillMissingPresence()
		e.st.churnRate = e.opts.PresenceChurn
	})

	e.bg.Add(1)
	go e.churnLoop()
}

// fillMissingPresence gives each user without a presence a deterministic first one,
// set some time in the last eight hours; about one online user in ten is idle.
// Call with e.mu held.
func (e *Emulator) fillMissingPresence() {
	now := e.now().UnixMilli()
	for _, uid := range e.st.userOrder {
		u := e.st.users[uid]
		if u == nil || u.Presence.Category != "" {
			continue
		}
		cat := churnCategories[e.st.rng.IntN(len(churnCategories))]
		u.Presence = presence{Category: cat, Timestamp: now - e.st.rng.Int64N(8*3600*1000)}
		if cat != "OFFLINE" && e.st.rng.IntN(10) == 0 {
			e.aux(uid).Idle = true
		}
	}
}

func (e *Emulator) churnLoop() {
	defer e.bg.Done()
	t := time.NewTicker(churnTick)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-e.stop:
			return
		case now := <-t.C:
			// A tick late by seconds (a stopped process) is not made up for
			// all at once.
			elapsed := min(now.Sub(last).Seconds(), 1)
			last = now
			e.locked(func() {
				want := e.st.churnRate*elapsed + e.st.churnCarry
				n := int(want)
				e.st.churnCarry = want - float64(n)
				if e.st.churnRate <= 0 {
					n, e.st.churnCarry = 0, 0
				}
				e.churn(n)
			})
		}
	}
}

// SetChurn sets the live presence churn rate in changes per second (0 stops
// it), within 0 and MaxChurnRate.
func (e *Emulator) SetChurn(rate float64) {
	if rate != rate { // NaN
		rate = 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.churnRate = min(max(rate, 0), MaxChurnRate)
}

// Churn is the live presence churn rate in changes per second.
func (e *Emulator) Churn() float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.st.churnRate
}

// Burst makes n presence changes at once (at most MaxBurst), e.g. to put
// more than one feed read's worth of changes between two polls.
func (e *Emulator) Burst(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.churn(min(n, MaxBurst))
}

// churn makes n random presence changes among the pod's enabled users. A user
// coming online takes the category a soft set deferred. Call with e.mu held.
func (e *Emulator) churn(n int) {
	order := e.st.userOrder
	if len(order) == 0 {
		return
	}
	for i := 0; i < n; i++ {
		var u *user
		for try := 0; try < 8 && u == nil; try++ {
			c := e.st.users[order[e.st.rng.IntN(len(order))]]
			if c != nil && !c.External && c.Status != "DISABLED" {
				u = c
			}
		}
		if u == nil {
			continue
		}
		cur := presenceOf(u).Category
		cat := cur
		for cat == cur {
			cat = churnCategories[e.st.rng.IntN(len(churnCategories))]
		}
		a := e.st.presenceAux[u.ID]
		if cur == "OFFLINE" && a != nil && a.Deferred != "" {
			cat = a.Deferred
		}
		if cat != "OFFLINE" && e.st.rng.IntN(10) == 0 {
			e.aux(u.ID).Idle = !e.aux(u.ID).Idle
		}
		e.setPresence(u, cat, false)
	}
}
