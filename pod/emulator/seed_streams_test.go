package emulator

import (
	"strings"
	"testing"
	"unicode"
)

// seededRoomsSummary describes what the default seed produced.
type seededRoomsSummary struct {
	rooms, ims, mims, private, inactive, hidden, readOnly, hostile, crossPod int
	botOwner, botMember, botAbsent, largest                                  int
	names                                                                    []string
}

func summarizeSeed(e *Emulator) seededRoomsSummary {
	e.mu.Lock()
	defer e.mu.Unlock()
	var s seededRoomsSummary
	bot := e.st.byUsername[BotUsername]
	for _, id := range e.st.streamOrder {
		st := e.st.streams[id]
		switch st.Type {
		case "IM":
			s.ims++
			continue
		case "MIM":
			s.mims++
			continue
		}
		s.rooms++
		s.names = append(s.names, st.Name)
		count := func(cond bool, n *int) {
			if cond {
				*n++
			}
		}
		count(!st.Public, &s.private)
		count(!st.Active, &s.inactive)
		count(!st.Discoverable, &s.hidden)
		count(st.ReadOnly, &s.readOnly)
		count(st.CrossPod, &s.crossPod)
		count(strings.IndexFunc(st.Name, func(r rune) bool { return unicode.IsControl(r) || r > unicode.MaxASCII }) >= 0, &s.hostile)
		s.largest = max(s.largest, len(st.members))
		if bot != nil {
			m := st.members[bot.ID]
			count(m != nil && m.Owner, &s.botOwner)
			count(m != nil && !m.Owner, &s.botMember)
			count(m == nil, &s.botAbsent)
		}
	}
	return s
}

func TestSeedStreamsIsRealisticAndDeterministic(t *testing.T) {
	a := newRoomsPod(t, Options{Seed: 11, Users: 2000, Rooms: 300})
	s := summarizeSeed(a.e)
	if s.rooms != 300 || s.ims == 0 || s.mims == 0 {
		t.Fatalf("seeded %d rooms, %d IMs, %d MIMs", s.rooms, s.ims, s.mims)
	}
	for name, n := range map[string]int{"private": s.private, "inactive": s.inactive, "non-discoverable": s.hidden,
		"read-only": s.readOnly, "hostile": s.hostile, "cross-pod": s.crossPod} {
		if n == 0 || n == s.rooms {
			t.Errorf("%d of %d rooms are %s", n, s.rooms, name)
		}
	}
	t.Logf("rooms %d (private %d, inactive %d, non-discoverable %d, read-only %d, hostile %d, cross-pod %d), IMs %d, MIMs %d, largest %d; bot owner %d, member %d, absent %d",
		s.rooms, s.private, s.inactive, s.hidden, s.readOnly, s.hostile, s.crossPod, s.ims, s.mims, s.largest, s.botOwner, s.botMember, s.botAbsent)
	if s.largest < 1400 {
		t.Errorf("largest room has %d members; paging tests need about 1500", s.largest)
	}
	if s.botOwner == 0 || s.botMember == 0 || s.botAbsent == 0 {
		t.Errorf("bot owner of %d, member of %d, absent from %d rooms", s.botOwner, s.botMember, s.botAbsent)
	}
	b := newRoomsPod(t, Options{Seed: 11, Users: 2000, Rooms: 300})
	if got := summarizeSeed(b.e); strings.Join(got.names, "|") != strings.Join(s.names, "|") {
		t.Fatal("the same seed produced different rooms")
	}
	a.e.mu.Lock()
	b.e.mu.Lock()
	same := strings.Join(a.e.st.streamOrder, ",") == strings.Join(b.e.st.streamOrder, ",")
	b.e.mu.Unlock()
	a.e.mu.Unlock()
	if !same {
		t.Fatal("the same seed produced different stream ids")
	}
}
