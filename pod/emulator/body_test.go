package emulator

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// jsonFiller is a request body of n bytes, made as it is read so the client
// side holds none of it: {"query":"aaaa...."}.
type jsonFiller struct {
	n, off int64
}

var fillerAs = bytes.Repeat([]byte("a"), 32<<10)

func (f *jsonFiller) Read(p []byte) (int, error) {
	const head, tail = `{"query":"`, `"}`
	body := f.n - int64(len(tail)) // where the tail starts
	switch {
	case f.off >= f.n:
		return 0, io.EOF
	case f.off < int64(len(head)):
		n := copy(p, head[f.off:])
		f.off += int64(n)
		return n, nil
	case f.off < body:
		n := copy(p[:min(int64(len(p)), body-f.off)], fillerAs)
		f.off += int64(n)
		return n, nil
	}
	n := copy(p, tail[f.off-body:])
	f.off += int64(n)
	return n, nil
}

// onlyReader hides the type of a reader, so the client cannot learn its
// length and sends it chunked.
type onlyReader struct{ io.Reader }

// postBody sends a user search with a body of n bytes, sized or chunked, and
// returns the status (0 when the connection was closed first).
func postBody(t *testing.T, c *http.Client, e *Emulator, tok string, n int64, chunked bool) int {
	t.Helper()
	var body io.Reader = &jsonFiller{n: n}
	if chunked {
		body = onlyReader{body}
	}
	req, err := http.NewRequest("POST", e.URL+"/pod/v1/user/search", body)
	if err != nil {
		t.Fatal(err)
	}
	if !chunked {
		req.ContentLength = n
	}
	req.Header.Set("sessionToken", tok)
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusRequestEntityTooLarge && !strings.Contains(string(raw), `"code":413`) {
		t.Errorf("413 body %s", raw)
	}
	return resp.StatusCode
}

// A body over MaxBodyBytes is a 413 in the pod's shape, sized or chunked;
// one at the limit is read whole (it used to be cut at 8 MiB and answered
// "unexpected end of JSON input").
func TestBodyOverTheLimitIs413(t *testing.T) {
	e := startPod(t, Options{Users: 20})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	for _, chunked := range []bool{false, true} {
		if got := postBody(t, c, e, tok, MaxBodyBytes+1, chunked); got != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked %t: a body of MaxBodyBytes+1 answered %d", chunked, got)
		}
		if got := postBody(t, c, e, tok, MaxBodyBytes, chunked); got != http.StatusNoContent {
			t.Errorf("chunked %t: a body of MaxBodyBytes answered %d, want 204 (no user matches)", chunked, got)
		}
	}
	// A client that waits for "100 Continue" is answered without sending the body.
	c.Transport.(*http.Transport).ExpectContinueTimeout = time.Minute
	filler := &jsonFiller{n: 50_000_000}
	req, _ := http.NewRequest("POST", e.URL+"/pod/v1/user/search", filler)
	req.ContentLength = filler.n
	req.Header.Set("Expect", "100-continue")
	req.Header.Set("sessionToken", tok)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || filler.off != 0 {
		t.Fatalf("with Expect: 100-continue: %d after sending %d bytes", resp.StatusCode, filler.off)
	}
	if now, _ := e.bodies.usage(); now != 0 {
		t.Fatalf("%d body bytes still reserved after every request ended", now)
	}
}

// heapPeak samples the live heap until stop is closed and returns its peak.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				out <- peak
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return out
}

// Sixteen clients sending 50 MB bodies at once, half sized and half chunked,
// cannot push the emulator's memory past MaxBodiesInFlight: every request is
// answered 413 (or cut), at most MaxBodiesInFlight bytes are ever reserved,
// and the heap grows by a bounded amount.
func TestConcurrentHugeBodiesStayWithinTheCap(t *testing.T) {
	e := startPod(t, Options{Users: 20})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc

	stop := make(chan struct{})
	peak := heapPeak(stop)
	var wg sync.WaitGroup
	var tooLarge, cut atomic.Int32
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch postBody(t, c, e, tok, 50_000_000, i%2 == 1) {
			case http.StatusRequestEntityTooLarge:
				tooLarge.Add(1)
			case 0:
				cut.Add(1)
			default:
				t.Error("a 50 MB body was accepted")
			}
		}()
	}
	wg.Wait()
	close(stop)
	grew := int64(<-peak) - int64(base)
	_, reserved := e.bodies.usage()
	t.Logf("16 × 50 MB bodies: %d answered 413, %d cut; peak reserved %.1f MiB (cap %d MiB); heap grew by at most %.1f MiB",
		tooLarge.Load(), cut.Load(), float64(reserved)/(1<<20), MaxBodiesInFlight>>20, float64(grew)/(1<<20))
	if reserved > MaxBodiesInFlight {
		t.Fatalf("%d bytes reserved at once, over the cap of %d", reserved, MaxBodiesInFlight)
	}
	// Reserved bodies, plus what the GC had not yet collected of the bodies
	// read before (the GC lets the heap reach twice what is live).
	if limit := int64(3 * MaxBodiesInFlight); grew > limit {
		t.Fatalf("the heap grew by %d MiB, over %d MiB", grew>>20, limit>>20)
	}
	if tooLarge.Load() == 0 {
		t.Fatal("no request was answered 413")
	}
}

// Six valid bodies just under the limit, more than the cap holds at once,
// all succeed: a request waits for its share instead of failing.
func TestBodiesWaitForTheirShare(t *testing.T) {
	e := startPod(t, Options{Users: 20})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = postBody(t, c, e, tok, MaxBodyBytes-1024, i%2 == 1)
		}()
	}
	wg.Wait()
	_, peak := e.bodies.usage()
	if peak > MaxBodiesInFlight {
		t.Fatalf("peak reserved %d, over %d", peak, MaxBodiesInFlight)
	}
	for _, s := range statuses {
		if s != http.StatusNoContent {
			t.Fatalf("statuses %v, want 204 for each", statuses)
		}
	}
}
