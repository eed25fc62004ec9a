package users

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// gatedPod is a pod of about 9,000 listed users (nine pages and more).
// Once arm is called it answers the first page of the admin list at once
// and holds the others until release is called: the list is loading, for
// sure, until then.
func gatedPod(t *testing.T) (h *viewtest.Harness, arm, release func()) {
	t.Helper()
	gate := make(chan struct{})
	var armed atomic.Bool
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(release)
	h = viewtest.New(t, emulator.Options{Users: 10_000, Rooms: 10}, viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if armed.Load() && strings.HasSuffix(r.URL.Path, "/admin/user/list") && r.URL.Query().Get("skip") != "0" && r.URL.Query().Get("skip") != "" {
			<-gate
		}
		return false
	}))
	return h, func() { armed.Store(true) }, release
}

// listed is every user of the admin list, in the pod's order.
func listed(t *testing.T, h *viewtest.Harness) []pod.UserDetail {
	t.Helper()
	all, err := pod.Collect(h.Admin.AllUsers(h.Ctx(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= 4*usersPageSize {
		t.Fatalf("only %d users listed", len(all))
	}
	return all
}

// finalUsers is the Users tab of a finished console.
func finalUsers(f *viewtest.Console) *Tab { return f.Finish().Views()[0].(*Tab) }

// The whole list loads while the operator moves the cursor: the keys work
// from the first page on, the rows that arrive do not move the cursor, and
// in the end every user of the pod is listed once, in the pod's order.
func TestUsersFlowWholeListLoadsWhileTheCursorMoves(t *testing.T) {
	h, arm, release := gatedPod(t)
	all := listed(t, h)
	arm()
	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · 1,000 so far ↻") // the first page shows; the rest is held
	for range 7 {
		f.Send(viewtest.RuneKey("j"))
	}
	f.Send(viewtest.RuneKey("k"))
	f.WaitFor("> " + ui.Sanitize(all[6].UserAttributes.DisplayName)) // moved while loading
	release()
	f.WaitFor("all users · " + ui.Thousands(len(all)) + " ")
	v := finalUsers(f)
	if len(v.listIDs) != len(all) || v.list.Len() != len(all) {
		t.Fatalf("%d users listed, %d rows; the pod has %d", len(v.listIDs), v.list.Len(), len(all))
	}
	for i, u := range all {
		if v.listIDs[i] != u.UserSystemInfo.ID {
			t.Fatalf("row %d is user %d, the pod lists %d there", i, v.listIDs[i], u.UserSystemInfo.ID)
		}
	}
	if want := strconv.FormatInt(all[6].UserSystemInfo.ID, 10); v.table.CursorID() != want {
		t.Fatalf("the cursor is on %s, want the 7th user %s", v.table.CursorID(), want)
	}
	if tl := v.Tally(); tl.Loading || tl.Total != len(all) {
		t.Fatalf("tally %+v", tl)
	}
}

// A disabled user is found by name with "/", among every user loaded and
// without asking the pod; the status filter then shows disabled users
// only, that one among them.
func TestUsersFlowDisabledUserFoundByFilter(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 3000, Rooms: 10})
	target := plainLocalUser(t, h, 7)
	id := target.UserSystemInfo.ID
	if err := h.Admin.UpdateUserStatus(h.Ctx(t), id, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	all, err := pod.Collect(h.Admin.AllUsers(h.Ctx(t)))
	if err != nil {
		t.Fatal(err)
	}
	disabled := 0
	for _, u := range all {
		if u.UserSystemInfo.Status == pod.UserDisabled {
			disabled++
		}
	}

	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · " + ui.Thousands(len(all)) + " ")
	searches := viewtest.RouteCount(h, "POST /pod/v1/user/search")
	f.Send(viewtest.RuneKey("/"))
	f.TM.Type(target.UserAttributes.DisplayName)
	f.Send(viewtest.TypeKey(tea.KeyEnter))
	f.WaitFor("DISABLED")
	f.Send(viewtest.RuneKey("f"), viewtest.RuneKey("f")) // all -> enabled -> disabled
	f.WaitFor("disabled only")
	v := finalUsers(f)
	if got := v.table.ShownIDs(); !slices.Contains(got, strconv.FormatInt(id, 10)) {
		t.Fatalf("the filter %q shows %v, not the disabled user %d", target.UserAttributes.DisplayName, got, id)
	}
	if n := viewtest.RouteCount(h, "POST /pod/v1/user/search") - searches; n != 0 {
		t.Fatalf("the filter searched the pod %d times", n)
	}
	for _, sid := range v.table.ShownIDs() {
		n, _ := strconv.ParseInt(sid, 10, 64)
		if r := v.recs[n]; r.Status != pod.UserDisabled {
			t.Fatalf("the disabled-only view shows %s (%s)", r.Name, r.Status)
		}
	}
	v.filterChanged("")
	if tl := v.Tally(); !tl.Narrowed || tl.Shown != disabled || tl.Total != len(all) {
		t.Fatalf("disabled only: tally %+v, the pod has %d disabled of %d", tl, disabled, len(all))
	}
	viewtest.MustContain(t, "tab", v.View(), "DISABLED")
}

// A sort set while the list loads covers the rows that arrive after it:
// the user whose name sorts first, on the last page, ends up on top, and
// the order is the whole list's.
func TestUsersFlowSortCoversRowsThatArriveLater(t *testing.T) {
	h, arm, release := gatedPod(t)
	first, err := h.Admin.CreateUser(h.Ctx(t), pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: "aaron.aardvark", EmailAddress: "aaron.aardvark@example.com", DisplayName: "Aaaron Aardvark",
		AccountType: pod.AccountNormal}, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		t.Fatal(err)
	}
	all := listed(t, h)
	if all[len(all)-1].UserSystemInfo.ID != first.UserSystemInfo.ID {
		t.Fatal("a new user should be listed last")
	}
	arm()

	f := startConsole(t, h, 120, 40)
	f.WaitFor("all users · 1,000 so far ↻")
	f.Send(viewtest.RuneKey("s")) // by name, with one page loaded
	f.WaitFor("by name")
	release()
	f.WaitFor("all users · " + ui.Thousands(len(all)) + " ")
	f.Send(viewtest.RuneKey("g"))
	f.WaitFor("> Aaaron Aardvark")
	v := finalUsers(f)

	want := make([]string, len(all))
	for i, u := range all {
		want[i] = strconv.FormatInt(u.UserSystemInfo.ID, 10)
	}
	name := map[string]string{}
	for _, u := range all {
		name[strconv.FormatInt(u.UserSystemInfo.ID, 10)] = strings.ToLower(ui.Sanitize(u.UserAttributes.DisplayName))
	}
	slices.SortStableFunc(want, func(a, b string) int { return strings.Compare(name[a], name[b]) })
	if got := v.table.ShownIDs(); !slices.Equal(got, want) {
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("row %d is %s (%q), a sort of the whole list puts %s (%q) there", i, got[i], name[got[i]], want[i], name[want[i]])
			}
		}
		t.Fatalf("%d rows sorted, want %d", len(got), len(want))
	}
}
