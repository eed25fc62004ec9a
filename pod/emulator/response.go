package emulator

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// bufferedResponse holds a handler's answer until the root handler sends
// it. Buffering lets a panic become a clean 500 whatever the handler wrote,
// lets a fault lose or delay an answer the handler already produced, and
// means a handler holding the pod's lock never waits on a slow client.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse {
	return &bufferedResponse{header: http.Header{}}
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (b *bufferedResponse) sendTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	status := b.status
	if status == 0 {
		status = http.StatusOK
	}
	if status != http.StatusNoContent && status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(b.body.Len()))
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.body.Bytes())
}

// msgInternal is the body of a recovered panic; the log says what happened.
const msgInternal = "Internal server error: the emulator failed to handle this request (its log says why)"

// run serves r through the router into a buffer. A panic is recovered: it is
// logged in one line, counted in the stats, and answered 500. The pod's lock
// is never held across a panic (every handler releases it with defer), so
// the next request is served as usual.
func (e *Emulator) run(r *http.Request) (answer *bufferedResponse) {
	answer = newBufferedResponse()
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			panic(p) // a deliberate abort: net/http closes the connection quietly
		}
		e.stats.countPanic()
		e.logger.Printf("recovered from a panic serving %s %q: %s%s",
			r.Method, clip(r.URL.Path, 200), strconv.Quote(clip(panicText(p), 500)), panicSite())
		answer = newBufferedResponse()
		writeError(answer, http.StatusInternalServerError, msgInternal)
	}()
	e.mux.ServeHTTP(answer, r)
	return answer
}

func panicText(p any) string {
	if err, ok := p.(error); ok {
		return err.Error()
	}
	return fmt.Sprint(p)
}

// panicSite names the file and line that panicked (" at streams.go:171"),
// read from the stack while the recovering function runs on top of it.
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	seenPanic := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" {
			seenPanic = true
		} else if seenPanic && !strings.HasPrefix(f.Function, "runtime.") {
			return " at " + filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return ""
		}
	}
}
