package viewtest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"symtui/ui"
)

// CheckGolden compares got with testdata/<name>.golden; go test -update
// (the flag the golden package registers) rewrites the file.
func CheckGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs from the golden file (go test -update rewrites it)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// CheckFrame asserts the view fills exactly w x h cells.
func CheckFrame(t *testing.T, what, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Fatalf("%s: %d lines, want %d", what, len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n != w {
			t.Fatalf("%s: line %d is %d cells wide, want %d: %q", what, i, n, w, l)
		}
	}
}

// CheckResizes shrinks v to 40x10 and tiny sizes and grows it back: no
// panic, and every frame fills exactly its size.
func CheckResizes(t *testing.T, v ui.View) {
	t.Helper()
	for _, s := range [][2]int{{40, 10}, {120, 40}, {1, 1}, {80, 24}, {40, 10}, {120, 40}} {
		v.SetSize(s[0], s[1])
		CheckFrame(t, v.Title(), v.View(), s[0], s[1])
	}
}
