package emulator

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestZZProbeScale(t *testing.T) {
	for _, sz := range [][2]int{{2000, 300}, {100_000, 20_000}} {
		t0 := time.Now()
		e, err := New(Options{Users: sz[0], Rooms: sz[1]})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("seed %v: %v\n", sz, time.Since(t0))
		c := &http.Client{}
		tok := login(t, c, e, BotUsername, e.Credentials.BotPrivateKeyPEM)
		q := ""
		for _, r := range []struct{ m, p string; body any }{
			{"GET", "/pod/v2/admin/user/list?skip=0&limit=1000", nil},
			{"GET", fmt.Sprintf("/pod/v2/admin/user/list?skip=%d&limit=1000", sz[0]*8/10), nil},
			{"GET", "/pod/v2/users/presence?limit=5000", nil},
			{"POST", "/pod/v3/room/search?skip=0&limit=100&includeNonDiscoverable=true", roomSearchCriteria{Query: &q}},
			{"POST", fmt.Sprintf("/pod/v3/room/search?skip=%d&limit=100&includeNonDiscoverable=true", sz[1]*8/10), roomSearchCriteria{Query: &q}},
			{"POST", "/pod/v2/admin/streams/list?skip=0&limit=100", map[string]any{"streamTypes": []map[string]string{{"type": "ROOM"}}}},
			{"POST", fmt.Sprintf("/pod/v2/admin/streams/list?skip=%d&limit=100", sz[1]*8/10), map[string]any{"streamTypes": []map[string]string{{"type": "ROOM"}}}},
		} {
			call(t, c, e, r.m, r.p, tok, r.body)
			t0 := time.Now()
			const n = 10
			for i := 0; i < n; i++ {
				resp := call(t, c, e, r.m, r.p, tok, r.body)
				if resp.Status != 200 {
					t.Fatalf("%s: %d", r.p, resp.Status)
				}
			}
			fmt.Printf("  %-90s %v\n", r.m+" "+r.p, time.Since(t0)/n)
		}
		e.Close()
	}
}
