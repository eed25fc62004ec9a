package presence

import "time"

// backoff is the wait after the n-th consecutive failed cycle (n >= 1): the
// interval doubled per failure up to maxWait, with "equal jitter" — half
// fixed, so the wait never collapses towards zero and hammers a struggling
// pod, half uniform in [0, d/2], so consoles that failed together do not
// come back together.
func backoff(n int, interval, maxWait time.Duration, rnd func(int64) int64) time.Duration {
	if n < 1 {
		return interval
	}
	d := interval
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + time.Duration(rnd(int64(d-half)+1))
}
