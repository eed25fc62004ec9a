package ui

import "testing"

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 41000: "41,000", 90012: "90,012",
		1234567: "1,234,567", -1234: "-1,234", -12: "-12", 100000: "100,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// The tab bar's count is the tab's total, with the progress of a load and
// the hits of a filter beside it.
func TestTallyString(t *testing.T) {
	for _, c := range []struct {
		t    Tally
		want string
	}{
		{Tally{Total: 301}, "301"},
		{Tally{Total: 41000, Expected: 90012, Loading: true}, "41,000/90,012 ↻"},
		{Tally{Total: 41000, Loading: true}, "41,000 ↻"},
		{Tally{Total: 301, Shown: 12, Narrowed: true}, "12 of 301"},
		{Tally{Total: 41000, Shown: 12, Narrowed: true, Loading: true}, "12 of 41,000 ↻"},
		{Tally{Total: 301, Shown: 301, Narrowed: true}, "301 of 301"},
		{Tally{Total: 90012, Expected: 90012, Loading: true}, "90,012 ↻"},
	} {
		if got := c.t.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.t, got, c.want)
		}
	}
}
