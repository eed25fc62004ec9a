package tab

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// Pages walks a skip/limit list to its end with up to window pages in
// flight, and hands the items back in the pod's order. It only decides:
// the tab asks for the pages it names (one command each) and gives back
// what arrives; it does no I/O and is used from Update.
//
// The first page is asked alone, so that it paints first and, when the
// pod counts the list, its total bounds the rest. Without a total the end
// is the first page shorter than the page size; pages asked beyond it
// (at most window-1) come back empty.
type Pages[T any] struct {
	size, window int

	next     int         // skip of the next page to ask for
	inflight int         // pages asked and not arrived
	end      int         // skip where the list ends; -1 while unknown
	total    int         // the pod's count; -1 when it gave none
	held     map[int][]T // pages that arrived before the ones ahead of them
	loaded   int         // items handed back, in order
	err      error       // the first failure; nothing more is asked after it
}

// NewPages walks a list of pages of size items with up to window in flight.
func NewPages[T any](size, window int) *Pages[T] {
	return &Pages[T]{size: max(size, 1), window: max(window, 1), end: -1, total: -1, held: map[int][]T{}}
}

// Start names the first page to ask for.
func (p *Pages[T]) Start() []int {
	p.next, p.inflight = p.size, 1
	return []int{0}
}

// Arrived takes the page asked at skip, with the pod's total when it
// counted the list (-1 when not). It returns the items now in order (this
// page's and those of the pages that waited for it) and the pages to ask
// for next.
func (p *Pages[T]) Arrived(skip int, items []T, total int) (ready []T, ask []int) {
	p.inflight--
	if total >= 0 {
		p.total = total
		if p.end < 0 || total < p.end {
			p.end = total
		}
	}
	if len(items) < p.size && (p.end < 0 || skip+len(items) < p.end) {
		// A short page ends the list (a pod that counted more is taken at
		// its word that there is no more: the tab shows both numbers).
		p.end = skip + len(items)
	}
	if skip >= p.loaded && (p.end < 0 || skip < p.end) {
		p.held[skip] = items
	}
	for {
		page, ok := p.held[p.loaded]
		if !ok || len(page) == 0 {
			break
		}
		delete(p.held, p.loaded)
		ready = append(ready, page...)
		p.loaded += len(page)
		if len(page) < p.size {
			break
		}
	}
	if p.err != nil {
		return ready, nil
	}
	for p.inflight < p.window && (p.end < 0 || p.next < p.end) {
		ask = append(ask, p.next)
		p.next += p.size
		p.inflight++
	}
	return ready, ask
}

// Failed stops the walk after a page failed: nothing more is asked; the
// pages in flight still arrive. It reports whether this was the first
// failure (the one worth saying).
func (p *Pages[T]) Failed(err error) (first bool) {
	p.inflight--
	if p.err != nil {
		return false
	}
	p.err = err
	return true
}

// Err is the failure that stopped the walk, nil while none did.
func (p *Pages[T]) Err() error { return p.err }

// PageFailed takes a failed page of a walk that fills t: the walk stops,
// an empty table says so, and the status line hears of it once, not once
// per page that was in flight.
func PageFailed[T any](p *Pages[T], err error, t *ui.Table, empty string) tea.Cmd {
	first := p.Failed(err)
	if t.Len() == 0 {
		t.SetEmpty(empty)
	}
	if first {
		return ui.Error(err)
	}
	return nil
}

// Done reports that the walk is over: every page arrived (or it failed
// and nothing is in flight).
func (p *Pages[T]) Done() bool {
	return p.inflight == 0 && (p.err != nil || p.end >= 0 && p.loaded >= p.end)
}

// Loaded is how many items were handed back.
func (p *Pages[T]) Loaded() int { return p.loaded }

// Total is the pod's count of the list, -1 when it gave none.
func (p *Pages[T]) Total() int { return p.total }

// FetchPages is one command per page at skips: each runs fetch with a
// call context of its own and answers a ui.Result tagged with the view
// and the generation. Built from copied values only.
func FetchPages[T any](view string, gen uint64, d Deps, skips []int, fetch func(ctx context.Context, skip int) (T, error)) tea.Cmd {
	cmds := make([]tea.Cmd, len(skips))
	for i, skip := range skips {
		cmds[i] = ui.Run(view, gen, func() (T, error) {
			ctx, cancel := d.CallContext()
			defer cancel()
			return fetch(ctx, skip)
		})
	}
	return tea.Batch(cmds...)
}
