package users

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// A new user whose create answer was lost may exist: the form comes back
// behind the question, the status line says how to look (":user EMAIL"),
// enter looks (it does not send a twin), and only a deliberate choice
// sends the create again.
func TestUsersCreateWithUnknownOutcomeAsksBeforeSendingAgain(t *testing.T) {
	var loseNext, blindLookup atomic.Bool
	var creates atomic.Int32
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/admin/user/create"):
			creates.Add(1)
			if loseNext.CompareAndSwap(true, false) {
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					_ = conn.Close()
				}
				return true
			}
		case blindLookup.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/v3/users"):
			viewtest.PodRefusal(w, http.StatusBadRequest, "lookup unavailable")
			return true
		}
		return false
	}))
	v, _ := newTestUsers(t, h, 120, 30)
	const email = "twin.check@example.com"

	submit := func() ui.Modal {
		loseNext.Store(true)
		blindLookup.Store(true)
		defer blindLookup.Store(false)
		form := viewtest.Press(t, v, viewtest.RuneKey("a")).Modals[0]
		viewtest.TypeInto(form, email)
		form.Update(viewtest.TypeKey(tea.KeyTab))
		viewtest.TypeInto(form, "twin.check")
		form.Update(viewtest.TypeKey(tea.KeyTab))
		viewtest.TypeInto(form, "Twin Check")
		out := viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
		if len(out.Modals) != 1 {
			t.Fatalf("the form did not come back: status %q", out.LastStatus())
		}
		viewtest.MustContain(t, "status", out.LastStatus(), "cannot create user Twin Check: it may have been made; to look: :user "+email+" · outcome unknown")
		again := out.Modals[0]
		again.SetSize(120, 30)
		viewtest.MustContain(t, "reopened form", again.View(), "The user "+email+" may have been made")
		return again
	}

	// enter looks: the lookup runs, nothing is sent.
	out := viewtest.ModalKeys(t, v, submit(), viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "status after looking", out.LastStatus(), email)
	if n := creates.Load(); n != 1 {
		t.Fatalf("%d creates sent; want the lost one only", n)
	}
	// Sending again takes the "Send again" button.
	out = viewtest.ModalKeys(t, v, submit(), viewtest.TypeKey(tea.KeyLeft), viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "status after sending again", out.LastStatus(), "created user Twin Check")
	if n := creates.Load(); n != 3 {
		t.Fatalf("%d creates sent; want 3", n)
	}
	list, err := h.Admin.UsersByUsername(h.Ctx(t), []string{"twin.check"}, pod.LookupOptions{})
	if err != nil || len(list.Users) != 1 {
		t.Fatalf("users named twin.check: %v, %v; want one", list.Users, err)
	}
}
