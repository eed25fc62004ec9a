package ui

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// renderSeeds are the corpus of the render fuzz: one of each hostile class.
var renderSeeds = []string{
	"plain", "\x00\x01\x07\x08\x0b\x0c\x0e\x1f\x7f", "\u0080\u0085\u008d\u009b\u009f",
	"\x1b[31;1mRED\x1b[0m\x1b[2J\x1b[6n", "\x1b]52;c;AAAA\x07x", "\x1b]8;;https://e/\x1b\\l\x1b]8;;\x1b\\",
	"a\x1bPq#0\x1b\\b", "\u009b31m\u009d0;t\u009c", "\x1b]52;c;AAAA", "\x1b[31;",
	"\u202a\u202b\u202c\u202d\u202e", "\u2066\u2067\u2068\u2069", "\u200e\u200f\u061c", "\u200b\u200c\u200d\u2060\ufeff",
	"a\u2028b\u2029c", "nul\x00", "safe\rEVIL", strings.Repeat("W東\u202e", 3334), "\xff\xfe", "⟨ESC⟩ literal",
}

// assertDrawable fails when out holds a character that can drive the
// terminal or hide text, or a line wider than w.
func assertDrawable(t *testing.T, where, out string, w int) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s: invalid UTF-8", where)
	}
	for _, r := range out {
		if r != '\n' && Unsafe(r) {
			t.Fatalf("%s: draws %U", where, r)
		}
	}
	if w > 0 {
		for i, l := range strings.Split(out, "\n") {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("%s: line %d is %d cells wide, over %d", where, i, lw, w)
			}
		}
	}
}

// FuzzRenderInert puts one string everywhere the frame takes text from
// outside (table rows, tab title, header host and identity, status line,
// connection error, confirm targets, edit and create forms, picker items,
// help, :messages) and checks every modal's View and the frame: nothing
// unsafe drawn, no line over the width, and nothing left for the root's
// last-step guard to clean.
func FuzzRenderInert(f *testing.F) {
	for _, s := range renderSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := testCommon(t)
		c.Pod, c.Identity = s, s
		v := newListView(c, "users", s, s, s+"x", "bob")
		m := New(c, v)
		const w, h = 80, 24
		drive(t, m, tea.WindowSizeMsg{Width: w, Height: h}, tea.BatchMsg{m.Init()})
		drive(t, m, StatusMsg{Level: LevelError, Text: s}, ConnStateMsg{State: ConnOffline, Err: errors.New(s)})
		frame := func(where string) {
			t.Helper()
			out := m.View()
			assertDrawable(t, where, out, w)
			if m.GuardedFrames() != 0 {
				t.Fatalf("%s: the guard had to clean the frame", where)
			}
		}
		frame("table, header, status")
		assertDrawable(t, "terminal title", m.WindowTitle(), 80)
		modals := map[string]Modal{
			"confirm": NewConfirm(c, "Remove "+s, []string{s, "b"}, nil),
			"create form": NewForm(c, "Create "+s, []Field{
				{Key: "a", Label: "A", Required: true}, {Key: "b", Label: "B", Value: s, Placeholder: s},
			}, nil),
			"edit form": NewEditForm(c, "Edit "+s, []Field{
				{Key: "a", Label: "A", Value: s}, {Key: "t", Label: "T", Kind: FieldBool},
			}, nil),
			"picker":   NewPicker(c, PickerOptions{ID: "p", Title: s, Items: []PickerItem{{ID: "1", Label: s, Detail: s}}}),
			"messages": newMessagesModal(c, m.log.all()),
		}
		for name, md := range modals {
			md.SetSize(w, h-3)
			assertDrawable(t, name, md.View(), 0)
			drive(t, m, OpenModalMsg{Modal: md})
			frame(name)
			drive(t, m, keyMsg("esc"))
		}
		// The edit form's review and refusal show the value too.
		ef := NewEditForm(c, "Edit", []Field{{Key: "a", Label: "A", Value: s}}, nil)
		ef.SetSize(w, h-3)
		sendModal(ef, "end", "!", "enter")
		assertDrawable(t, "review", ef.View(), 0)
		ef.Refused(s)
		assertDrawable(t, "refused", ef.View(), 0)
		drive(t, m, keyMsg("?"))
		frame("help")
	})
}
