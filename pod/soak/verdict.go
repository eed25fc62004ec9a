package soak

import (
	"fmt"
	"slices"
	"strconv"

	"symtui/pod"
	"symtui/pod/emulator"
)

// The verdict compares what the client believes with the emulator's truth,
// taken with the faults off. Each function makes one or a few figures from
// plain values, so the counting is tested apart from a run.

// lostPresence compares the tracker's map with the emulator's presence.
// A user the tracker knows must hold the pod's category and timestamp. A
// user of this pod it does not know counts as lost unless offline: a user
// created while it ran shows up in its next full load, or in the feed
// once their presence changes, and until then offline is the truth.
// local says whether a user is one of the pod's own enabled users, the
// ones the presence list and the feed cover.
func lostPresence(truth map[int64]presenceRecord, got []pod.Presence, local func(int64) bool) (lost []string, compared, unseen int) {
	known := make(map[int64]bool, len(got))
	for _, p := range got {
		known[p.UserID] = true
		compared++
		want, ok := truth[p.UserID]
		switch {
		case !ok:
			lost = append(lost, fmt.Sprintf("user %d is unknown to the pod", p.UserID))
		case string(p.Category) != want.Category || p.Timestamp != want.Timestamp:
			lost = append(lost, fmt.Sprintf("user %d: %s at %d, the pod has %s at %d", p.UserID, p.Category, p.Timestamp, want.Category, want.Timestamp))
		}
	}
	ids := make([]int64, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if known[id] || !local(id) {
			continue
		}
		if want := truth[id]; want.Category != string(pod.CategoryOffline) {
			compared++
			lost = append(lost, fmt.Sprintf("user %d: unknown to the tracker, the pod has %s", id, want.Category))
			continue
		}
		unseen++
	}
	return lost, compared, unseen
}

// createFigures checks each create against the rooms and users that exist:
// none made twice, none the client called done that is not there (or is
// not the object it returned), none it called failed that is there.
// Outcomes the client reported unknown are counted, not bounded: saying
// so is the honest answer when the check cannot settle it.
func createFigures(intents []createIntent, rooms func(name string) []string, user func(username string) (int64, bool)) []Figure {
	var twins, doneAbsent, failedMade []string
	var unknownMade, unknownNot, done, failed int
	for _, ci := range intents {
		var ids []string
		if ci.room {
			ids = rooms(ci.name)
		} else if id, ok := user(ci.name); ok {
			ids = []string{strconv.FormatInt(id, 10)}
		}
		what := fmt.Sprintf("user %q", ci.name)
		if ci.room {
			what = fmt.Sprintf("room %q", ci.name)
		}
		if len(ids) > 1 {
			twins = append(twins, fmt.Sprintf("%s exists %d times", what, len(ids)))
		}
		switch ci.outcome {
		case created:
			done++
			if !slices.Contains(ids, ci.gotID) {
				doneAbsent = append(doneAbsent, fmt.Sprintf("%s: the client returned %q; the pod has %v", what, ci.gotID, ids))
			}
		case outcomeUnknown:
			if len(ids) > 0 {
				unknownMade++
			} else {
				unknownNot++
			}
		case createFailed:
			failed++
			if len(ids) > 0 {
				failedMade = append(failedMade, fmt.Sprintf("%s: %v", what, ci.err))
			}
		}
	}
	summary := fmt.Sprintf("of %d creates: %d done, %d outcome unknown, %d failed", len(intents), done, unknownMade+unknownNot, failed)
	return []Figure{
		atMost("duplicated creates", len(twins), 0, withExamples(summary, twins)),
		atMost("creates reported done, not made", len(doneAbsent), 0, examples(doneAbsent)),
		atMost("creates reported failed that happened", len(failedMade), 0, withExamples(fmt.Sprintf("of %d reported failed", failed), failedMade)),
		{Name: "creates reported outcome unknown", Value: fmt.Sprint(unknownMade + unknownNot),
			Detail: fmt.Sprintf("%d happened, %d did not (the client looked and could not tell; it said so)", unknownMade, unknownNot)},
	}
}

// membershipFigures compares each room's intended membership with the
// pod's: every pool user whose state is known must be as intended, the
// bot must still own the room, and nobody else may be in it. It also
// counts the changes the client called failed that the pod had made.
func membershipFigures(rooms []*roomIntent, pool []poolUser, bot int64, truth func(room string) ([]emulator.Membership, bool)) []Figure {
	var diffs, misreported []string
	var pairs, unsure, changes, failed, refused int
	inPool := map[int64]bool{}
	for _, u := range pool {
		inPool[u.id] = true
	}
	for _, r := range rooms {
		changes, failed, refused = changes+r.changes, failed+r.failed, refused+r.refused
		misreported = append(misreported, r.misreported...)
		ms, ok := truth(r.id)
		if !ok {
			diffs = append(diffs, fmt.Sprintf("room %s is gone", r.id))
			continue
		}
		have := map[int64]memberState{}
		for _, m := range ms {
			have[m.UserID] = member
			if m.Owner {
				have[m.UserID] = owner
			}
			if m.UserID != bot && !inPool[m.UserID] {
				diffs = append(diffs, fmt.Sprintf("room %s: user %d, whom nobody added, is a %v", r.id, m.UserID, have[m.UserID]))
			}
		}
		if have[bot] != owner {
			diffs = append(diffs, fmt.Sprintf("room %s: the bot is %v, not owner", r.id, have[bot]))
		}
		for _, u := range pool {
			want := r.state[u.id]
			if want == unknown {
				unsure++
				continue
			}
			pairs++
			if have[u.id] != want {
				diffs = append(diffs, fmt.Sprintf("room %s: user %d is %v, intended %v", r.id, u.id, have[u.id], want))
			}
		}
	}
	detail := fmt.Sprintf("%d room-user pairs in %d rooms after %d changes; %d pairs left unknown by %d failed changes (%d refused)",
		pairs, len(rooms), changes, unsure, failed, refused)
	return []Figure{
		atMost("membership changes missing", len(diffs), 0, withExamples(detail, diffs)),
		atMost("membership changes reported failed, made", len(misreported), 0,
			withExamples(fmt.Sprintf("of %d failed changes; a change the client said may have been made is not counted", failed), misreported)),
	}
}

// loginFigure counts the logins whose session reached the client: the
// auth routes' 200s less the answers the emulator lost after the handler
// ran (the client could not have them, so asked again). The first login
// opens the run; each session expiry may need one more, shared by every
// goroutine that met the 401.
func loginFigure(st emulator.Stats, expiries int) Figure {
	var answered, lost int
	for route := range st.Auth {
		answered += st.Routes[route].ByStatus["200"]
		lost += st.Routes[route].Lost
	}
	logins := answered - lost - 1
	f := Figure{Name: "logins per session expiry", Bound: "<= 1", Failed: logins > expiries}
	if expiries > 0 {
		f.Value = fmt.Sprintf("%.2f", float64(logins)/float64(expiries))
	} else {
		f.Value = fmt.Sprint(logins)
	}
	f.Detail = fmt.Sprintf("logins after the first: %d; session expiries: %d; login answers lost and asked again: %d", logins, expiries, lost)
	return f
}

func withExamples(detail string, lines []string) string {
	if ex := examples(lines); ex != "" {
		return detail + ": " + ex
	}
	return detail
}
