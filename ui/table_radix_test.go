package ui

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The radix sort orders rows exactly as a stable comparison sort of their
// keys would: keys that share long prefixes, keys that differ only by
// trailing NULs or by length, empty keys, many equal keys, both
// directions, and runs above and below the size compared whole.
func TestRadixSortMatchesAStableComparisonSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "a", "ab", "ab\x00", "ab\x00\x00", "christopher", "christophe", "christopher smith",
		"christopher smith jr", "zoë", "ö", "\xff", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", "enabled"}
	for _, n := range []int{0, 1, 2, fewRows - 1, fewRows, 500, 20_000} {
		keys := make([]string, n)
		for i := range keys {
			switch rng.IntN(3) {
			case 0:
				keys[i] = words[rng.IntN(len(words))]
			case 1:
				keys[i] = words[5] + strings.Repeat("x", rng.IntN(20)) + fmt.Sprint(rng.IntN(30))
			default:
				b := make([]byte, rng.IntN(20))
				for j := range b {
					b[j] = "ab\x00\xff"[rng.IntN(4)]
				}
				keys[i] = string(b)
			}
		}
		for _, desc := range []bool{false, true} {
			tb := &Table{sortKeys: keys, sortDesc: desc}
			got := make([]int, n)
			tb.sortedOrder(got)
			want := identity(n)
			slices.SortStableFunc(want, func(a, b int) int {
				c := strings.Compare(keys[a], keys[b])
				if desc {
					c = -c
				}
				return c
			})
			if !slices.Equal(got, want) {
				t.Fatalf("%d keys, descending %v: the order differs from a stable sort", n, desc)
			}
		}
	}
}

// Sets big enough to be split by their first differing byte: a part whose
// keys differ only in the last bit of their eighth byte, and a part of
// two, out of order, are sorted too.
func TestRadixSortSplitsBigSetsAndSortsEveryPart(t *testing.T) {
	var keys []string
	for i := range 3 * splitFrom {
		keys = append(keys, "abcdefg"+string("ih"[i%2])+fmt.Sprint(i%7), "c"+fmt.Sprint(i))
	}
	keys = append(keys, "bz", "ba")
	for _, desc := range []bool{false, true} {
		tb := &Table{sortKeys: keys, sortDesc: desc}
		got := make([]int, len(keys))
		tb.sortedOrder(got)
		want := identity(len(keys))
		slices.SortStableFunc(want, func(a, b int) int {
			c := strings.Compare(keys[a], keys[b])
			if desc {
				c = -c
			}
			return c
		})
		if !slices.Equal(got, want) {
			t.Fatalf("descending %v: the order differs from a stable sort", desc)
		}
	}
}

func TestRadixSortOrdersNumbersAsCmpCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{math.NaN(), math.Inf(-1), math.Inf(1), 0, math.Copysign(0, -1), -1e308, 1e-300, -1e-300, 5, -5}
	nums := make([]float64, 5000)
	for i := range nums {
		if rng.IntN(2) == 0 {
			nums[i] = special[rng.IntN(len(special))]
		} else {
			nums[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
		}
	}
	for _, desc := range []bool{false, true} {
		tb := &Table{sortNums: nums, sortDesc: desc}
		got := make([]int, len(nums))
		tb.sortedOrder(got)
		want := identity(len(nums))
		slices.SortStableFunc(want, func(a, b int) int {
			c := cmp.Compare(nums[a], nums[b])
			if desc {
				c = -c
			}
			return c
		})
		if !slices.Equal(got, want) {
			t.Fatalf("descending %v: the order differs from a stable sort by cmp.Compare", desc)
		}
	}
}

func identity(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
