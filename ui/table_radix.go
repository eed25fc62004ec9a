package ui

import (
	"math"
	"math/bits"
	"slices"
)

// A sort of every row is a radix sort: the rows are ordered by eight bytes
// of their key at a time, taken as a number, in passes over the rows that
// cost the same whatever the data; only rows whose keys agree on those
// bytes go on to the next eight. A comparison sort of 100,000 names that
// share their first bytes by the hundred spends most of its time comparing
// those bytes again and again, in strings all over the heap.

// sortEnt is one row in a sort: eight bytes of its key as a number (the
// bits flipped when descending), and the row.
type sortEnt struct {
	pre  uint64
	next uint64 // the eight bytes after them, read with them (text sorts)
	row  int32
	klen int32 // the length of its key (text sorts)
}

// radixSorter sorts rows by their text keys or their numbers.
type radixSorter struct {
	keys []string // per row, its text key; nil for a numeric sort
	flip uint64   // all ones when descending
}

// fewRows is the size under which rows are sorted by insertion rather
// than passed over byte by byte.
const fewRows = 32

// sortedOrder puts the rows in order by the sort keys, ties in data order.
func (t *Table) sortedOrder(order []int) {
	s := radixSorter{keys: t.sortKeys}
	if t.sortDesc {
		s.flip = math.MaxUint64
	}
	if cap(t.sortEnts) < 2*len(order) {
		t.sortEnts = make([]sortEnt, 2*len(order))
	}
	ents, tmp := t.sortEnts[:len(order)], t.sortEnts[len(order):2*len(order)]
	for i := range ents {
		ents[i].row = int32(i)
		if s.keys != nil {
			k := s.keys[i]
			ents[i].pre, ents[i].klen = keyPrefix(k)^s.flip, int32(len(k))
			ents[i].next = keyPrefix(k[min(8, len(k)):]) ^ s.flip
		} else {
			ents[i].pre = floatKey(t.sortNums[i]) ^ s.flip
		}
	}
	if s.keys != nil {
		s.sortText(ents, tmp, 0)
	} else {
		radixSort(ents, tmp)
	}
	for i, e := range ents {
		order[i] = int(e.row)
	}
}

// sortText sorts ents, whose keys agree on their first depth bytes, by
// the eight bytes from depth on (already in pre), then the rest. ents is
// in data order among rows that tie.
func (s *radixSorter) sortText(ents, tmp []sortEnt, depth int) {
	if len(ents) < fewRows {
		insertionSort(ents)
	} else {
		radixSort(ents, tmp)
	}
	for start := 0; start < len(ents); {
		end := start + 1
		for end < len(ents) && ents[end].pre == ents[start].pre {
			end++
		}
		if end-start > 1 {
			s.settleRun(ents[start:end], tmp[start:end], depth+8)
		}
		start = end
	}
}

// insertionSort sorts a few entries by pre, stably.
func insertionSort(ents []sortEnt) {
	for i := 1; i < len(ents); i++ {
		for j := i; j > 0 && ents[j].pre < ents[j-1].pre; j-- {
			ents[j], ents[j-1] = ents[j-1], ents[j]
		}
	}
}

// settleRun orders rows whose keys agree on their first depth bytes
// (counting bytes past a key's end as zero).
func (s *radixSorter) settleRun(run, tmp []sortEnt, depth int) {
	longer, lengths := false, false
	for _, e := range run {
		longer = longer || int(e.klen) > depth
		lengths = lengths || e.klen != run[0].klen
	}
	if !longer {
		if !lengths {
			return // the same key: data order
		}
		// The keys end within those bytes: they differ at most by NULs at
		// their ends, and a longer key is the greater.
		slices.SortStableFunc(run, func(a, b sortEnt) int {
			c := int(a.klen) - int(b.klen)
			if s.flip != 0 {
				c = -c
			}
			return c
		})
		return
	}
	for i := range run {
		if depth == 8 {
			// Read with the first eight, in row order: the keys are read
			// here in sorted order, from all over the rows, which costs
			// a wait on memory for each.
			run[i].pre = run[i].next
			continue
		}
		k := s.keys[run[i].row]
		run[i].pre = keyPrefix(k[min(depth, len(k)):]) ^ s.flip
	}
	s.sortText(run, tmp, depth)
}

// radixSort sorts ents by pre, stably.
func radixSort(ents, tmp []sortEnt) { radixBytes(ents, tmp, 8) }

// splitFrom is the number of entries from which a radix sort first splits
// them by their most significant byte that differs, one pass, and sorts
// each part apart: the parts fit in the processor's caches, where passes
// over all of them would not; and a byte that every entry shares costs
// nothing, where it matters (a column of a few values).
const splitFrom = 4096

// radixBytes sorts ents by the low n bytes of pre (the bytes above are
// the same in every entry), stably.
func radixBytes(ents, tmp []sortEnt, n int) {
	if len(ents) < 2 || n == 0 {
		return
	}
	var diff uint64 // the bits that differ between the entries
	for _, e := range ents {
		diff |= e.pre ^ ents[0].pre
	}
	n = min(n, (bits.Len64(diff)+7)/8)
	if n == 0 {
		return // all the same
	}
	if len(ents) < splitFrom {
		lsdBytes(ents, tmp, n)
		return
	}
	shift := 8 * (n - 1)
	var c [256]int
	for _, e := range ents {
		c[byte(e.pre>>shift)]++
	}
	var starts [257]int
	for i, k := range c {
		starts[i+1] = starts[i] + k
	}
	next := starts
	for _, e := range ents {
		d := byte(e.pre >> shift)
		tmp[next[d]] = e
		next[d]++
	}
	copy(ents, tmp)
	for d := range 256 {
		if lo, hi := starts[d], starts[d+1]; hi-lo > 1 {
			radixBytes(ents[lo:hi], tmp[lo:hi], n-1)
		}
	}
}

// lsdBytes sorts ents by the low n bytes of pre, stably: a pass per
// byte, least significant first, skipping the bytes every entry shares.
func lsdBytes(ents, tmp []sortEnt, n int) {
	var counts [8][256]int32
	for _, e := range ents {
		for b := range n {
			counts[b][byte(e.pre>>(8*b))]++
		}
	}
	src, dst := ents, tmp
	for b := range n {
		c := &counts[b]
		if int(c[byte(ents[0].pre>>(8*b))]) == len(ents) {
			continue // every entry has this byte
		}
		var pos int32
		for i, k := range c {
			c[i] = pos
			pos += k
		}
		shift := 8 * b
		for _, e := range src {
			d := byte(e.pre >> shift)
			dst[c[d]] = e
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ents[0] {
		copy(ents, src)
	}
}

// keyPrefix is the first eight bytes of k, big-endian, bytes past its end
// zero: comparing two prefixes orders their keys as far as those bytes go.
func keyPrefix(k string) uint64 {
	if len(k) >= 8 { // one load
		return uint64(k[0])<<56 | uint64(k[1])<<48 | uint64(k[2])<<40 | uint64(k[3])<<32 |
			uint64(k[4])<<24 | uint64(k[5])<<16 | uint64(k[6])<<8 | uint64(k[7])
	}
	var p uint64
	for j := 0; j < 8; j++ {
		p <<= 8
		if j < len(k) {
			p |= uint64(k[j])
		}
	}
	return p
}

// floatKey maps a number to an unsigned integer in the same order: NaN
// first (as cmp.Compare has it), then -Inf up to +Inf; -0 and 0 are one.
func floatKey(v float64) uint64 {
	if math.IsNaN(v) {
		return 0
	}
	if v == 0 {
		v = 0
	}
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}
