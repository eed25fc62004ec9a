package viewtest

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// IsPlain reports whether s is printable ASCII: easy to find on screen.
func IsPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// RecordDiff names the top-level fields that differ between two stored
// records (emulator JSON), the modification dates aside (the pod's clock
// is fixed in tests, so they may or may not move).
func RecordDiff(t *testing.T, before, after []byte) []string {
	t.Helper()
	var a, b map[string]json.RawMessage
	if err := json.Unmarshal(before, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(after, &b); err != nil {
		t.Fatal(err)
	}
	var diff []string
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			diff = append(diff, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, k)
		}
	}
	slices.Sort(diff)
	return slices.DeleteFunc(diff, func(k string) bool { return k == "LastUpdatedDate" || k == "LastModified" })
}

// RouteCount is how many requests the emulator served on route.
func RouteCount(h *Harness, route string) int { return h.Emu.Stats().Routes[route].Requests }
