package main

import (
	"runtime"
	"testing"
	"time"
)

func TestMemoryLimitLeavesHeadroomOverTheLiveHeap(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, other uint64
		want        int64
	}{
		{live: 10 * mb, other: 5 * mb, want: consoleMemoryLimit}, // a small pod: the floor
		{live: 90 * mb, other: 6 * mb, want: consoleMemoryLimit}, // 100,000 users: the floor still leaves a third
		{live: 120 * mb, other: 8 * mb, want: 158 * mb},          // a user's thousands of rooms open: a quarter over
		{live: 400 * mb, other: 8 * mb, want: 508 * mb},
	} {
		got := memoryLimitFor(consoleMemoryLimit, c.live, c.other)
		if got != c.want {
			t.Errorf("live %d MB, other %d MB: limit %d MB, want %d", c.live/mb, c.other/mb, got/mb, c.want/mb)
		}
		if uint64(got) < c.live+c.live/memoryHeadroom {
			t.Errorf("live %d MB: limit %d MB leaves less than a quarter", c.live/mb, got/mb)
		}
	}
}

// The limit follows the live heap after each collection, up and down,
// until stopped.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	const mb = 1 << 20
	limits := make(chan int64, 64)
	stop := followLiveHeap(mb, func(l int64) { limits <- l })
	defer stop()
	if l := <-limits; l != mb {
		t.Fatalf("first limit %d, want the floor", l)
	}
	// after collects until the follower sets a limit that ok accepts.
	after := func(what string, ok func(int64) bool) int64 {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			runtime.GC()
			select {
			case l := <-limits:
				if ok(l) {
					return l
				}
			case <-time.After(50 * time.Millisecond):
			}
		}
		t.Fatalf("no limit %s", what)
		return 0
	}
	held := make([]byte, 64*mb)
	for i := range held {
		held[i] = 1
	}
	up := after("over 64 MB live", func(l int64) bool { return l >= 80*mb })
	runtime.KeepAlive(held)
	held = nil
	down := after("after 64 MB were freed", func(l int64) bool { return l < 64*mb })
	if down >= up {
		t.Fatalf("the limit went from %d MB to %d MB as the heap shrank", up/mb, down/mb)
	}
	stop()
	runtime.GC()
	runtime.GC()
	select {
	case l := <-limits:
		// one finalizer may have been queued before stop
		select {
		case l2 := <-limits:
			t.Fatalf("limits set after stop: %d, %d", l, l2)
		case <-time.After(200 * time.Millisecond):
		}
	case <-time.After(200 * time.Millisecond):
	}
}

// A limit over the floor is checked again by a collection of its own (an
// idle console would hold a passing peak's memory until its next one);
// at the floor, nothing is scheduled.
func TestMemoryLimitOverTheFloorIsRechecked(t *testing.T) {
	for _, c := range []struct {
		floor int64
		want  bool
	}{{floor: 1 << 20, want: true}, {floor: 1 << 40, want: false}} {
		collects := make(chan struct{}, 64)
		stop := startFollower(&memoryFollower{floor: c.floor, set: func(int64) {}, recheck: 10 * time.Millisecond,
			collect: func() { collects <- struct{}{}; runtime.GC() }})
		runtime.GC()
		n := 0
		for deadline := time.After(3 * time.Second); n < 2; {
			select {
			case <-collects:
				n++
				continue
			case <-deadline:
			case <-time.After(300 * time.Millisecond):
				if !c.want {
					runtime.GC()
					continue
				}
			}
			break
		}
		stop()
		if got := n >= 2; got != c.want {
			t.Errorf("floor %d MB: %d collections made, want them: %v", c.floor>>20, n, c.want)
		}
	}
}
