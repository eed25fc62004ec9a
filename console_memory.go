package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// The console holds a pod's whole directory in memory: 100,000 users,
// 20,000 rooms and a 5,000-member room are about 85 MB live. By default
// the collector lets the heap grow to twice what is live before it runs
// (GOGC alone at 50 still let the garbage of an export or a load take the
// process to 175 MB), so a soft memory limit keeps it near its live heap.
//
// A fixed limit close to the live heap is worse than none: with the live
// heap a few MB under it, every small allocation (a presence poll, the
// header's clock) starts a mark of the whole heap, and an idle console
// spends percents of a core in the collector. So the limit follows the
// live heap: after every collection it is set a quarter over what was
// live (memoryHeadroom), never under consoleMemoryLimit. An idle
// console's collections cost the time to mark the live heap once per
// headroom allocated; with the headroom in proportion to the live heap,
// that share of a core does not grow with what the console holds. A limit
// raised by a passing peak comes down at a collection made for it.
const (
	// consoleMemoryLimit is the floor of the soft limit: at 100,000 users
	// and 20,000 rooms it leaves tens of MB over the live heap and keeps
	// the resident set under 150 MB.
	consoleMemoryLimit = 135 << 20
	// memoryHeadroom is the share of the live heap the limit leaves over
	// it, once the live heap outgrows the floor.
	memoryHeadroom = 4 // a quarter
)

// memoryLimitFor is the soft limit for a live heap of live bytes, with
// other bytes of the runtime's own (its metadata, the stacks) counted by
// the limit too, and never under floor.
func memoryLimitFor(floor int64, live, other uint64) int64 {
	return max(floor, int64(live+live/memoryHeadroom+other))
}

// memoryClasses are the runtime's counts the limit is set from.
var memoryClasses = []string{
	"/gc/heap/live:bytes",                 // what the last collection found live
	"/memory/classes/total:bytes",         // everything the runtime mapped
	"/memory/classes/heap/released:bytes", // returned to the system: not counted
	"/memory/classes/heap/objects:bytes",  // live and dead objects
	"/memory/classes/heap/unused:bytes",   // free room in spans of objects
	"/memory/classes/heap/free:bytes",     // free spans not returned yet
}

// heapNow is the live heap and the memory the limit counts that is no
// part of the heap's objects or room for them.
func heapNow() (live, other uint64) {
	s := make([]metrics.Sample, len(memoryClasses))
	for i, name := range memoryClasses {
		s[i].Name = name
	}
	metrics.Read(s)
	v := make([]uint64, len(s))
	for i := range s {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0, 0
		}
		v[i] = s[i].Value.Uint64()
	}
	heap := v[2] + v[3] + v[4] + v[5]
	if v[1] > heap {
		other = v[1] - heap
	}
	return v[0], other
}

// memoryFollower sets the soft limit after every collection.
type memoryFollower struct {
	floor   int64
	stopped atomic.Bool
	set     func(limit int64) // debug.SetMemoryLimit, or a test's recorder
	last    int64
	// A limit raised by a peak (a big read, held only while it is made)
	// would hold the memory until the next collection, which an idle
	// console makes rarely: while over the floor, a collection is made
	// recheck after the last one, and recheck doubles each time that
	// collection finds the heap still big.
	recheck time.Duration
	timer   *time.Timer
	forced  atomic.Bool // the collection running was made for a recheck
	collect func()      // runtime.GC, or a test's
}

const (
	firstRecheck = 30 * time.Second
	lastRecheck  = 16 * time.Minute
)

// gcSentinel becomes unreachable at once: its finalizer runs after the
// collection that found it so, once per cycle, and arms the next one. It
// wakes nothing while nothing allocates (no collection runs then).
type gcSentinel struct {
	f *memoryFollower
	_ [16]byte // a zero-size or tiny object may never be finalized
}

func (f *memoryFollower) arm() {
	s := &gcSentinel{f: f}
	runtime.SetFinalizer(s, func(s *gcSentinel) { s.f.collected() })
}

func (f *memoryFollower) collected() {
	if f.stopped.Load() {
		return
	}
	live, other := heapNow()
	limit := memoryLimitFor(f.floor, live, other)
	// Small moves are not worth a change: each one recomputes the pacer.
	if d := limit - f.last; d > 1<<20 || d < -(1<<20) {
		f.set(limit)
		f.last = limit
	}
	forced := f.forced.Swap(false)
	switch {
	case limit <= f.floor:
		f.recheck = firstRecheck
		if f.timer != nil {
			f.timer.Stop()
		}
	default:
		if forced {
			f.recheck = min(2*f.recheck, lastRecheck)
		}
		if f.timer == nil {
			f.timer = time.AfterFunc(f.recheck, f.recollect)
		} else {
			f.timer.Reset(f.recheck)
		}
	}
	f.arm()
}

// recollect is the collection of a recheck.
func (f *memoryFollower) recollect() {
	if f.stopped.Load() {
		return
	}
	f.forced.Store(true)
	f.collect()
}

// followLiveHeap keeps the soft memory limit at memoryLimitFor of the live
// heap from now on, through set, starting at floor; stop ends it.
func followLiveHeap(floor int64, set func(limit int64)) (stop func()) {
	return startFollower(&memoryFollower{floor: floor, set: set, recheck: firstRecheck, collect: runtime.GC})
}

func startFollower(f *memoryFollower) (stop func()) {
	f.last = f.floor
	f.set(f.floor)
	f.arm()
	return func() { f.stopped.Store(true) }
}

// setConsoleMemoryLimit applies the console's policy unless GOMEMLIMIT
// decides instead.
func setConsoleMemoryLimit(gomemlimit string) {
	if gomemlimit != "" {
		return
	}
	followLiveHeap(consoleMemoryLimit, func(limit int64) { debug.SetMemoryLimit(limit) })
}
