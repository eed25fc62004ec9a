package contract

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
)

// NewProxy starts a loopback server that forwards every request to target (a base URL such as
// an emulator's) through Middleware, and returns the proxy's base URL. Pointing a client's
// configuration at it validates that client's requests and the target's answers without
// touching either. next carries the forwarded requests (nil means http.DefaultTransport); the
// proxy closes when the test ends.
func NewProxy(t testing.TB, v *Validator, target string, next http.RoundTripper) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("contract proxy target %q: %v", target, err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = next
	srv := httptest.NewServer(Middleware(t, v, rp))
	t.Cleanup(srv.Close)
	return srv.URL
}
