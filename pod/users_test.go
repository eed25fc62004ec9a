package pod

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestLookupSplitsIntoRequestsOf100AndMerges(t *testing.T) {
	tc := newTestClient(t, Options{})
	tc.fake.handle = func(r *http.Request) scripted {
		ids := strings.Split(r.URL.Query().Get("uid"), ",")
		if ids[0] == "201" { // the last chunk: nobody found
			return scripted{status: http.StatusNoContent}
		}
		var users []string
		for _, id := range ids {
			users = append(users, fmt.Sprintf(`{"id":%s}`, id))
		}
		return scripted{status: 200, header: jsonHeader(), body: fmt.Sprintf(`{"users":[%s],"errors":[{"error":"invalid.format","id":"x%s"}]}`, strings.Join(users, ","), ids[0])}
	}
	ids := make([]int64, 250)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	active := true
	got, err := tc.UsersByID(context.Background(), ids, LookupOptions{Active: &active})
	if err != nil {
		t.Fatal(err)
	}
	if n := tc.fake.count(); n != 3 {
		t.Fatalf("requests = %d, want 3", n)
	}
	// The chunks go out a few at a time, so in any order.
	var sizes []int
	for i, r := range tc.fake.reqs {
		q := r.URL.Query()
		sizes = append(sizes, len(strings.Split(q.Get("uid"), ",")))
		if q.Get("local") != "false" || q.Get("active") != "true" {
			t.Errorf("request %d query %v", i+1, q)
		}
	}
	if slices.Sort(sizes); !slices.Equal(sizes, []int{50, 100, 100}) {
		t.Errorf("the requests carried %v ids, want 100, 100 and 50", sizes)
	}
	if len(got.Users) != 200 || got.Users[0].ID != 1 || got.Users[199].ID != 200 {
		t.Fatalf("merged %d users", len(got.Users))
	}
	if len(got.Errors) != 2 || got.Errors[0].ID != "x1" || got.Errors[1].ID != "x101" {
		t.Fatalf("merged errors %+v", got.Errors)
	}
}

func TestLookupOfNothingSendsNothing(t *testing.T) {
	tc := newTestClient(t, Options{})
	got, err := tc.UsersByEmail(context.Background(), nil, LookupOptions{})
	if err != nil || len(got.Users) != 0 || tc.fake.count() != 0 {
		t.Fatalf("got %+v err %v after %d requests", got, err, tc.fake.count())
	}
}

func TestUsernameLookupIsAlwaysLocal(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: http.StatusNoContent})
	if _, err := tc.UsersByUsername(context.Background(), []string{"a", "b"}, LookupOptions{}); err != nil {
		t.Fatal(err)
	}
	if q := tc.fake.reqs[0].URL.Query(); q.Get("local") != "true" || q.Get("username") != "a,b" {
		t.Fatalf("query %v", q)
	}
}

func TestSearchWithNoMatchIsEmpty(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: http.StatusNoContent})
	users, err := Collect(tc.SearchAllUsers(context.Background(), UserSearchQuery{Query: "nobody"}, true))
	if err != nil || len(users) != 0 || tc.fake.count() != 1 {
		t.Fatalf("users %v err %v requests %d", users, err, tc.fake.count())
	}
}

func TestPasswordNeverPrints(t *testing.T) {
	u := UserCreate{Password: &Password{HPassword: "s3cret-hash", KHPassword: "s3cret-kh"}}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(format, u); strings.Contains(out, "s3cret") {
			t.Errorf("%s printed the password: %s", format, out)
		}
	}
}
