package rooms

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/views/internal/viewtest"
)

// The pod refuses a new room naming the keywords: the form comes back with
// every value and toggle as typed, the reason under Keywords, focused.
func TestRoomsCreateRefusedKeepsTheFormAndPointsAtTheField(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if refuse.Load() && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/v3/room/create") {
			viewtest.PodRefusal(w, http.StatusBadRequest, "Every keyword needs a key and a value")
			return true
		}
		return false
	}))
	v := New(h.Common, h.Deps)
	v.SetSize(120, 30)
	out := viewtest.Press(t, v, viewtest.RuneKey("a"))
	form := out.Modals[0]
	viewtest.TypeInto(form, "Zephyr Desk")
	form.Update(viewtest.TypeKey(tea.KeyTab))
	viewtest.TypeInto(form, "Rates desk")
	form.Update(viewtest.TypeKey(tea.KeyTab))
	viewtest.TypeInto(form, "region=EMEA")
	form.Update(viewtest.TypeKey(tea.KeyTab))
	form.Update(viewtest.RuneKey(" ")) // public on
	out = viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
	if len(out.Modals) != 1 {
		t.Fatalf("the refused form did not come back: status %q", out.LastStatus())
	}
	viewtest.MustContain(t, "status", out.LastStatus(), "cannot create room Zephyr Desk: Every keyword needs a key and a value")
	again := out.Modals[0]
	again.SetSize(120, 30)
	view := again.View()
	for _, want := range []string{"Zephyr Desk", "Rates desk", "> Keywords", "region=EMEA", "Every keyword needs a key and a value", "Public         [x]"} {
		viewtest.MustContain(t, "reopened form", view, want)
	}
	refuse.Store(false)
	out = viewtest.ModalKeys(t, v, again, viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "status", out.LastStatus(), "Created room Zephyr Desk")
}
