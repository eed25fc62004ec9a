package presence

import (
	"testing"
	"time"

	"symtui/pod"
)

func TestStoreRecordsOnlyRealChanges(t *testing.T) {
	now := time.Unix(1000, 0)
	s := newStore(10)
	s.replace(map[int64]pod.Presence{
		1: {UserID: 1, Category: pod.CategoryAvailable},
		2: {UserID: 2, Category: pod.CategoryBusy},
	}, false, now)
	if s.seq != 0 {
		t.Fatalf("the first load recorded %d changes; want none", s.seq)
	}
	n := s.apply([]pod.Presence{
		{UserID: 1, Category: pod.CategoryAvailable, Timestamp: 5000}, // same category: no change
		{UserID: 2, Category: pod.CategoryAway, Timestamp: 6000},
		{UserID: 3, Category: pod.CategoryOffline}, // newly active
	}, now)
	if n != 2 {
		t.Fatalf("apply reported %d changes; want 2", n)
	}
	got, complete := s.since(0)
	want := []Change{
		{Seq: 1, UserID: 2, From: pod.CategoryBusy, To: pod.CategoryAway, At: time.UnixMilli(6000)},
		{Seq: 2, UserID: 3, From: "", To: pod.CategoryOffline, At: now},
	}
	if !complete || len(got) != len(want) {
		t.Fatalf("since(0) = %+v complete=%v; want %+v", got, complete, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	if s.users[1].Timestamp != 5000 {
		t.Error("a record with the same category did not update the timestamp")
	}
	wantCounts := map[pod.Category]int{pod.CategoryAvailable: 1, pod.CategoryAway: 1, pod.CategoryOffline: 1}
	if c := s.countsCopy(); len(c) != len(wantCounts) || c[pod.CategoryAvailable] != 1 || c[pod.CategoryAway] != 1 || c[pod.CategoryOffline] != 1 {
		t.Errorf("counts = %v; want %v", c, wantCounts)
	}
}

func TestStoreRingKeepsTheNewest(t *testing.T) {
	s := newStore(3)
	cats := []pod.Category{pod.CategoryAvailable, pod.CategoryBusy}
	for i := range 7 {
		s.apply([]pod.Presence{{UserID: 1, Category: cats[i%2]}}, time.Time{})
	}
	if got := s.latest(10); len(got) != 3 || got[0].Seq != 7 || got[2].Seq != 5 {
		t.Fatalf("latest = %+v; want seqs 7, 6, 5", got)
	}
	if got, complete := s.since(5); !complete || len(got) != 2 || got[0].Seq != 6 || got[1].Seq != 7 {
		t.Errorf("since(5) = %+v, %v; want 6, 7 complete", got, complete)
	}
	if got, complete := s.since(1); complete || len(got) != 3 || got[0].Seq != 5 {
		t.Errorf("since(1) = %+v, %v; want 5..7 and incomplete", got, complete)
	}
	if got, complete := s.since(7); !complete || len(got) != 0 {
		t.Errorf("since(latest) = %+v, %v; want nothing, complete", got, complete)
	}
}

func TestStoreResyncRecordsDifferences(t *testing.T) {
	s := newStore(10)
	s.replace(map[int64]pod.Presence{1: {UserID: 1, Category: pod.CategoryAvailable}, 2: {UserID: 2, Category: pod.CategoryBusy}}, false, time.Time{})
	ids := s.replace(map[int64]pod.Presence{1: {UserID: 1, Category: pod.CategoryAvailable}, 2: {UserID: 2, Category: pod.CategoryAway}}, true, time.Time{})
	if len(ids) != 1 || ids[0] != 2 || s.seq != 1 || s.recent[0].UserID != 2 || s.recent[0].From != pod.CategoryBusy {
		t.Errorf("resync recorded changes of %v: %+v; want user 2 BUSY -> AWAY", ids, s.recent)
	}
}

// BenchmarkApplyFullRead applies one full feed read (500 records, every one
// a change) to a 20,000-user pod.
func BenchmarkApplyFullRead(b *testing.B) {
	const users = 20000
	all := make(map[int64]pod.Presence, users)
	for i := range int64(users) {
		all[i] = pod.Presence{UserID: i, Category: pod.CategoryAvailable}
	}
	s := newStore(DefaultRecentLimit)
	s.replace(all, false, time.Time{})
	reads := [2][]pod.Presence{}
	for k, cat := range []pod.Category{pod.CategoryBusy, pod.CategoryAvailable} {
		for i := range int64(pod.FeedReadMax) {
			reads[k] = append(reads[k], pod.Presence{UserID: i * 37 % users, Category: cat, Timestamp: 1})
		}
	}
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := s.apply(reads[i%2], now); n != pod.FeedReadMax {
			b.Fatalf("applied %d changes; want %d", n, pod.FeedReadMax)
		}
	}
}
