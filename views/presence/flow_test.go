package presence

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

var plainDisplayName = regexp.MustCompile(`^[A-Za-z]+ [A-Za-z]+$`)

// pickPlainUser returns a local user with a plain display name (the seed
// has hostile ones too) and their current category.
func pickPlainUser(t *testing.T, r *presenceRig) (pod.User, pod.Category) {
	t.Helper()
	all := r.tr.All()
	ids := make([]int64, 0, 50)
	for _, p := range all[len(all)/2:] {
		ids = append(ids, p.UserID)
		if len(ids) == 50 {
			break
		}
	}
	list, err := r.client.UsersByID(r.ctx(t), ids, pod.LookupOptions{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range list.Users {
		if plainDisplayName.MatchString(u.DisplayName) {
			p, _ := r.tr.Get(u.ID)
			return u, p.Category
		}
	}
	t.Fatal("no user with a plain name")
	return pod.User{}, ""
}

func waitPaneOutput(t *testing.T, tm *teatest.TestModel, what string, cond func(string) bool) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return cond(string(b)) },
		teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func outputHas(s ...string) func(string) bool {
	return func(out string) bool {
		for _, x := range s {
			if !strings.Contains(out, x) {
				return false
			}
		}
		return true
	}
}

// TestPresencePaneFlow runs the console with the pane beside a tab: a
// change made on the pod shows up with the user's name, STALE appears when
// the pod becomes unreachable and clears when it is back, and the header
// carries the freshness.
func TestPresencePaneFlow(t *testing.T) {
	r := newPresenceRig(t, emulator.Options{}, false)
	pane := NewPane(r.common, r.deps)
	root := ui.New(r.common, presenceBlankTab{})
	root.SetSidePane(pane)
	root.SetPaneMode(ui.PaneBeside)
	tm := viewtest.NewTestModel(t, root, 120, 30)

	waitPaneOutput(t, tm, "the pane live", outputHas("Presence live", "users:"))

	u, cur := pickPlainUser(t, r)
	next := pod.CategoryBusy
	if cur == next {
		next = pod.CategoryAway
	}
	if _, err := r.client.SetUserPresence(r.ctx(t), u.ID, next, false); err != nil {
		t.Fatal(err)
	}
	waitPaneOutput(t, tm, "the change with the user's name", outputHas(u.DisplayName, tab.PresenceLabel(cur)+" → "+tab.PresenceLabel(next)))

	r.emu.SetFaults(emulator.Faults{Unreachable: true})
	waitPaneOutput(t, tm, "the STALE badge", outputHas("Presence STALE", "presence STALE"))
	r.emu.SetFaults(emulator.Faults{})
	waitPaneOutput(t, tm, "the badge cleared", outputHas("Presence live"))

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
	if strings.Contains(final, "STALE") {
		t.Errorf("the final frame still says STALE:\n%s", final)
	}
	if !strings.Contains(final, "blank tab") || !strings.Contains(final, u.DisplayName) {
		t.Errorf("the final frame should show the tab and the pane beside it:\n%s", final)
	}
	if !regexp.MustCompile(`presence (now|\d+s ago)`).MatchString(final) {
		t.Errorf("the header shows no presence freshness:\n%s", final)
	}
}

// TestPresencePaneSetsPresence zooms the pane, sets the bot's own presence
// from the palette, then another user's through the user search and the
// confirm dialog, and checks the pod.
func TestPresencePaneSetsPresence(t *testing.T) {
	r := newPresenceRig(t, emulator.Options{}, false)
	pane := NewPane(r.common, r.deps)
	root := ui.New(r.common, presenceBlankTab{})
	root.SetSidePane(pane)
	root.SetPaneMode(ui.PaneZoomed)
	tm := viewtest.NewTestModel(t, root, 100, 30)
	waitPaneOutput(t, tm, "the pane live", outputHas("Presence live"))

	own, err := r.client.Presence(r.ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := pod.CategoryInAMeeting
	if own.Category == want {
		want = pod.CategoryBeRightBack
	}
	tm.Type("e")
	waitPaneOutput(t, tm, "the palette", outputHas("Set my presence"))
	tm.Type(tab.PresenceLabel(want))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitPaneOutput(t, tm, "the confirmation", outputHas("my presence is now "+tab.PresenceLabel(want)))
	if p, err := r.client.Presence(r.ctx(t)); err != nil || p.Category != want {
		t.Fatalf("own presence on the pod = %v, %v; want %s", p.Category, err, want)
	}

	u, cur := pickPlainUser(t, r)
	other := pod.CategoryOutOfOffice
	if cur == other {
		other = pod.CategoryOffWork
	}
	tm.Type("E")
	waitPaneOutput(t, tm, "the user search", outputHas("Set the presence of"))
	tm.Type(u.DisplayName)
	waitPaneOutput(t, tm, "the user found", outputHas(u.EmailAddress[:min(len(u.EmailAddress), 12)]))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitPaneOutput(t, tm, "the palette for the user", outputHas("Set the presence of "+u.DisplayName))
	tm.Type(tab.PresenceLabel(other))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitPaneOutput(t, tm, "the confirm dialog", outputHas("Set presence to "+tab.PresenceLabel(other)))
	if p, err := r.client.UserPresence(r.ctx(t), u.ID, true); err != nil || p.Category != cur {
		t.Fatalf("presence changed before the confirmation: %v, %v", p.Category, err)
	}
	tm.Type("y")
	waitPaneOutput(t, tm, "the confirmation", outputHas("presence of "+u.DisplayName+" is now "+tab.PresenceLabel(other)))
	if p, err := r.client.UserPresence(r.ctx(t), u.ID, true); err != nil || p.Category != other {
		t.Fatalf("presence of %d on the pod = %v, %v; want %s", u.ID, p.Category, err, other)
	}
	_ = tm.Quit()
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
