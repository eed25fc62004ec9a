package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A change near the end of a value too long for the line shows where the
// values differ, not two equal cut starts.
func TestChangeLineShowsTheDifferenceOfLongValues(t *testing.T) {
	long := strings.Repeat("Longname", 40)
	got := ansi.Strip(changeLine(Change{Label: "Display name", Old: long, New: long + "Q"}, 60))
	old, neu, ok := strings.Cut(got, " → ")
	if !ok || strings.TrimSpace(old) == strings.TrimSpace(neu) || !strings.Contains(neu, "Q") {
		t.Fatalf("line %q does not show the change", got)
	}
	// Short values, and values that differ early, keep their start.
	if got := ansi.Strip(changeLine(Change{Old: "Finance", New: "Ops"}, 60)); !strings.HasPrefix(got, "Finance → Ops") {
		t.Fatalf("line %q", got)
	}
	if got := ansi.Strip(changeLine(Change{Old: "A" + long, New: "B" + long}, 60)); !strings.HasPrefix(got, "ALongname") {
		t.Fatalf("line %q", got)
	}
}
