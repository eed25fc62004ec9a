package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// someUsers picks seeded users for a test: a local enabled one, an external
// one and a disabled one. They are copies.
func someUsers(t *testing.T, e *Emulator) (local, external, disabled user) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	var gotL, gotE, gotD bool
	for _, id := range e.st.userOrder {
		u := e.st.users[id]
		switch {
		case u.External && !gotE:
			external, gotE = *u, true
		case !u.External && u.Status == "DISABLED" && !gotD:
			disabled, gotD = *u, true
		case !u.External && u.Status == "ENABLED" && u.AccountType == "NORMAL" && !u.Suspended && !gotL && !isHostile(u.DisplayName):
			local, gotL = *u, true
		}
	}
	if !gotL || !gotE || !gotD {
		t.Fatal("seed lacks a local, an external or a disabled user")
	}
	return
}

func TestAdminEndpointsNeedARole(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	plain := plainToken(t, c, e)
	bot := botToken(t, c, e)
	uid := e.Credentials.PlainUserID
	for _, ep := range []struct{ method, path, body string }{
		{"GET", "/pod/v2/admin/user/list", ""},
		{"POST", "/pod/v1/admin/user/find", `{}`},
		{"GET", fmt.Sprintf("/pod/v2/admin/user/%d", uid), ""},
		{"POST", "/pod/v2/admin/user/create", `{"userAttributes":{"userName":"x","displayName":"X","emailAddress":"x@y.example"}}`},
		{"POST", fmt.Sprintf("/pod/v2/admin/user/%d/update", uid), `{"title":"x"}`},
		{"GET", fmt.Sprintf("/pod/v1/admin/user/%d/features", uid), ""},
		{"POST", fmt.Sprintf("/pod/v1/admin/user/%d/features/update", uid), `[]`},
		{"GET", "/pod/v1/admin/system/features/list", ""},
		{"GET", "/pod/v1/admin/system/roles/list", ""},
		{"POST", fmt.Sprintf("/pod/v1/admin/user/%d/roles/add", uid), `{"id":"SUPER_ADMINISTRATOR"}`},
		{"POST", fmt.Sprintf("/pod/v1/admin/user/%d/roles/remove", uid), `{"id":"INDIVIDUAL"}`},
		{"GET", fmt.Sprintf("/pod/v1/admin/user/%d/status", uid), ""},
		{"POST", fmt.Sprintf("/pod/v1/admin/user/%d/status/update", uid), `{"status":"DISABLED"}`},
		{"PUT", fmt.Sprintf("/pod/v1/admin/user/%d/suspension/update", uid), `{"suspended":true}`},
		{"POST", fmt.Sprintf("/pod/v1/admin/user/%d/streams/list", uid), `{}`},
	} {
		var body any
		if ep.body != "" {
			body = ep.body
		}
		wantError(t, call(t, c, e, ep.method, ep.path, plain, body), http.StatusForbidden, "lacks the required entitlement")
		if ep.method == "GET" {
			wantStatus(t, call(t, c, e, ep.method, ep.path, bot, nil), http.StatusOK)
		}
		wantError(t, call(t, c, e, ep.method, ep.path, "", body), http.StatusUnauthorized, "Invalid session")
	}
	// The plain account still has its session: a 403 changes nothing.
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", plain, nil), http.StatusOK)
}

func TestAdminUserList(t *testing.T) {
	e := startPod(t, Options{Users: 300})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	var all []v2UserDetail
	call(t, c, e, "GET", "/pod/v2/admin/user/list?limit=1000", bot, nil).decode(t, &all)
	local, external := e.UserCounts()
	if local+external != 302 || external == 0 {
		t.Fatalf("UserCounts = %d local, %d external; want 302 in all", local, external)
	}
	if len(all) != local {
		t.Fatalf("list has %d users, the pod has %d local users", len(all), local)
	}
	var def, page2 []v2UserDetail
	call(t, c, e, "GET", "/pod/v2/admin/user/list", bot, nil).decode(t, &def)
	call(t, c, e, "GET", "/pod/v2/admin/user/list?skip=100&limit=100", bot, nil).decode(t, &page2)
	if len(def) != 100 || page2[0].UserSystemInfo.ID != all[100].UserSystemInfo.ID {
		t.Fatalf("default page %d users; page 2 starts at %d, want %d", len(def), page2[0].UserSystemInfo.ID, all[100].UserSystemInfo.ID)
	}
	if all[0].UserAttributes.UserName == nil || all[0].UserSystemInfo.Status == "" || len(all[0].Roles) == 0 {
		t.Fatalf("record lacks userName/status/roles: %+v", all[0])
	}
	for _, q := range []string{"limit=1001", "limit=0", "skip=-1", "limit=abc"} {
		wantStatus(t, call(t, c, e, "GET", "/pod/v2/admin/user/list?"+q, bot, nil), http.StatusBadRequest)
	}
	var beyond []v2UserDetail
	r := call(t, c, e, "GET", "/pod/v2/admin/user/list?skip=100000", bot, nil)
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &beyond)
	if len(beyond) != 0 {
		t.Fatalf("beyond the end: %d users", len(beyond))
	}
}

func TestAdminUserFind(t *testing.T) {
	e := startPod(t, Options{Users: 1000})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	var found []v2UserDetail
	call(t, c, e, "POST", "/pod/v1/admin/user/find?limit=1000", bot, userFilter{Role: "SUPER_ADMINISTRATOR", Status: "ENABLED"}).decode(t, &found)
	if len(found) == 0 {
		t.Fatal("no enabled super administrator found (the bot is one)")
	}
	for _, d := range found {
		if !strings.Contains(strings.Join(d.Roles, ","), "SUPER_ADMINISTRATOR") || d.UserSystemInfo.Status != "ENABLED" {
			t.Fatalf("find returned %+v", d)
		}
		if d.UserAttributes.RecommendedLanguage != nil {
			t.Fatal("v1 UserDetail carries a v2-only attribute")
		}
	}
	call(t, c, e, "POST", "/pod/v1/admin/user/find?limit=1000", bot, userFilter{Status: "DISABLED"}).decode(t, &found)
	if len(found) == 0 || found[0].UserSystemInfo.Status != "DISABLED" {
		t.Fatalf("status filter: %d users", len(found))
	}
	call(t, c, e, "POST", "/pod/v1/admin/user/find?limit=5", bot, userFilter{Feature: "canCreatePublicRoom"}).decode(t, &found)
	if len(found) != 5 {
		t.Fatalf("feature filter with limit 5 gave %d", len(found))
	}
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/admin/user/find", bot, userFilter{Status: "ASLEEP"}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/admin/user/find", bot, userFilter{Feature: "flying"}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/admin/user/find?limit=1001", bot, userFilter{}), http.StatusBadRequest)
}

func TestUsersLookupV3(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	tok := plainToken(t, c, e)
	local, external, disabled := someUsers(t, e)
	get := func(q string) response { return call(t, c, e, "GET", "/pod/v3/users?"+q, tok, nil) }

	var list v2UserList
	r := get(fmt.Sprintf("uid=%d,%d,abc,99999999999&local=false", local.ID, external.ID))
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &list)
	if len(list.Users) != 2 || list.Users[0].ID != local.ID || list.Users[1].ID != external.ID {
		t.Fatalf("users = %s", r.Body)
	}
	if len(list.Errors) != 1 || list.Errors[0] != (userError{Error: "invalid.format", ID: "abc"}) {
		t.Fatalf("errors = %+v", list.Errors)
	}
	if !strings.Contains(string(r.Body), `"errors":[{"error":"invalid.format","id":"abc"}]`) {
		t.Fatalf("errors wire shape: %s", r.Body)
	}

	list = v2UserList{}
	get(fmt.Sprintf("uid=%d,%d&local=true", local.ID, external.ID)).decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].ID != local.ID {
		t.Fatalf("local=true kept an external user: %+v", list.Users)
	}

	list = v2UserList{}
	r = get("email=" + url.QueryEscape(local.Email+",notanemail,nobody@nowhere.example"))
	r.decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].EmailAddress != local.Email || len(list.Errors) != 1 || list.Errors[0].Email != "notanemail" {
		t.Fatalf("email lookup: %s", r.Body)
	}

	list = v2UserList{}
	get("username="+url.QueryEscape(local.Username)).decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].Username != local.Username {
		t.Fatalf("username lookup: %+v", list)
	}

	list = v2UserList{}
	get(fmt.Sprintf("uid=%d,%d&active=true", local.ID, disabled.ID)).decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].ID != local.ID {
		t.Fatalf("active=true: %+v", list.Users)
	}
	list = v2UserList{}
	get(fmt.Sprintf("uid=%d,%d&active=false", local.ID, disabled.ID)).decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].ID != disabled.ID {
		t.Fatalf("active=false: %+v", list.Users)
	}

	wantStatus(t, get("uid=99999999999"), http.StatusNoContent)
	if r := get("uid=99999999999"); len(r.Body) != 0 {
		t.Fatalf("204 with a body: %q", r.Body)
	}
	wantStatus(t, get(""), http.StatusBadRequest)
	wantStatus(t, get(fmt.Sprintf("uid=%d&email=%s", local.ID, url.QueryEscape(local.Email))), http.StatusBadRequest)
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint(local.ID)
	}
	wantStatus(t, get("uid="+strings.Join(ids, ",")), http.StatusBadRequest)
	wantStatus(t, get("uid="+strings.Join(ids[:100], ",")), http.StatusOK)
}

func TestUserLookupV2(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	tok := plainToken(t, c, e)
	local, external, _ := someUsers(t, e)
	var u userV2
	call(t, c, e, "GET", fmt.Sprintf("/pod/v2/user?uid=%d", local.ID), tok, nil).decode(t, &u)
	if u.ID != local.ID || u.DisplayName != local.DisplayName || u.Company != local.Company {
		t.Fatalf("v2/user = %+v", u)
	}
	u = userV2{}
	call(t, c, e, "GET", "/pod/v2/user?email="+url.QueryEscape(external.Email), tok, nil).decode(t, &u)
	if u.ID != external.ID || u.Department != "" || u.WorkPhoneNumber != "" {
		t.Fatalf("external user shows more than a public profile: %+v", u)
	}
	wantStatus(t, call(t, c, e, "GET", fmt.Sprintf("/pod/v2/user?uid=%d&local=true", external.ID), tok, nil), http.StatusNoContent)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?username="+local.Username, tok, nil), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?username="+local.Username+"&local=true", tok, nil), http.StatusOK)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?uid=12", tok, nil), http.StatusNoContent)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?uid=x", tok, nil), http.StatusBadRequest)
}

func TestUserSearch(t *testing.T) {
	e := startPod(t, Options{Users: 1000})
	c := client(t, e, false)
	tok := plainToken(t, c, e)
	local, _, _ := someUsers(t, e)
	var res userSearchResults
	r := call(t, c, e, "POST", "/pod/v1/user/search", tok, userSearchQuery{Query: strings.ToUpper(local.LastName)})
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &res)
	if res.Count == 0 || res.Limit != 50 || res.Skip != 0 || res.SearchQuery.Query != strings.ToUpper(local.LastName) {
		t.Fatalf("search = %s", r.Body)
	}
	for _, u := range res.Users {
		if !strings.Contains(strings.ToLower(u.FirstName+u.LastName+u.DisplayName+u.EmailAddress), strings.ToLower(local.LastName)) {
			t.Fatalf("%+v does not match %q", u, local.LastName)
		}
	}

	// count is the total; limit pages.
	var broad, paged userSearchResults
	call(t, c, e, "POST", "/pod/v1/user/search?limit=1000", tok, userSearchQuery{Query: "a"}).decode(t, &broad)
	call(t, c, e, "POST", "/pod/v1/user/search?skip=5&limit=3", tok, userSearchQuery{Query: "a"}).decode(t, &paged)
	if paged.Count != broad.Count || len(paged.Users) != 3 || paged.Users[0].ID != broad.Users[5].ID {
		t.Fatalf("paging: count %d vs %d, %d users", paged.Count, broad.Count, len(paged.Users))
	}

	var localOnly userSearchResults
	call(t, c, e, "POST", "/pod/v1/user/search?local=true&limit=1000", tok, userSearchQuery{Query: "a"}).decode(t, &localOnly)
	if localOnly.Count >= broad.Count {
		t.Fatalf("local=true found %d, directory search %d", localOnly.Count, broad.Count)
	}
	e.mu.Lock()
	for _, u := range localOnly.Users {
		if e.st.users[u.ID].External {
			t.Errorf("local search returned external user %d", u.ID)
		}
	}
	e.mu.Unlock()

	// Filters; accountTypes as a list or (spec example) a bare string.
	r = call(t, c, e, "POST", "/pod/v1/user/search", tok, `{"query":"symtui","filters":{"accountTypes":"SYSTEM"}}`)
	r.decode(t, &res)
	if res.Count != 2 {
		t.Fatalf("SYSTEM accounts named symtui: %s", r.Body)
	}
	r = call(t, c, e, "POST", "/pod/v1/user/search", tok, `{"query":"symtui","filters":{"accountTypes":["NORMAL"]}}`)
	wantStatus(t, r, http.StatusNoContent)
	call(t, c, e, "POST", "/pod/v1/user/search?limit=1000", tok, userSearchQuery{Query: "a", Filters: &userSearchFilter{Location: strings.ToLower(local.Location)}}).decode(t, &res)
	for _, u := range res.Users {
		if u.Location != local.Location {
			t.Fatalf("location filter let %q through", u.Location)
		}
	}

	wantStatus(t, call(t, c, e, "POST", "/pod/v1/user/search", tok, userSearchQuery{Query: "zzzqqqxxx"}), http.StatusNoContent)
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/user/search?limit=-1", tok, userSearchQuery{Query: "a"}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/user/search", tok, nil), http.StatusBadRequest)
}

// BenchmarkUserSearch100k is one directory search over 100,000 users through HTTP.
func BenchmarkUserSearch100k(b *testing.B) {
	e, err := New(Options{Users: 100_000, Rooms: 10})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	c := &http.Client{}
	tok := login(b, c, e, BotUsername, e.Credentials.BotPrivateKeyPEM)
	call(b, c, e, "POST", "/pod/v1/user/search", tok, userSearchQuery{Query: "warm"}) // builds the search keys
	for b.Loop() {
		r := call(b, c, e, "POST", "/pod/v1/user/search?limit=50", tok, userSearchQuery{Query: "smith"})
		if r.Status != http.StatusOK {
			b.Fatalf("search: %d", r.Status)
		}
	}
}
