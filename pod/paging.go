package pod

import (
	"context"
	"iter"
)

// The pod pages its lists four ways; each helper below walks one of them to
// the end (no hidden cap: stop early by breaking out of the range loop) and
// yields items one by one. A failed page yields (zero, err) once and stops.

// countedPage is one page of a skip/limit list that may report its total.
type countedPage[T any] struct {
	Items    []T
	Count    int64 // total matches, when HasCount
	HasCount bool
}

// pagedByCount walks a skip/limit list whose answers carry the total
// ("count"). The pod may cap limit below what was asked, so a short page ends
// the walk only when the total is unknown; with a total, it is walked until
// skip reaches it (or a page comes back empty).
func pagedByCount[T any](ctx context.Context, limit int, fetch func(ctx context.Context, skip, limit int) (countedPage[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for skip := 0; ; {
			page, err := fetch(ctx, skip, limit)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			skip += len(page.Items)
			switch {
			case len(page.Items) == 0:
				return
			case page.HasCount && int64(skip) >= page.Count:
				return
			case !page.HasCount && len(page.Items) < limit:
				return
			}
		}
	}
}

// pagedBySkip walks a skip/limit list that reports no total: a page shorter
// than limit (or empty) is the last.
func pagedBySkip[T any](ctx context.Context, limit int, fetch func(ctx context.Context, skip, limit int) ([]T, error)) iter.Seq2[T, error] {
	return pagedByCount(ctx, limit, func(ctx context.Context, skip, limit int) (countedPage[T], error) {
		items, err := fetch(ctx, skip, limit)
		return countedPage[T]{Items: items}, err
	})
}

// pagedByKey walks a keyset list sorted by key ascending: each request asks
// for the records after the last key seen. A pod that treats the key as
// inclusive repeats that record first; the duplicate is dropped. A page
// shorter than limit is the last.
func pagedByKey[T any, K comparable](ctx context.Context, limit int, key func(T) K, fetch func(ctx context.Context, after K, hasAfter bool, limit int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var last K
		hasLast := false
		for {
			items, err := fetch(ctx, last, hasLast, limit)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			fresh := items
			if hasLast && len(fresh) > 0 && key(fresh[0]) == last {
				fresh = fresh[1:]
			}
			for _, it := range fresh {
				if !yield(it, nil) {
					return
				}
			}
			if len(fresh) == 0 || len(items) < limit {
				return
			}
			last, hasLast = key(fresh[len(fresh)-1]), true
		}
	}
}

// pagedByCursor walks a cursor list: each answer names the cursor of the next
// page, and its absence ends the walk. Pages may be empty in between.
func pagedByCursor[T any](ctx context.Context, fetch func(ctx context.Context, after string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		after := ""
		for {
			items, next, err := fetch(ctx, after)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" || next == after { // a repeated cursor would loop forever
				return
			}
			after = next
		}
	}
}

// Collect gathers an iterator's items, stopping at the first error (the
// items gathered so far are returned with it).
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for it, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}
