package soak

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"

	"symtui/pod"
)

// The relay passes requests through; down, its port refuses connections
// and the ones open through it are cut; up, it serves on the same port.
func TestRelayGoesDownAndComesBack(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "pod") }))
	defer srv.Close()
	r, err := newRelay(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	c := &http.Client{Transport: &http.Transport{}}
	get := func() (string, error) {
		resp, err := c.Get("http://" + r.addr + "/")
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if got, err := get(); err != nil || got != "pod" {
		t.Fatalf("through the relay: %q, %v", got, err)
	}
	kept, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()

	r.down()
	if _, err := get(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("while down: %v, want connection refused", err)
	}
	if _, err := kept.Read(make([]byte, 1)); err == nil {
		t.Fatal("a connection open through the relay survived it going down")
	}

	if err := r.up(); err != nil {
		t.Fatal(err)
	}
	if got, err := get(); err != nil || got != "pod" {
		t.Fatalf("back up: %q, %v", got, err)
	}
}

// A call that tries again after a refused connection is caught, one that
// stops there is not.
func TestRefusalsCatchARetry(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	f := refusals{open: map[string]bool{}}
	for _, ri := range []pod.RequestInfo{
		{TraceID: "a", Attempt: 1, Status: 503},
		{TraceID: "a", Attempt: 2, Err: refused}, // a ends here
		{TraceID: "b", Attempt: 1, Err: refused},
		{TraceID: "b", Method: "GET", Route: "/pod/v2/sessioninfo", Attempt: 2, Status: 200}, // b tried again
	} {
		f.observe(ri)
	}
	if f.took.count() != 2 || len(f.retried) != 1 || f.retried[0] != "GET /pod/v2/sessioninfo tried again (attempt 2)" {
		t.Fatalf("refused %d, retried %q", f.took.count(), f.retried)
	}
}
