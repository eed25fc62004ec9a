package ui

import (
	"strconv"
	"strings"
	"testing"
)

// A record is laid out indented, every character a terminal would act on
// or an operator could not see written as its escape, not dropped, and
// the pod's own escapes kept as it wrote them.
func TestInertJSONLinesShowsEscapes(t *testing.T) {
	body := []byte("{\"name\":\"a\\u001b[31mred \u202eevil\u202c \u200bzw \u009b2J \U000e0041tag\",\"n\":7,\"bad\":\"\xff\"}")
	got := strings.Join(InertJSONLines(body), "\n")
	want := `{
  "name": "a\u001b[31mred \u202eevil\u202c \u200bzw \u009b2J \udb40\udc41tag",
  "n": 7,
  "bad": "\ufffd"
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, r := range got {
		if Unsafe(r) && r != '\n' {
			t.Errorf("unsafe rune %U left", r)
		}
	}
	// Not JSON: shown as it came, made inert the same way.
	if got := InertJSONLines([]byte("<html>\x1b[2J oops")); len(got) != 1 || got[0] != `<html>\u001b[2J oops` {
		t.Errorf("not JSON: %q", got)
	}
}

// The raw view wraps long values, scrolls with the navigation keys and
// closes with esc; a 10,000-character value shows whole over many lines.
func TestRawViewWrapsAndScrolls(t *testing.T) {
	c := testCommon(t)
	long := strings.Repeat("x", 10000)
	md := NewRawView(c, "user \x1b]0;LEAK\x07 71", "GET /pod/v2/admin/user/{uid} at 09:30:00", []byte(`{"a":{"b":"`+long+`"}}`))
	md.SetSize(80, 20)
	v := md.View()
	ls := lines(v)
	if len(ls) != 20 || !strings.HasPrefix(ls[0], "Raw record: user  71 · GET /pod/v2/admin/user/{uid}") || strings.Contains(v, "LEAK") {
		t.Fatalf("view:\n%s", v)
	}
	for _, l := range ls {
		if w := cellWidth(l); w > 80 {
			t.Errorf("a line of %d cells", w)
		}
	}
	if !strings.Contains(ls[len(ls)-1], "lines 1-18 of ") {
		t.Errorf("footer %q", ls[len(ls)-1])
	}
	total := len(md.(*textView).layout())
	if total < 10000/76 {
		t.Errorf("%d lines for a 10,000-character value", total)
	}
	md, _ = md.Update(keyMsg("G"))
	if v := md.View(); !strings.Contains(v, "}") || !strings.Contains(v, "of "+itoa(total)) {
		t.Errorf("at the bottom:\n%s", v)
	}
	if _, done := md.Done(); done {
		t.Fatal("closed by a scroll")
	}
	md, _ = md.Update(keyMsg("esc"))
	if _, done := md.Done(); !done {
		t.Error("esc did not close it")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Rows SetAlarm reports are drawn in the alarm style, the cursor row
// excepted (it has its own); asked at each frame.
func TestTableAlarmRows(t *testing.T) {
	c := testCommon(t)
	c.Styles.TableAlarm = c.Styles.Renderer.NewStyle().Transform(func(s string) string { return "!" + s })
	tb := NewTable(c, Column{Title: "NAME", Min: 8})
	tb.SetSize(30, 6)
	tb.SetRows([]Row{{ID: "1", Cells: []string{"ok"}}, {ID: "2", Cells: []string{"failed"}}})
	failed := map[string]bool{"2": true}
	tb.SetAlarm(func(id string) bool { return failed[id] })
	ls := lines(tb.View())
	if strings.HasPrefix(ls[1], "!") || !strings.HasPrefix(ls[2], "!  failed") {
		t.Errorf("rows:\n%s", strings.Join(ls, "\n"))
	}
	failed["2"] = false
	if ls := lines(tb.View()); strings.HasPrefix(ls[2], "!") {
		t.Error("the alarm is not asked again")
	}
}
