package soak

import (
	"slices"
	"testing"
	"time"
)

// The schedule is the seed's: the same seed and length give the same
// events, another seed others; even 30 seconds meet every kind of fault.
func TestScheduleIsTheSeeds(t *testing.T) {
	a, b := schedule(1, 10*time.Minute), schedule(1, 10*time.Minute)
	if !slices.Equal(a, b) {
		t.Fatal("one seed, two schedules")
	}
	if slices.Equal(a, schedule(2, 10*time.Minute)) {
		t.Fatal("two seeds, one schedule")
	}
	count := map[eventKind]int{}
	for i, ev := range a {
		count[ev.kind]++
		if i > 0 && ev.at < a[i-1].at {
			t.Fatalf("out of order at %d: %v after %v", i, ev, a[i-1])
		}
		if ev.at >= 10*time.Minute {
			t.Fatalf("%v after the end", ev)
		}
		switch ev.kind {
		case rateLimitBurst:
			if ev.n < rateLimitMin || ev.n > rateLimitMax || ev.retryAfter < 1 || ev.retryAfter > 2 {
				t.Fatalf("%v", ev)
			}
		case presenceBurst:
			if ev.n < churnBurstMin || ev.n > churnBurstMax {
				t.Fatalf("%v", ev)
			}
		case outage:
			if ev.length < outageMin || ev.length > outageMax {
				t.Fatalf("%v", ev)
			}
		}
	}
	if count[rateLimitBurst] != 30 || count[expireSessions] != 20 || count[expireFeeds] != 10 || count[outage] != 10 || count[presenceBurst] < 40 {
		t.Fatalf("ten minutes: %v", count)
	}
	for seed := int64(1); seed <= 50; seed++ {
		count := map[eventKind]int{}
		for _, ev := range schedule(seed, 30*time.Second) {
			count[ev.kind]++
		}
		var expiry time.Duration = -time.Hour
		for _, ev := range schedule(seed, 10*time.Minute) {
			switch {
			case ev.kind == expireSessions:
				expiry = ev.at
			case ev.kind == outage && ev.at-expiry < loginWindow:
				t.Fatalf("seed %d: %v, %v after a session expiry, would cut its login", seed, ev, ev.at-expiry)
			}
		}
		if count[rateLimitBurst] == 0 || count[expireSessions] != 1 || count[expireFeeds] != 1 || count[outage] != 1 || count[presenceBurst] == 0 {
			t.Fatalf("seed %d, 30 s: %v", seed, count)
		}
	}
}
