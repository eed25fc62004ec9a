package viewtest

import (
	"strconv"
	"strings"
	"testing"

	"symtui/pod"
)

// LeakMark is planted inside every escape sequence of the corpus: it must
// never show as text, except in an edit form after the ⟨ESC⟩ (or C1)
// placeholder that shows where the sequence starts.
const LeakMark = "LEAK"

// HostileClass is one class of hostile value and an example of it.
type HostileClass struct{ Class, Value string }

// Hostile is the corpus of values a console must draw inert: each class
// of character or sequence that can drive a terminal, hide or reorder
// text, break a line, or blow up a layout.
var Hostile = []HostileClass{
	{"every C0 control", c0Controls()},
	{"every C1 control", c1Controls()},
	{"CSI", "\x1b[31;1mRED\x1b[0m \x1b[2J\x1b[H\x1b[6n cleared \x1b[?1049h"},
	{"OSC with BEL", "\x1b]52;c;" + LeakMark + "Y3VybA==\x07clip \x1b]0;" + LeakMark + "owned\x07title"},
	{"OSC with ST", "\x1b]8;;https://evil.example/" + LeakMark + "\x1b\\link\x1b]8;;\x1b\\ here"},
	{"DCS", "a\x1bPq#0;2;0;0;0" + LeakMark + "\x1b\\b \x1b_G" + LeakMark + "\x1b\\c"},
	{"8-bit CSI and OSC", "x\u009b31m" + "8bit\u009b0m \u009d0;" + LeakMark + "\u009cy"},
	{"unterminated OSC", "name \x1b]52;c;" + LeakMark + "AAAA"},
	{"unterminated CSI", "name \x1b[31;"},
	{"bidi embeddings and overrides", "admin\u202a\u202b\u202c\u202d\u202egnp.exe"},
	{"bidi isolates", "a\u2066b\u2067c\u2068d\u2069e"},
	{"RLM and ALM", "left\u200fright\u061cend\u200e"},
	{"zero-width", "Zero\u200bWidth\u200cJoin\u200dHere\u2060\ufeffend"},
	{"line and paragraph separators", "line one\u2028line two\u2029para"},
	{"NUL", "nul\x00byte"},
	{"lone CR", "Innocent\rROOT OVERWRITE"},
	{"invisible fillers, joiners and selectors", "filler\u3164\u115f\u1160\uffa0 cgj\u034f vs\ufe0f\U000E0100 mus\U0001D173\U0001D17A end"},
	{"10,000 characters", strings.Repeat("Wide東", 1000) + "\x1b]8;;" + LeakMark + "\x07" + strings.Repeat("w", 3990)},
}

func c0Controls() string {
	var b strings.Builder
	for c := 0; c < 0x20; c++ {
		b.WriteString("c" + strconv.Itoa(c))
		b.WriteByte(byte(c))
	}
	return b.String() + "del\x7fend"
}

func c1Controls() string {
	var b strings.Builder
	for r := rune(0x80); r < 0xa0; r++ {
		b.WriteString("k" + strconv.Itoa(int(r)))
		b.WriteRune(r)
	}
	return b.String()
}

// HostileValue is the corpus value i (wrapping), prefixed so that a test
// can find and tell apart the records it made.
func HostileValue(prefix string, i int) string {
	return prefix + " " + Hostile[i%len(Hostile)].Value
}

// UserFields are the fields CreateHostileUser fills, in the order the
// classes go round; each value starts with the tag and the field's name
// ("CrpTitle …"), so a test can tell that every field is drawn: one
// hostile field must not hide the next.
var UserFields = []string{"Name", "First", "Last", "Company", "Title", "Dept", "Division", "Location"}

// HostileClassOf is the class CreateHostileUser(…, i) puts in field k.
func HostileClassOf(i, k int) HostileClass { return Hostile[(i+k)%len(Hostile)] }

// CreateHostileUser creates a local user whose editable fields each hold
// a different hostile class (from class i on, in UserFields order), and
// returns it as the pod has it.
func CreateHostileUser(t *testing.T, h *Harness, tag string, i int) pod.UserDetail {
	t.Helper()
	v := func(k int) string { return tag + UserFields[k] + " " + HostileClassOf(i, k).Value }
	a := pod.UserAttributes{
		UserName:     "hostile." + strings.ToLower(tag) + "." + strconv.Itoa(i),
		EmailAddress: "zw\u200bsp." + strings.ToLower(tag) + strconv.Itoa(i) + "@hostile.example",
		DisplayName:  v(0), FirstName: v(1), LastName: v(2), CompanyName: v(3),
		Title: v(4), Department: v(5), Division: v(6), Location: v(7), AccountType: pod.AccountNormal,
	}
	d, err := h.Admin.CreateUser(h.Ctx(t), pod.UserCreate{UserAttributes: a, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		t.Fatalf("create hostile user %d: %v", i, err)
	}
	return d
}

// CreateHostileRoom creates a room (owned by the bot, with members) whose
// name, description and keywords hold hostile classes from class i on.
func CreateHostileRoom(t *testing.T, h *Harness, tag string, i int, members ...int64) pod.Room {
	t.Helper()
	name := HostileValue(tag, i)
	desc := HostileValue(tag, i+1)
	kws := []pod.RoomTag{{Key: "desk\bx" + strconv.Itoa(i), Value: Hostile[(i+2)%len(Hostile)].Value}, {Key: "plain", Value: "v\u200b"}}
	yes := true
	r, err := h.Admin.CreateRoom(h.Ctx(t), pod.RoomChanges{Name: &name, Description: &desc, Keywords: &kws, Discoverable: &yes, MembersCanInvite: &yes})
	if err != nil {
		t.Fatalf("create hostile room %d: %v", i, err)
	}
	for _, id := range members {
		if err := h.Admin.AddMember(h.Ctx(t), r.RoomSystemInfo.ID, id); err != nil {
			t.Fatalf("add member %d to hostile room %d: %v", id, i, err)
		}
	}
	return r
}
