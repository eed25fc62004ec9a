package contract

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"
)

// NewTransport returns a RoundTripper that sends every request through next (nil means
// http.DefaultTransport), validates the exchange with v and reports each violation with
// t.Errorf. Bodies are buffered, so the caller still reads them. Exercised operations are
// recorded for Exercised and WriteReport.
func NewTransport(t testing.TB, v *Validator, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &Recorder{reporter: newReporter(t), v: v, next: next}
}

// Recorder is the validating RoundTripper NewTransport returns.
type Recorder struct {
	*reporter
	v    *Validator
	next http.RoundTripper
}

func (tr *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	reqBody, err := readAll(req.Body)
	if err != nil {
		return nil, err
	}
	sent := req.Clone(req.Context())
	switch {
	case req.Body == nil || req.Body == http.NoBody:
	case len(reqBody) == 0:
		sent.Body = http.NoBody // an empty reader of unknown length would be sent chunked
	default:
		sent.Body = io.NopCloser(bytes.NewReader(reqBody))
		sent.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
	}
	resp, err := tr.next.RoundTrip(sent)
	if err != nil {
		tr.report(tr.v, req, reqBody, nil, nil)
		return nil, err
	}
	respBody, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if readErr != nil {
		// The caller sees the same failure when it reads; only the request can be judged.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(respBody), errReader{readErr}))
		tr.report(tr.v, req, reqBody, nil, nil)
		return resp, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	tr.report(tr.v, req, reqBody, resp, respBody)
	return resp, nil
}

// Middleware validates what the handler next answers, from the server side: a test wraps the
// emulator's handler with it to check its responses whatever client calls it.
func Middleware(t testing.TB, v *Validator, next http.Handler) http.Handler {
	rep := newReporter(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, err := readAll(r.Body)
		if err != nil {
			http.Error(w, "reading request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		rec := &capture{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		resp := &http.Response{StatusCode: rec.status, Header: w.Header(), Request: r}
		rep.report(v, r, reqBody, resp, rec.body.Bytes())
	})
}

// reporter turns violations into test errors and records exercised operations. It stops
// reporting once the test has finished: a server may still answer stragglers then.
type reporter struct {
	t    testing.TB
	mu   sync.Mutex
	done bool
}

func newReporter(t testing.TB) *reporter {
	r := &reporter{t: t}
	t.Cleanup(func() {
		r.mu.Lock()
		r.done = true
		r.mu.Unlock()
	})
	return r
}

func (r *reporter) report(v *Validator, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	op, err := v.check(req, reqBody, resp, respBody)
	if op != "" {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		record(op, status)
	}
	if err == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.done {
		r.t.Helper()
		r.t.Errorf("contract violation: %v", err)
	}
}

// capture copies what a handler writes while passing it through.
type capture struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (c *capture) WriteHeader(status int) {
	if !c.wroteHeader {
		c.status, c.wroteHeader = status, true
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *capture) Write(p []byte) (int, error) {
	c.wroteHeader = true
	c.body.Write(p)
	return c.ResponseWriter.Write(p)
}

// Flush keeps streaming handlers working behind the middleware.
func (c *capture) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func readAll(body io.ReadCloser) ([]byte, error) {
	if body == nil || body == http.NoBody {
		return nil, nil
	}
	defer body.Close()
	return io.ReadAll(body)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
