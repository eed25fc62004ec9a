package pod

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"

	"symtui/session"
)

// TestFeedReadRetriedOnlyWhenNothingWasTaken: a feed read drains what it
// returns, so a replay after the pod may have handled it would answer
// without the lost changes. Only reads that never reached the pod or that
// the pod turned away are tried again; the others fail at once, marked lost.
func TestFeedReadRetriedOnlyWhenNothingWasTaken(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	cases := []struct {
		name     string
		first    scripted
		attempts int
		lost     bool // when it fails
	}{
		{"connection refused", scripted{err: refused}, 2, false},
		{"dns failure", scripted{err: &net.DNSError{Err: "no such host", Name: "pod.test"}}, 2, false},
		{"429", scripted{status: 429}, 2, false},
		{"503 with Retry-After", scripted{status: 503, header: http.Header{"Retry-After": {"1"}}}, 2, false},
		{"reset after sending", scripted{err: reset}, 1, true},
		{"closed after sending", scripted{err: io.EOF}, 1, true},
		{"truncated answer", scripted{err: io.ErrUnexpectedEOF}, 1, true},
		{"read timeout", scripted{err: timeout}, 1, true},
		{"500", scripted{status: 500}, 1, true},
		{"proxy 502", scripted{status: 502, body: "<html>Bad Gateway</html>"}, 1, true},
		{"503 without Retry-After", scripted{status: 503}, 1, true},
		{"proxy 504", scripted{status: 504}, 1, true},
		{"unreadable answer", scripted{status: 200, body: `[{"userId": 1, "categ`}, 1, true},
		{"feed gone", scripted{status: 400, body: `{"code":400,"message":"feed not found"}`}, 1, false},
		{"forbidden", scripted{status: 403}, 1, false},
		{"certificate not trusted", scripted{err: x509.UnknownAuthorityError{}}, 1, false},
		{"sign-in failed", scripted{err: &session.AuthError{Message: "refused"}}, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Read-only: a feed read changes nothing the operator sees.
			tc := newTestClient(t, Options{ReadOnly: true}, c.first, scripted{status: 200, body: `[]`})
			read, err := tc.ReadPresenceFeed(context.Background(), "f1")
			if got := tc.fake.count(); got != c.attempts {
				t.Fatalf("attempts = %d, want %d (err %v)", got, c.attempts, err)
			}
			if c.attempts == 2 {
				if err != nil || !read.Complete() {
					t.Fatalf("after a retry: %+v, %v", read, err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := FeedReadLost(err); got != c.lost {
				t.Fatalf("FeedReadLost(%v) = %v, want %v", err, got, c.lost)
			}
		})
	}
	if FeedReadLost(nil) {
		t.Error("FeedReadLost(nil) = true")
	}
}

// A feed record as the Java BDK's own tests send it: ids and times quoted.
const quotedFeed = `[
 {"category":"AVAILABLE","userId":"14568529068038","timestamp":"1533928483800"},
 {"category":"BUSY","userId":14568529068039,"timestamp":1533928483801},
 {"category":"AWAY","userId":"not a number","timestamp":1},
 {"category":"OFFLINE","userId":14568529068040,"timestamp":{"ms":1}},
 ["not an object"],
 {"userId":14568529068041,"timestamp":1},
 {"category":"ON_THE_PHONE","timestamp":1},
 {"category":"IN_A_MEETING","userId":"14568529068042"}
]`

func TestFeedReadDecodesQuotedNumbersAndSkipsBrokenRecords(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: 200, header: jsonHeader(), body: quotedFeed})
	read, err := tc.ReadPresenceFeed(context.Background(), "f1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Presence{
		{Category: CategoryAvailable, UserID: 14568529068038, Timestamp: 1533928483800},
		{Category: CategoryBusy, UserID: 14568529068039, Timestamp: 1533928483801},
		{Category: CategoryInAMeeting, UserID: 14568529068042},
	}
	if len(read.Records) != len(want) || read.Skipped != 5 || read.Complete() || read.Replayed {
		t.Fatalf("read = %+v; want %d records and 5 skipped", read, len(want))
	}
	for i := range want {
		if read.Records[i] != want[i] {
			t.Errorf("record %d = %+v; want %+v", i, read.Records[i], want[i])
		}
	}
	if !(FeedRead{Skipped: 400, Records: make([]Presence, 100)}).Full() {
		t.Error("a read of 500 records, 400 of them skipped, is not reported full")
	}
}

func TestPresenceDecodesQuotedNumbers(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: 200, header: jsonHeader(), body: `{"category":"BUSY","userId":"7","timestamp":"1533928483800"}`})
	p, err := tc.UserPresence(context.Background(), 7, true)
	if err != nil || p != (Presence{Category: CategoryBusy, UserID: 7, Timestamp: 1533928483800}) {
		t.Fatalf("presence = %+v, %v", p, err)
	}
	tc = newTestClient(t, Options{}, scripted{status: 200, header: jsonHeader(), body: `[{"category":"BUSY","userId":"7","timestamp":"1"},{"category":"AWAY","userId":8}]`})
	page, err := tc.PresencePage(context.Background(), 0, false, 10)
	if err != nil || len(page) != 2 || page[0].UserID != 7 || page[1].Category != CategoryAway {
		t.Fatalf("page = %+v, %v", page, err)
	}
}

// A page of the full load is the whole truth about its users: one record
// that cannot be decoded fails the page, naming how many, rather than
// quietly dropping a user.
func TestPresencePageWithABrokenRecordFails(t *testing.T) {
	tc := newTestClient(t, Options{}, scripted{status: 200, header: jsonHeader(), body: `[{"category":"BUSY","userId":7},{"category":"AWAY","userId":"x"}]`})
	page, err := tc.PresencePage(context.Background(), 0, false, 10)
	if err == nil || page != nil || !strings.Contains(err.Error(), "1 of 2 presence records could not be decoded") {
		t.Fatalf("page = %+v, err = %v", page, err)
	}
	if !strings.Contains(err.Error(), "GET /pod/v2/users/presence") {
		t.Errorf("the error does not name the endpoint: %v", err)
	}
}

func FuzzPresenceListDecode(f *testing.F) {
	f.Add([]byte(quotedFeed))
	f.Add(presencePageJSON(3))
	f.Add([]byte(`[{"userId":"-0","timestamp":"9223372036854775808"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var l presenceList
		if err := l.decodeBody(b); err != nil {
			return
		}
		var raw []any
		if err := json.Unmarshal(b, &raw); err == nil && len(l.items)+l.skipped != len(raw) {
			t.Fatalf("%d records and %d skipped from %d elements", len(l.items), l.skipped, len(raw))
		}
	})
}
