package tab

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// walk runs a Pages over a list of n items whose pod answers in a random
// order, counting the list or not, and returns what came back, in order,
// how many pages were asked and the most in flight at once.
func walk(t *testing.T, n, size, window int, counted bool, seed uint64) (got []int, asked, peak int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	p := NewPages[int](size, window)
	pending := p.Start()
	asked = len(pending)
	for len(pending) > 0 {
		peak = max(peak, len(pending))
		k := rng.IntN(len(pending))
		skip := pending[k]
		pending = slices.Delete(pending, k, k+1)
		var items []int
		for i := skip; i < min(skip+size, n); i++ {
			items = append(items, i)
		}
		total := -1
		if counted {
			total = n
		}
		ready, ask := p.Arrived(skip, items, total)
		got = append(got, ready...)
		pending = append(pending, ask...)
		asked += len(ask)
		if p.Done() != (len(pending) == 0) {
			t.Fatalf("n=%d: Done %v with %d pages in flight", n, p.Done(), len(pending))
		}
	}
	return got, asked, peak
}

// Every item comes back once, in the pod's order, whatever order the pages
// arrive in; the first page is asked alone; no more than window pages are
// in flight; with a count nothing is asked past the end, without one at
// most window-1 pages are.
func TestPagesWalkWholeListInOrder(t *testing.T) {
	const size, window = 10, 4
	for _, n := range []int{0, 1, 9, 10, 11, 39, 40, 41, 95, 100, 1000} {
		for _, counted := range []bool{true, false} {
			for seed := uint64(0); seed < 20; seed++ {
				got, asked, peak := walk(t, n, size, window, counted, seed)
				want := make([]int, n)
				for i := range want {
					want[i] = i
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d counted=%v seed=%d: got %v", n, counted, seed, got)
				}
				if peak > window {
					t.Fatalf("n=%d: %d pages in flight, window %d", n, peak, window)
				}
				least := n/size + 1 // a full last page needs an empty one after it
				if counted {
					least = max((n+size-1)/size, 1)
				}
				most := least
				if !counted {
					most = least + window - 1
				}
				if asked < least || asked > most {
					t.Fatalf("n=%d counted=%v: %d pages asked, want %d to %d", n, counted, asked, least, most)
				}
			}
		}
	}
}

// After a failed page nothing more is asked; only the first failure is
// worth saying; the walk ends when the pages in flight are in, with the
// items before the failed page.
func TestPagesStopAfterAFailure(t *testing.T) {
	p := NewPages[int](10, 3)
	p.Start()
	_, ask := p.Arrived(0, make([]int, 10), -1)
	if !slices.Equal(ask, []int{10, 20, 30}) {
		t.Fatalf("after the first page: asked %v", ask)
	}
	refused := errors.New("refused")
	if !p.Failed(refused) { // page 10
		t.Fatal("the first failure should be said")
	}
	if _, ask := p.Arrived(30, make([]int, 10), -1); ask != nil || p.Done() {
		t.Fatalf("after a failure: asked %v, done %v", ask, p.Done())
	}
	if p.Failed(errors.New("again")) { // page 20
		t.Fatal("a second failure should not be said again")
	}
	if !p.Done() || p.Loaded() != 10 || p.Err() != refused {
		t.Fatalf("done %v, loaded %d, err %v", p.Done(), p.Loaded(), p.Err())
	}
}
