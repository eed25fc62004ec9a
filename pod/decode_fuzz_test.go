package pod

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// FuzzDecodeResponses feeds arbitrary bodies to the client's answer
// decoding, for a list, an object and an error status: malformed, truncated
// or wrongly typed JSON must come back as an error, never a panic.
func FuzzDecodeResponses(f *testing.F) {
	for _, seed := range []string{
		`{"users":[{"id":1,"displayName":"A"}],"errors":[{"error":"invalid.format","email":"x"}]}`,
		`[{"category":"AVAILABLE","userId":14568529068038,"timestamp":1533928483800}]`,
		`{"roomAttributes":{"name":"r"},"roomSystemInfo":{"id":"x","active":true}}`,
		`{"count":3,"skip":0,"limit":32,"members":[{"user":{"userId":1},"isOwner":true}]}`,
		`{"users":[{"id":"1"}]}`, `[{"userId":1.5}]`, `{"count":-1}`, `{"users":`, `null`, ``, "\xff", `{"code":401,"message":"x"}`,
	} {
		f.Add(seed, 200)
		f.Add(seed, 500)
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 200 || status > 599 {
			status = 200
		}
		tc := newTestClient(t, Options{Retry: &RetryPolicy{MaxAttempts: 1}}, scripted{status: status, body: body})
		ctx := context.Background()
		_, err1 := tc.UsersByID(ctx, []int64{1}, LookupOptions{})
		_, err2 := tc.PresencePage(ctx, 0, false, 10)
		_, err3 := tc.RoomInfo(ctx, "room")
		_, err4 := tc.StreamMembers(ctx, "room", 0, 10)
		_, err5 := Collect(tc.AuditTrail(ctx, AuditQuery{}))
		for _, err := range []error{err1, err2, err3, err4, err5} {
			if status >= 300 && status != http.StatusNoContent && err == nil {
				t.Fatalf("status %d decoded without error", status)
			}
			if err != nil {
				_ = err.Error() // every error renders
			}
		}
		if status == 200 && strings.TrimSpace(body) != "" && !json.Valid([]byte(body)) && err1 == nil {
			t.Fatalf("invalid JSON %q decoded without error", body)
		}
	})
}
