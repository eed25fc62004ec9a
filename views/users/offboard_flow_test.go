package users

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// esc stops an offboarding: the removal in flight finishes, nothing more
// starts, and the summary says how far it got.
func TestOffboardFlowStops(t *testing.T) {
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	t.Cleanup(release)
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/membership/remove") {
			<-hold
		}
		return false
	}))
	h.Deps.BulkWorkers = 1
	leaver := plainLocalUser(t, h, 3)
	uid := leaver.UserSystemInfo.ID
	ctx := h.Ctx(t)
	before, err := h.Admin.UserStreams(ctx, uid, pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Stop A", "Stop B", "Stop C"} {
		r, err := h.Admin.CreateRoom(ctx, pod.RoomChanges{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Admin.AddMember(ctx, r.RoomSystemInfo.ID, uid); err != nil {
			t.Fatal(err)
		}
	}

	f := startConsole(t, h, 150, 45)
	f.WaitFor("all users · ")
	f.Command("user " + leaver.UserAttributes.EmailAddress)
	f.WaitFor("roles     ")
	f.Send(viewtest.RuneKey("O"))
	f.WaitFor("Offboard " + leaver.UserAttributes.DisplayName)
	f.Send(viewtest.RuneKey("y"))
	f.WaitFor("offboarding 0/")
	f.Send(viewtest.TypeKey(tea.KeyEsc))
	f.WaitFor("stopping: the changes already sent finish")
	release()
	f.WaitFor("Stopped: Offboarded " + leaver.UserAttributes.DisplayName + ": out of 1 room")
	f.Finish()

	after, err := h.Admin.UserStreams(ctx, uid, pod.StreamFilter{StreamTypes: []pod.StreamType{{Type: pod.StreamRoom}}}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+3-1 {
		t.Fatalf("in %d rooms after the stop, want %d: one removal, the one in flight", len(after), len(before)+2)
	}
}
