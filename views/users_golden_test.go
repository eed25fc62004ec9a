package views

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/ui"
)

// checkGolden compares got with testdata/<name>.golden; go test -update
// (the flag the golden package registers) rewrites the file.
func checkGolden(t *testing.T, name, got string) {
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

// checkFrame asserts the view fills exactly w x h cells.
func checkFrame(t *testing.T, what, frame string, w, h int) {
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

func TestUsersGolden(t *testing.T) {
	h := newHarness(t, smallPod())
	for _, size := range []struct {
		name   string
		w, h   int
		detail bool
	}{{"users_120x40", 120, 40, true}, {"users_80x24", 80, 24, false}} {
		t.Run(size.name, func(t *testing.T) {
			v, _ := newTestUsers(t, h, size.w, size.h)
			press(t, v, runeKey("j"))
			press(t, v, runeKey("j"))
			if size.detail {
				press(t, v, typeKey(tea.KeyEnter))
			}
			frame := v.View()
			checkFrame(t, size.name, frame, size.w, size.h)
			checkGolden(t, size.name, frame)
		})
	}
}

func TestConnectionsGolden(t *testing.T) {
	h := newHarness(t, smallPod())
	for _, size := range []struct {
		name string
		w, h int
	}{{"connections_120x40", 120, 40}, {"connections_80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			v := NewConnections(h.Common, h.Deps)
			v.SetSize(size.w, size.h)
			drive(t, v, v.Init())
			frame := v.View()
			checkFrame(t, size.name, frame, size.w, size.h)
			checkGolden(t, size.name, frame)
		})
	}
}

// A terminal shrunk to 40x10 and grown back: no panic, every frame fits.
func TestUsersAndConnectionsResize(t *testing.T) {
	h := newHarness(t, smallPod())
	users, _ := newTestUsers(t, h, 120, 40)
	press(t, users, typeKey(tea.KeyEnter)) // detail pane open
	conns := NewConnections(h.Common, h.Deps)
	drive(t, conns, conns.Init())
	for _, v := range []ui.View{users, conns} {
		for _, s := range [][2]int{{40, 10}, {120, 40}, {1, 1}, {80, 24}, {40, 10}, {120, 40}} {
			v.SetSize(s[0], s[1])
			checkFrame(t, v.Title(), v.View(), s[0], s[1])
		}
	}
}
