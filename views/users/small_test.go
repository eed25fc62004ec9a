package users

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// A user of another pod looked up with ":user" joins the directory: the
// header and the tab's counter both count it.
func TestUsersCountsLookedUpRowsConsistently(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	before := v.list.Len()
	ext := viewtest.ExternalUsers(t, h, 1)[0]
	viewtest.Drive(t, v, v.command(ui.CommandMsg{Name: "user", Arg: strconv.FormatInt(ext.ID, 10)}))
	n, _ := v.Count()
	if n != before+1 || v.table.Len() != n {
		t.Fatalf("Count %d, rows %d; want %d", n, v.table.Len(), before+1)
	}
	if r, ok := v.cursorRec(); !ok || r.ID != ext.ID {
		t.Fatalf("cursor on %+v, want %d", r, ext.ID)
	}
	viewtest.MustContain(t, "header", v.View(), "all users · "+strconv.Itoa(n)+" ")
}

// The suspension form's example end is a week after the console's clock,
// never a date already past.
func TestUsersSuspendHintFollowsTheClock(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	h.Common.Now = func() time.Time { return time.Date(2026, 11, 22, 19, 0, 0, 0, time.UTC) }
	v, _ := newTestUsers(t, h, 120, 30)
	cursorTo(t, v, plainLocalUser(t, h, 0).UserSystemInfo.ID)
	out := viewtest.Press(t, v, viewtest.RuneKey("Z"))
	if len(out.Modals) != 1 {
		t.Fatal("Z should open the suspension form")
	}
	form := out.Modals[0]
	form.SetSize(120, 30)
	viewtest.MustContain(t, "suspension form", form.View(), "2026-11-29 17:00")
	if _, err := parseUntil("2026-03-09", h.Common.Now()); err == nil || !strings.Contains(err.Error(), "past") {
		t.Fatalf("a past date: %v", err)
	}
}

// The answer to a change applies even when the operator moved, searched
// or typed meanwhile: only query answers go stale.
func TestUsersChangeResultsAreNeverStale(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 0)
	id := target.UserSystemInfo.ID
	p := userOpPayload{Op: opDisableUser, IDs: []int64{id}, Labels: []string{target.UserAttributes.DisplayName}, Self: v.selfID}
	cmd := v.runOp(p)
	viewtest.InFlightFirst(t, cmd)
	batch, _ := viewtest.AsCmds(cmd())
	var status, result tea.Msg
	for _, c := range batch {
		switch m := c().(type) {
		case ui.StatusMsg:
			status = m
		default:
			result = m
		}
	}
	if s, ok := status.(ui.StatusMsg); !ok || s.Text != "disabling "+target.UserAttributes.DisplayName+"…" {
		t.Fatalf("in-flight status %+v", status)
	}
	// Meanwhile: keys, a search started and answered, the list again.
	viewtest.Press(t, v, viewtest.RuneKey("j"))
	viewtest.Drive(t, v, v.startSearch(target.UserAttributes.LastName))
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	viewtest.Press(t, v, viewtest.RuneKey("k"))

	out := viewtest.Drive(t, v, func() tea.Msg { return result })
	if out.LastStatus() != "disabled "+target.UserAttributes.DisplayName {
		t.Fatalf("status %q", out.LastStatus())
	}
	if r := v.recs[id]; r.Status != pod.UserDisabled {
		t.Fatalf("row status %q", r.Status)
	}
}

// At 80x24 the detail pane under the table has fewer lines than a user's
// details: it says so, and the half-page keys scroll it to every line.
func TestUsersDetailScrollsWhenShort(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 80, 24)
	target := plainLocalUser(t, h, 0).UserSystemInfo.ID
	cursorTo(t, v, target)
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	frame := v.View()
	viewtest.CheckFrame(t, "80x24 with details", frame, 80, 24)
	viewtest.MustContain(t, "short pane", frame, "ctrl+d/ctrl+u scroll")
	seen := frame
	for range 10 {
		viewtest.Press(t, v, tea.KeyMsg{Type: tea.KeyCtrlD})
		frame = v.View()
		viewtest.CheckFrame(t, "scrolled", frame, 80, 24)
		seen += frame
	}
	for _, label := range []string{"suspended ", "roles     ", "features  ", "presence  "} {
		viewtest.MustContain(t, "the pane scrolled to its end", seen, label)
	}
	// Long values wrap rather than being cut: the last feature is there.
	fs, err := h.Admin.UserFeatures(h.Ctx(t), target)
	if err != nil {
		t.Fatal(err)
	}
	last := ""
	for _, f := range fs {
		if f.Enabled {
			last = f.Entitlement
		}
	}
	viewtest.MustContain(t, "the pane scrolled to its end", seen, last)
	if r, _ := v.cursorRec(); !strings.Contains(frame, "> "+r.Name[:8]) {
		t.Fatalf("scrolling the pane moved the table's cursor:\n%s", frame)
	}
	for range 10 {
		viewtest.Press(t, v, tea.KeyMsg{Type: tea.KeyCtrlU})
	}
	viewtest.MustContain(t, "scrolled back", v.View(), "id        ")
	helpText := ""
	for _, b := range v.KeyBindings() {
		helpText += b.Help().Desc + "\n"
	}
	viewtest.MustContain(t, "help", helpText, "scroll details down")
}

// A suspension's end is bounded: no duration or date that wraps around
// into the past, none shorter than a minute, none past ten years; each
// refusal names the field and the bound.
func TestParseUntilBounds(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	ok := map[string]time.Time{
		"7d":               now.AddDate(0, 0, 7),
		"3650d":            now.Add(3650 * 24 * time.Hour),
		"12h":              now.Add(12 * time.Hour),
		"1m":               now.Add(time.Minute),
		"2026-03-11":       time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC),
		"2036-03-01 17:00": time.Date(2036, 3, 1, 17, 0, 0, 0, time.UTC),
	}
	for in, want := range ok {
		if got, err := parseUntil(in, now); err != nil || !got.Equal(want) {
			t.Errorf("parseUntil(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	refused := map[string]string{
		"106752d":             "Until must be at most 3650d (10 years) from now",
		"213504d":             "Until must be at most 3650d (10 years) from now",
		"99999999999999999d":  "Until must be at most 3650d (10 years) from now",
		"3651d":               "Until must be at most 3650d (10 years) from now",
		"87601h":              "Until must be at most 3650d (10 years) from now",
		"9999999999999999h":   "Until must be at most 3650d (10 years) from now",
		"1ns":                 "Until must be at least 1m from now",
		"59s":                 "Until must be at least 1m from now",
		"0d":                  "Until must be in the future",
		"-5d":                 "Until must be in the future",
		"-2h":                 "Until must be in the future",
		"2026-03-10 12:00":    "Until: that date is already past",
		"2040-01-01":          "Until must be at most 10 years from now (2036-03-07)",
		"next tuesday":        "Until: a duration (12h, 7d) or a UTC date",
		"-99999999999999999d": "Until must be in the future",
	}
	for in, want := range refused {
		if got, err := parseUntil(in, now); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("parseUntil(%q) = %v, %v; want the error %q", in, got, err, want)
		}
	}
}
