package users

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// markaUsers creates enabled users whose names the seed has nowhere else:
// "Marka Alpha 1".., then "Marka Beta 1"..
func markaUsers(t *testing.T, h *viewtest.Harness, alphas, betas int) (alpha, beta []int64) {
	t.Helper()
	mk := func(kind string, n int) []int64 {
		var ids []int64
		for i := 1; i <= n; i++ {
			name := "Marka " + kind + " " + string(rune('0'+i))
			user := "marka." + kind + string(rune('0'+i))
			u, err := h.Admin.CreateUser(h.Ctx(t), pod.UserCreate{UserAttributes: pod.UserAttributes{
				UserName: user, EmailAddress: user + "@example.com", DisplayName: name, AccountType: pod.AccountNormal},
				Roles: []string{"INDIVIDUAL"}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.UserSystemInfo.ID)
		}
		return ids
	}
	return mk("Alpha", alphas), mk("Beta", betas)
}

// filterTo replaces the filter (none yet when fresh) with text.
func filterTo(f *viewtest.Console, text string, fresh bool) {
	f.Send(viewtest.RuneKey("/"))
	if !fresh {
		f.Send(viewtest.TypeKey(tea.KeyCtrlC)) // clears the text, keeps the input
	}
	f.TM.Type(text)
	f.Send(viewtest.TypeKey(tea.KeyEnter))
}

// statusOf is the user's status on the pod.
func statusOf(t *testing.T, h *viewtest.Harness, id int64) string {
	t.Helper()
	st, err := h.Admin.UserStatus(h.Ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Status
}

// A bulk change acts on the marked rows the table shows: marks the filter
// hides are left out and the confirm says so; when the filter hides every
// marked row the change is refused, not turned onto the cursor row.
func TestUsersFlowMarksHiddenByTheFilterAreLeftOut(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	alpha, beta := markaUsers(t, h, 3, 2)

	f := startConsole(t, h, 140, 40)
	f.WaitFor("all users · ")
	filterTo(f, "marka", true)
	f.WaitFor("Marka Beta 2")
	f.Send(viewtest.TypeKey(tea.KeyCtrlA))
	f.WaitFor("5 marked")

	// Another filter: the betas are hidden, still marked.
	filterTo(f, "marka alpha", false)
	f.WaitFor("5 marked, 2 hidden")
	f.Send(viewtest.RuneKey("D"))
	f.WaitFor("Disable users (they can no longer sign in): 3 items?", "2 marked rows hidden by the filter are left out")
	f.Send(viewtest.RuneKey("y"))
	f.WaitFor("disabled 3 users")
	for _, id := range alpha {
		if st := statusOf(t, h, id); st != pod.UserDisabled {
			t.Errorf("alpha %d is %s on the pod; want DISABLED", id, st)
		}
	}
	for _, id := range beta {
		if st := statusOf(t, h, id); st != pod.UserEnabled {
			t.Errorf("beta %d, marked but hidden by the filter, is %s on the pod; want ENABLED", id, st)
		}
	}

	// Filtered to one unmarked user: every marked row is hidden, and D is
	// refused rather than taking the cursor row.
	other := plainLocalUser(t, h, 0)
	writes := podWrites(h)
	filterTo(f, other.UserAttributes.EmailAddress, false)
	f.WaitFor("2 marked, 2 hidden")
	f.Send(viewtest.RuneKey("D"))
	f.WaitFor("nothing done: the 2 marked rows are all hidden by the filter · esc clears the filter to show them")
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("details takes the cursor row only, not the 2 marked users (2 hidden by the filter)")
	f.Finish()
	if n := podWrites(h) - writes; n != 0 {
		t.Fatalf("the refused change sent %d writes", n)
	}
	if st := statusOf(t, h, other.UserSystemInfo.ID); st != pod.UserEnabled {
		t.Fatalf("the cursor row's user is %s; want it left ENABLED", st)
	}
	for _, id := range beta {
		if st := statusOf(t, h, id); st != pod.UserEnabled {
			t.Errorf("beta %d is %s on the pod; want ENABLED", id, st)
		}
	}
}
