package presence

import "testing"

// Counts in the events read as the console's: thousands separated.
func TestGrouped(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 87318: "87,318", 100000: "100,000", 1234567: "1,234,567", -4500: "-4,500", -450: "-450"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}
