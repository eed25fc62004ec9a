package soak

import (
	"math"
	"slices"
	"sync"
	"time"
)

// latencies collects durations from many goroutines; a ten-minute run
// holds a few hundred thousand, which is little.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

// percentiles returns the given percentiles (0 to 100), nearest rank;
// zeros when nothing was recorded.
func (l *latencies) percentiles(ps ...float64) []time.Duration {
	l.mu.Lock()
	d := slices.Clone(l.d)
	l.mu.Unlock()
	slices.Sort(d)
	out := make([]time.Duration, len(ps))
	if len(d) == 0 {
		return out
	}
	for i, p := range ps {
		rank := int(math.Ceil(p/100*float64(len(d)))) - 1
		out[i] = d[min(max(rank, 0), len(d)-1)]
	}
	return out
}
