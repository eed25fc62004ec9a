package rooms

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// lostCreates is a pod front that loses the answer of the next room
// create (the connection closes; the create never reaches the pod) and
// refuses the search that would settle it, so the outcome stays unknown.
type lostCreates struct {
	loseNext, blindSearch atomic.Bool
	creates               atomic.Int32 // room creates that reached the front
}

func (l *lostCreates) front(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/v3/room/create"):
		l.creates.Add(1)
		if l.loseNext.CompareAndSwap(true, false) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
			return true
		}
	case l.blindSearch.Load() && strings.HasSuffix(r.URL.Path, "/v3/room/search"):
		viewtest.PodRefusal(w, http.StatusBadRequest, "search unavailable")
		return true
	}
	return false
}

func roomsNamed(t *testing.T, h *viewtest.Harness, name string) int {
	t.Helper()
	rooms, err := pod.Collect(h.Admin.SearchAllRooms(h.Ctx(t), pod.RoomSearchCriteria{Query: name}, true))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rooms {
		if strings.HasPrefix(r.RoomAttributes.Name, name) {
			n++
		}
	}
	return n
}

// A create whose answer was lost may have been made: the form comes back
// behind a question that defaults to looking, not as a live form where
// one enter (or ":messages" and enter, typed for the command line) sends
// a twin. Looking closes the form and runs the search the status line
// names; only a deliberate choice sends it again.
func TestRoomsCreateWithUnknownOutcomeAsksBeforeSendingAgain(t *testing.T) {
	l := &lostCreates{}
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(l.front))
	f := startRoomsFlow(t, h, 120, 30)
	f.waitFor("search: all rooms")

	create := func(name string) {
		l.loseNext.Store(true)
		l.blindSearch.Store(true)
		f.runes("a")
		f.waitFor("Create room")
		f.typeText(name)
		f.key(tea.KeyEnter)
		f.waitFor(`The room "`+name+`" may have been made`, "to look: :room "+name)
		l.blindSearch.Store(false)
	}

	// What the operator typed for the command line goes to the question:
	// ":messages" is no answer, and enter takes the focused "Look first".
	create("QA lose one")
	f.runes(":messages")
	f.key(tea.KeyEnter)
	f.waitFor(`no single room named "QA lose one"`) // looking ran ":room QA lose one"
	if n := l.creates.Load(); n != 1 {
		t.Fatalf("%d creates sent; want the lost one only", n)
	}

	// esc goes back to the fields; enter asks again rather than sending.
	create("QA lose two")
	f.key(tea.KeyEsc)
	f.runes("x")
	f.waitFor("QA lose twox")
	f.key(tea.KeyEnter)
	f.waitFor("[>Look first<]")
	if n := l.creates.Load(); n != 2 {
		t.Fatalf("%d creates sent; want the two lost ones only", n)
	}
	// Sending again is a deliberate choice: to the "Send again" button, enter.
	f.key(tea.KeyLeft)
	f.key(tea.KeyEnter)
	f.waitFor("Created room QA lose twox")
	if n := l.creates.Load(); n != 3 {
		t.Fatalf("%d creates sent; want 3", n)
	}
	f.finish()
	if n := roomsNamed(t, h, "QA lose"); n != 1 {
		t.Errorf("%d rooms named QA lose…; want the one sent again", n)
	}
}
