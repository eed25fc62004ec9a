package pod_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

func TestE2ESessionInfoAndServerDate(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 50}, pod.Options{})
	me, err := p.client.SessionInfo(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != p.emu.Credentials.BotUserID || me.Username != emulator.BotUsername {
		t.Fatalf("sessioninfo = %+v", me)
	}
	infos := p.seen.snapshot()
	last := infos[len(infos)-1]
	if last.Route != "/pod/v2/sessioninfo" || last.Status != 200 || last.ServerDate.IsZero() || last.TraceID == "" {
		t.Fatalf("observer saw %+v", last)
	}
}

func TestE2EListAllUsers(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 5000}, pod.Options{})
	users, err := pod.Collect(p.client.AllUsers(testContext(t)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, u := range users {
		if seen[u.UserSystemInfo.ID] {
			t.Fatalf("user %d listed twice", u.UserSystemInfo.ID)
		}
		seen[u.UserSystemInfo.ID] = true
	}
	pages := p.requests("GET /pod/v2/admin/user/list")
	if want := len(users)/1000 + 1; pages != want {
		t.Fatalf("%d users took %d list requests, want %d", len(users), pages, want)
	}
	t.Logf("listed %d users with %d requests", len(users), pages)
	if local, _ := p.emu.UserCounts(); len(users) != local {
		t.Fatalf("listed %d users, the pod has %d", len(users), local)
	}
}

func TestE2ELookupSplitsBy100(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 600}, pod.Options{})
	ctx := testContext(t)
	all, err := pod.Collect(p.client.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, 250)
	for _, u := range all[:250] {
		ids = append(ids, u.UserSystemInfo.ID)
	}
	before := p.requests("GET /pod/v3/users")
	got, err := p.client.UsersByID(ctx, ids, pod.LookupOptions{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.requests("GET /pod/v3/users") - before; n != 3 {
		t.Fatalf("250 ids took %d requests, want 3", n)
	}
	if len(got.Users) != 250 {
		t.Fatalf("found %d of 250 users (errors %v)", len(got.Users), got.Errors)
	}
	// Malformed entries come back as partial errors next to the found users.
	res, err := p.client.UsersByEmail(ctx, []string{"not-an-email", all[0].UserAttributes.EmailAddress}, pod.LookupOptions{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Users) != 1 || len(res.Errors) != 1 || res.Errors[0].Email != "not-an-email" {
		t.Fatalf("lookup = %+v", res)
	}
}

func TestE2ESearchUsersPagesByCount(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 800}, pod.Options{})
	ctx := testContext(t)
	first, err := p.client.SearchUsers(ctx, pod.UserSearchQuery{Query: "a"}, true, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	all, err := pod.Collect(p.client.SearchAllUsers(ctx, pod.UserSearchQuery{Query: "a"}, true))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != first.Count || first.Count <= 100 {
		t.Fatalf("walked %d users, count said %d", len(all), first.Count)
	}
	none, err := pod.Collect(p.client.SearchAllUsers(ctx, pod.UserSearchQuery{Query: "zzzqqqxxx"}, true))
	if err != nil || len(none) != 0 {
		t.Fatalf("no-match search = %v, %v", none, err)
	}
}

// A lookup of many ids sends its requests a few at a time, not one after
// another, and merges the answers in the order asked.
func TestE2ELookupRunsBatchesInParallel(t *testing.T) {
	var inFlight, peak atomic.Int32
	front := func(t testing.TB, e *emulator.Emulator) string {
		target, _ := url.Parse(e.URL)
		proxy := httputil.NewSingleHostReverseProxy(target)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/pod/v3/users" {
				n := inFlight.Add(1)
				defer inFlight.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(20 * time.Millisecond) // long enough for the others to arrive
			}
			proxy.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	p := newLivePod(t, emulator.Options{Users: 1200}, pod.Options{}, front)
	ctx := testContext(t)
	all, err := pod.Collect(p.client.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, 1000)
	for _, u := range all[:1000] {
		ids = append(ids, u.UserSystemInfo.ID)
	}
	got, err := p.client.UsersByID(ctx, ids, pod.LookupOptions{Local: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != len(ids) {
		t.Fatalf("found %d of %d", len(got.Users), len(ids))
	}
	for i, u := range got.Users {
		if u.ID != ids[i] {
			t.Fatalf("user %d is %d, want %d: answers merged out of order", i, u.ID, ids[i])
		}
	}
	if n := peak.Load(); n < 2 || n > 4 {
		t.Fatalf("%d lookups in flight at once, want 2 to 4", n)
	}
}
