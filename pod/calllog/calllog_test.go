package calllog

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"symtui/pod"
)

var clock = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func info(n int) pod.RequestInfo {
	return pod.RequestInfo{Method: "GET", Route: "/pod/v3/users", Status: 200, Attempt: 1, TraceID: fmt.Sprint("t", n)}
}

// The ring keeps the newest, newest first, and never more than its size.
func TestRingKeepsTheNewest(t *testing.T) {
	r := New(3, func() time.Time { return clock })
	for i := 1; i <= 5; i++ {
		r.Add("alpha", info(i))
	}
	got := r.Entries()
	if len(got) != 3 || got[0].TraceID != "t5" || got[2].TraceID != "t3" || got[0].Seq != 5 || r.Latest() != 5 {
		t.Fatalf("entries %+v", got)
	}
	if got[0].Pod != "alpha" || !got[0].At.Equal(clock) {
		t.Errorf("entry %+v", got[0])
	}
	if New(0, nil).Size() != DefaultSize {
		t.Error("a ring of size 0 is not the default")
	}
}

// Failed: no answer, or 400 and above.
func TestEntryFailed(t *testing.T) {
	for _, c := range []struct {
		e    Entry
		want bool
	}{{Entry{Status: 200}, false}, {Entry{Status: 304}, false}, {Entry{Status: 403}, true}, {Entry{Status: 503}, true}, {Entry{Status: 0, Err: "reset"}, true}} {
		if c.e.Failed() != c.want {
			t.Errorf("%+v failed = %v", c.e, !c.want)
		}
	}
}

// The ring notifies once, then not until the reader has seen.
func TestRingNotifiesOnceUntilSeen(t *testing.T) {
	r := New(10, nil)
	var calls atomic.Int32
	var wg sync.WaitGroup
	wg.Add(1)
	r.SetNotify(func() { calls.Add(1); wg.Done() })
	r.Add("p", info(1))
	r.Add("p", info(2))
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d notifications before Seen", n)
	}
	wg.Add(1)
	r.Seen()
	r.Add("p", info(3))
	wg.Wait()
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d notifications", n)
	}
}

// What a client's observer hands the ring comes out with every secret
// withheld, whatever slipped past the client: by the parameter's name and
// by the value's shape, in the parameters, the pod's message and the
// error.
func TestRingWithholdsSecrets(t *testing.T) {
	corpus := []string{
		"eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----",
		"Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq",
		strings.Repeat("9f8e7d6c5b4a3210", 8),
	}
	r := New(10, nil)
	for _, sec := range corpus {
		r.Add("p", pod.RequestInfo{
			Method: "POST", Route: "/login/pubkey/authenticate", Status: 401,
			Message: "refused " + sec,
			Err:     errors.New("Post \"https://pod/login?token=" + sec + "\": reset"),
			Params:  []pod.Param{{Name: "note", Value: "x " + sec}, {Name: "sessionToken", Value: "short"}, {Name: "password", Value: "hunter2"}},
		})
	}
	for _, e := range r.Entries() {
		text := fmt.Sprintf("%+v", e)
		for _, sec := range append(corpus, "hunter2", "short", "eyJ", "MIIEow") {
			if strings.Contains(text, sec) {
				t.Errorf("an entry holds %.12q…: %s", sec, text)
			}
		}
		if !strings.Contains(e.Message, pod.Withheld) || e.Params[1].Value != pod.Withheld || e.Params[2].Value != pod.Withheld {
			t.Errorf("entry %+v", e)
		}
	}
}

// Many goroutines log at once; the ring stays whole.
func TestRingIsSafeForConcurrentUse(t *testing.T) {
	r := New(100, nil)
	r.SetNotify(func() {})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				r.Add("p", info(g*1000+i))
				_ = r.Entries()
				r.Seen()
			}
		})
	}
	wg.Wait()
	if got := r.Entries(); len(got) != 100 || r.Latest() != 1600 || got[0].Seq != 1600 || got[99].Seq != 1501 {
		t.Fatalf("%d entries, latest %d", len(got), r.Latest())
	}
}
