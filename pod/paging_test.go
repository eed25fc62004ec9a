package pod

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// cappedServer pages 1..total, never returning more than capAt per page.
func cappedServer(total, capAt int, withCount bool, calls *int) func(context.Context, int, int) (countedPage[int], error) {
	all := seq(total)
	return func(_ context.Context, skip, limit int) (countedPage[int], error) {
		*calls++
		n := min(limit, capAt)
		lo, hi := min(skip, total), min(skip+n, total)
		return countedPage[int]{Items: all[lo:hi], Count: int64(total), HasCount: withCount}, nil
	}
}

func TestPagedByCountSurvivesACappedLimit(t *testing.T) {
	calls := 0
	got, err := Collect(pagedByCount(context.Background(), 100, cappedServer(250, 30, true, &calls)))
	if err != nil || !slices.Equal(got, seq(250)) {
		t.Fatalf("got %d items, err %v", len(got), err)
	}
	if calls != 9 { // ceil(250/30): no extra request after the total is reached
		t.Fatalf("calls = %d, want 9", calls)
	}
}

func TestPagedByCountStopsAtTheTotal(t *testing.T) {
	calls := 0
	got, _ := Collect(pagedByCount(context.Background(), 100, cappedServer(200, 100, true, &calls)))
	if len(got) != 200 || calls != 2 {
		t.Fatalf("items %d calls %d, want 200 in 2", len(got), calls)
	}
}

func TestPagedByCountWithoutCountStopsOnShortPage(t *testing.T) {
	calls := 0
	got, _ := Collect(pagedByCount(context.Background(), 100, cappedServer(250, 100, false, &calls)))
	if len(got) != 250 || calls != 3 {
		t.Fatalf("items %d calls %d, want 250 in 3", len(got), calls)
	}
}

func TestPagedByCountStopsOnEmptyPageEvenIfCountLies(t *testing.T) {
	calls := 0
	fetch := func(_ context.Context, skip, limit int) (countedPage[int], error) {
		calls++
		if skip >= 10 {
			return countedPage[int]{Count: 1000, HasCount: true}, nil
		}
		return countedPage[int]{Items: seq(10), Count: 1000, HasCount: true}, nil
	}
	got, _ := Collect(pagedByCount(context.Background(), 10, fetch))
	if len(got) != 10 || calls != 2 {
		t.Fatalf("items %d calls %d", len(got), calls)
	}
}

func TestPagedBySkip(t *testing.T) {
	all := seq(2000)
	calls := 0
	fetch := func(_ context.Context, skip, limit int) ([]int, error) {
		calls++
		return all[min(skip, len(all)):min(skip+limit, len(all))], nil
	}
	got, _ := Collect(pagedBySkip(context.Background(), 1000, fetch))
	if len(got) != 2000 || calls != 3 { // two full pages, then the empty one that proves the end
		t.Fatalf("items %d calls %d", len(got), calls)
	}
}

func TestPagingStopsAtTheFirstErrorAndOnBreak(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	fetch := func(_ context.Context, skip, limit int) ([]int, error) {
		calls++
		if skip > 0 {
			return nil, boom
		}
		return seq(limit), nil
	}
	got, err := Collect(pagedBySkip(context.Background(), 5, fetch))
	if !errors.Is(err, boom) || len(got) != 5 {
		t.Fatalf("got %v err %v", got, err)
	}
	calls = 0
	for range pagedBySkip(context.Background(), 5, fetch) {
		break
	}
	if calls != 1 {
		t.Fatalf("breaking out fetched %d pages", calls)
	}
}

// keysetServer serves ids 1..total sorted, from lastUserId (inclusive or
// exclusive), at most limit per page.
func keysetServer(total int, inclusive bool, calls *[]string) func(context.Context, int, bool, int) ([]int, error) {
	all := seq(total)
	return func(_ context.Context, after int, hasAfter bool, limit int) ([]int, error) {
		*calls = append(*calls, fmt.Sprintf("after=%d,%v", after, hasAfter))
		i := 0
		if hasAfter {
			i, _ = slices.BinarySearch(all, after)
			if !inclusive && i < len(all) && all[i] == after {
				i++
			}
		}
		return all[i:min(i+limit, len(all))], nil
	}
}

func TestPagedByKey(t *testing.T) {
	for _, inclusive := range []bool{false, true} {
		var calls []string
		got, err := Collect(pagedByKey(context.Background(), 40, func(v int) int { return v }, keysetServer(100, inclusive, &calls)))
		if err != nil || !slices.Equal(got, seq(100)) {
			t.Fatalf("inclusive=%v: got %v err %v", inclusive, got, err)
		}
		if calls[0] != "after=0,false" || calls[1] != "after=40,true" {
			t.Fatalf("inclusive=%v: calls %v", inclusive, calls)
		}
		if len(calls) > 4 {
			t.Fatalf("inclusive=%v: %d calls", inclusive, len(calls))
		}
	}
}

func TestPagedByKeyEndsWhenOnlyTheDuplicateComesBack(t *testing.T) {
	var calls []string
	got, _ := Collect(pagedByKey(context.Background(), 5, func(v int) int { return v }, keysetServer(5, true, &calls)))
	if !slices.Equal(got, seq(5)) || len(calls) != 2 {
		t.Fatalf("got %v after calls %v", got, calls)
	}
}

func TestPagedByCursor(t *testing.T) {
	pages := map[string]struct {
		items []int
		next  string
	}{
		"":   {[]int{1, 2}, "c1"},
		"c1": {nil, "c2"}, // an empty page with a next cursor: keep going
		"c2": {[]int{3}, ""},
	}
	var seen []string
	got, err := Collect(pagedByCursor(context.Background(), func(_ context.Context, after string) ([]int, string, error) {
		seen = append(seen, after)
		p := pages[after]
		return p.items, p.next, nil
	}))
	if err != nil || !slices.Equal(got, []int{1, 2, 3}) || !slices.Equal(seen, []string{"", "c1", "c2"}) {
		t.Fatalf("got %v seen %v err %v", got, seen, err)
	}
	// A cursor that does not move ends the walk instead of looping.
	calls := 0
	_, _ = Collect(pagedByCursor(context.Background(), func(context.Context, string) ([]int, string, error) {
		calls++
		return []int{1}, "same", nil
	}))
	if calls != 2 {
		t.Fatalf("stuck cursor fetched %d pages", calls)
	}
}
