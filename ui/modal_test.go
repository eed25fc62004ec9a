package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

func sendModal(md Modal, keys ...string) Modal {
	for _, k := range keys {
		md, _ = md.Update(keyMsg(k))
	}
	return md
}

func TestConfirmDefaultsToNo(t *testing.T) {
	c := testCommon(t)
	tests := []struct {
		keys []string
		want bool
	}{
		{[]string{"enter"}, false},
		{[]string{"y"}, true},
		{[]string{"n"}, false},
		{[]string{"esc"}, false},
		{[]string{"ctrl+c"}, false},
		{[]string{"left", "enter"}, true},
		{[]string{"h", "l", "enter"}, false},
		{[]string{"left", "tab", "enter"}, false},
		{[]string{"j", "q", "x"}, false}, // unrelated keys do nothing
	}
	for _, tt := range tests {
		d := NewConfirm(c, "Remove from Ops", []string{"alice"}, "payload")
		sendModal(d, tt.keys...)
		res, done := d.Done()
		if tt.keys[0] == "j" {
			if done {
				t.Errorf("%v closed the dialog", tt.keys)
			}
			continue
		}
		r := res.(ConfirmResultMsg)
		if !done || r.Confirmed != tt.want || r.Payload != "payload" {
			t.Errorf("%v: done=%v result=%+v, want confirmed=%v", tt.keys, done, r, tt.want)
		}
	}
}

func TestConfirmNamesTargetsAndCount(t *testing.T) {
	c := testCommon(t)
	var targets []string
	for i := range 11 {
		targets = append(targets, fmt.Sprintf("user%02d", i))
	}
	targets[0] = "evil\x1b[2J\u202ename"
	out := NewConfirm(c, "Remove from Ops Room", targets, nil).View()
	for _, want := range []string{"Remove from Ops Room: 11 items?", "evilname", "user07", "… and 3 more", "[>No<]"} {
		if !strings.Contains(out, want) {
			t.Errorf("dialog lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "user08") || strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("dialog:\n%q", out)
	}
}

func userForm(c *Common) *Form {
	return NewForm(c, "Create room", []Field{
		{Key: "name", Label: "Name", Required: true},
		{Key: "desc", Label: "Description", Value: "preset"},
		{Key: "public", Label: "Public", Kind: FieldBool},
		{Key: "max", Label: "Max members", Validate: func(s string) error {
			if s != "" && strings.Trim(s, "0123456789") != "" {
				return errors.New("max members must be a number")
			}
			return nil
		}},
	}, 7)
}

func TestFormEditsValidatesAndSubmits(t *testing.T) {
	c := testCommon(t)
	f := userForm(c)
	sendModal(f, "enter") // name is required
	if _, done := f.Done(); done {
		t.Fatal("submitted without the required name")
	}
	if out := f.View(); !strings.Contains(out, "Name is required") {
		t.Fatalf("no field error:\n%s", out)
	}
	sendModal(f, "O", "p", "s", " ", "r", "o", "o", "m") // space types in a text field
	sendModal(f, "tab", "ctrl+c")                        // clears the description
	sendModal(f, "tab", " ")                             // toggles public
	sendModal(f, "tab", "1", "x", "enter")
	if _, done := f.Done(); done || !strings.Contains(f.View(), "max members must be a number") {
		t.Fatalf("invalid number accepted:\n%s", f.View())
	}
	sendModal(f, "backspace", "shift+tab", "shift+tab", "shift+tab") // back to name
	sendModal(f, "\u202e", "enter")
	res, done := f.Done()
	r := res.(FormResultMsg)
	if !done || !r.Submitted || r.Payload != 7 {
		t.Fatalf("not submitted: %+v", r)
	}
	want := map[string]string{"name": "Ops room", "desc": "", "max": "1"}
	for k, v := range want {
		if r.Values[k] != v {
			t.Errorf("%s = %q, want %q", k, r.Values[k], v)
		}
	}
	if !r.Bools["public"] {
		t.Error("public not toggled")
	}
}

func TestFormEscCancels(t *testing.T) {
	f := userForm(testCommon(t))
	sendModal(f, "a", "esc")
	res, done := f.Done()
	if r := res.(FormResultMsg); !done || r.Submitted || r.Payload != 7 {
		t.Fatalf("esc: %+v", r)
	}
}

func TestPickerRemoteSearchIsDebouncedAndDropsStaleResults(t *testing.T) {
	c := testCommon(t)
	p := NewPicker(c, PickerOptions{ID: "add-member", Title: "Add member", Payload: "room-1"})
	var timers []timer
	p.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		timers = append(timers, timer{d, fn})
		return nil
	}
	sendModal(p, "a", "l")
	if len(timers) != 2 || timers[0].d != 200*time.Millisecond {
		t.Fatalf("timers %+v", timers)
	}
	// The first pause is obsolete: no query.
	if _, cmd := p.Update(timers[0].fn(fixedNow)); cmd != nil {
		t.Fatal("a superseded debounce sent a query")
	}
	_, cmd := p.Update(timers[1].fn(fixedNow))
	q, ok := cmd().(PickerQueryMsg)
	if !ok || q.Query != "al" || q.Picker != "add-member" {
		t.Fatalf("query = %+v", q)
	}
	sendModal(p, "i") // a newer query is under way; the answer to "al" is stale
	p.Update(PickerItemsMsg{Picker: "add-member", Tag: q.Tag, Items: []PickerItem{{ID: "9", Label: "stale"}}})
	if strings.Contains(p.View(), "stale") || !strings.Contains(p.View(), "searching") {
		t.Fatalf("stale items shown:\n%s", p.View())
	}
	p.Update(PickerItemsMsg{Picker: "add-member", Tag: q.Tag + 1, Items: []PickerItem{
		{ID: "1", Label: "Alice \x1b[31mA", Detail: "alice@example.com"}, {ID: "2", Label: "Alina", Detail: "alina@example.com"}}})
	out := p.View()
	if !strings.Contains(out, "Alice A") || !strings.Contains(out, "alina@example.com") || strings.Contains(out, "\x1b") {
		t.Fatalf("items:\n%q", out)
	}
	sendModal(p, "down", "enter")
	res, done := p.Done()
	r := res.(PickerResultMsg)
	if !done || !r.Picked || r.Item.ID != "2" || r.Payload != "room-1" {
		t.Fatalf("pick: %+v", r)
	}
}

func TestPickerLocalItems(t *testing.T) {
	c := testCommon(t)
	p := NewPicker(c, PickerOptions{ID: "role", Items: []PickerItem{
		{ID: "USER_PROVISIONING", Label: "User Provisioning"}, {ID: "SUPER_ADMINISTRATOR", Label: "Super Administrator"}, {ID: "L1_SUPPORT", Label: "L1 Support"}}})
	for _, k := range []string{"s", "u", "p"} {
		_, cmd := p.Update(keyMsg(k))
		if cmd != nil {
			if _, isQuery := cmd().(PickerQueryMsg); isQuery {
				t.Fatal("a local picker sent a query")
			}
		}
	}
	if n := len(p.shown()); n != 2 { // "sup" matches L1 Support and Super Administrator
		t.Fatalf("%d shown", n)
	}
	sendModal(p, "ctrl+c") // clears the query
	if p.Query() != "" || len(p.shown()) != 3 {
		t.Fatalf("ctrl+c: query %q shown %d", p.Query(), len(p.shown()))
	}
	sendModal(p, "esc")
	if res, done := p.Done(); !done || res.(PickerResultMsg).Picked {
		t.Fatal("esc did not cancel")
	}
}

// pickerView opens a picker on "a" and answers its queries.
type pickerView struct {
	*listView
	queries []PickerQueryMsg
}

func (v *pickerView) Update(msg tea.Msg) (View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if msg.String() == "a" {
			// drive runs the debounce timer inline: keep it short.
			return v, OpenModal(NewPicker(v.c, PickerOptions{ID: "pk", Payload: "room", Debounce: time.Millisecond}))
		}
	case PickerQueryMsg:
		v.queries = append(v.queries, msg)
		return v, func() tea.Msg {
			return PickerItemsMsg{Picker: msg.Picker, Tag: msg.Tag, Items: []PickerItem{{ID: "u1", Label: "Found " + msg.Query}}}
		}
	}
	_, cmd := v.listView.Update(msg)
	return v, cmd
}

func TestRootRoutesPickerQueriesAndResultToTheOpener(t *testing.T) {
	c := testCommon(t)
	a := &pickerView{listView: newListView(c, "rooms", "Rooms", "ops")}
	b := newListView(c, "users", "Users", "alice")
	m := New(c, a, b)
	drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20}, tea.BatchMsg{m.Init()})
	drive(t, m, keyMsg("a"))
	if _, ok := m.modal.(*Picker); !ok {
		t.Fatal("picker not open")
	}
	drive(t, m, keyMsg("b"), keyMsg("o"))
	if len(a.queries) == 0 || a.queries[len(a.queries)-1].Query != "bo" {
		t.Fatalf("queries %+v", a.queries)
	}
	if !strings.Contains(m.View(), "Found bo") {
		t.Fatalf("results not shown:\n%s", m.View())
	}
	drive(t, m, keyMsg("enter"))
	res := lastOf[PickerResultMsg](a.got)
	if m.modal != nil || res == nil || res.Item.ID != "u1" || res.Payload != "room" {
		t.Fatalf("result %+v", res)
	}
	if lastOf[PickerResultMsg](b.got) != nil {
		t.Error("the other view got the result")
	}
}
