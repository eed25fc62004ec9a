package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// The header names the context first, and keeps it when the terminal is
// narrow (after the app name, the identity and the pod host are gone); the
// terminal title names it too.
func TestHeaderNamesTheContext(t *testing.T) {
	c := testCommon(t)
	c.Context, c.ContextColor = "prod", "red"
	m := New(c, newListView(c, "a", "Alpha"))
	for _, w := range []int{100, 40, 24, 12} {
		drive(t, m, tea.WindowSizeMsg{Width: w, Height: 10})
		header := lines(m.View())[0]
		if !strings.Contains(header, " prod ") {
			t.Errorf("width %d: the header lost the context: %q", w, header)
		}
		if ansi.StringWidth(header) != w {
			t.Errorf("width %d: header %d cells wide", w, ansi.StringWidth(header))
		}
	}
	if got := m.WindowTitle(); got != "symtui · prod · pod.example.com" {
		t.Errorf("title %q", got)
	}
	c.Context = "\x1b]0;evil\x07pr\u202eod"
	drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 10})
	if h := lines(m.View())[0]; strings.ContainsAny(h, "\x1b\x07\u202e") || !strings.Contains(h, "prod") {
		t.Errorf("a hostile context name reached the header: %q", h)
	}
}

// :ctx without contexts says where to list them; :ctx NAME asks for the
// switch only for a context there is, and not for the current one.
func TestContextCommand(t *testing.T) {
	c := testCommon(t)
	m := New(c, newListView(c, "a", "Alpha"))
	manualTicks(m)
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 20})
	run := func(line string) []tea.Msg {
		m.Update(keyMsg(":"))
		for _, k := range typeKeys(line) {
			m.Update(k)
		}
		_, cmd := m.Update(keyMsg("enter"))
		return msgsOf(cmd)
	}
	status := func() string { l := lines(m.View()); return l[len(l)-1] }

	run("ctx")
	if s := status(); !strings.Contains(s, "no pod contexts: list them under contexts: in the settings file") {
		t.Errorf(":ctx without contexts: %q", s)
	}
	m.SetContexts("/home/ops/.config/symtui/config.yaml", []ContextInfo{{Name: "prod", Detail: "read-only"}, {Name: "uat"}})
	c.Context = "prod"
	run("ctx staging")
	if s := status(); !strings.Contains(s, `no context "staging" in /home/ops/.config/symtui/config.yaml (contexts: prod, uat)`) {
		t.Errorf(":ctx staging: %q", s)
	}
	run("ctx prod")
	if s := status(); !strings.Contains(s, "already on prod") {
		t.Errorf(":ctx prod: %q", s)
	}
	var asked []string
	for _, msg := range run("ctx uat") {
		if sw, ok := msg.(SwitchContextMsg); ok {
			asked = append(asked, sw.Name)
		}
	}
	if strings.Join(asked, ",") != "uat" {
		t.Errorf(":ctx uat asked for %v", asked)
	}

	// The list: the current context marked; enter on a filtered row asks.
	run("ctx")
	if frame := m.View(); !strings.Contains(frame, "● prod") || !strings.Contains(frame, "read-only") {
		t.Fatalf(":ctx lists:\n%s", frame)
	}
	m.Update(keyMsg("u"))
	_, cmd := m.Update(keyMsg("enter"))
	var got []tea.Msg
	for _, msg := range msgsOf(cmd) {
		if sw, ok := msg.(SwitchContextMsg); ok {
			got = append(got, sw)
		}
	}
	if len(got) != 1 || got[0] != (SwitchContextMsg{Name: "uat"}) {
		t.Errorf("picking uat asked %#v", got)
	}
}

// msgsOf runs cmd and the commands of its batches.
func msgsOf(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, msgsOf(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}
