package session

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// newClient builds the HTTP client for a set of endpoints: the trust store
// added to the system roots, the endpoint's proxy (or HTTPS_PROXY/NO_PROXY
// when none is configured) and per-endpoint dial timeouts. readTimeout is
// applied per attempt by the callers (the pod client's watchdog, the login's
// attempt deadline), where it can be told apart from the call's own
// deadline and retried. cert, when non-nil, is presented as the TLS client
// certificate (sessionauth/keyauth only).
func newClient(roots *x509.CertPool, cert *tls.Certificate, eps ...Endpoint) *http.Client {
	byAddr := map[string]Endpoint{}
	var dialTimeout time.Duration
	for _, e := range eps {
		addr := net.JoinHostPort(strings.ToLower(e.Host), strconv.Itoa(e.Port))
		if _, seen := byAddr[addr]; !seen {
			byAddr[addr] = e
		}
		dialTimeout = max(dialTimeout, e.ConnectionTimeout)
	}
	tlsConf := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	if cert != nil {
		tlsConf.Certificates = []tls.Certificate{*cert}
	}
	t := &http.Transport{
		Proxy: proxyFor(byAddr),
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			timeout := dialTimeout
			if e, ok := byAddr[strings.ToLower(addr)]; ok {
				timeout = e.ConnectionTimeout
			}
			d := net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig:     tlsConf,
		TLSHandshakeTimeout: dialTimeout,
		ForceAttemptHTTP2:   true, // needed with a custom dialer and TLS config
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 32,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: t, CheckRedirect: sameHostRedirectsOnly}
}

// sameHostRedirectsOnly stops a redirect to another host: net/http would
// forward our custom sessionToken header there (it only strips the standard
// credential headers).
func sameHostRedirectsOnly(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

// proxyFor picks the configured proxy of the endpoint a request goes to.
func proxyFor(byAddr map[string]Endpoint) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		e, ok := byAddr[canonicalAddr(req.URL)]
		if !ok || e.Proxy == nil {
			return http.ProxyFromEnvironment(req)
		}
		return proxyURL(e.Proxy), nil
	}
}

// proxyURL is http://user:pass@host:port; net/http turns the user info into
// a Proxy-Authorization: Basic header, for CONNECT and plain requests alike.
func proxyURL(p *Proxy) *url.URL {
	u := &url.URL{Scheme: "http", Host: net.JoinHostPort(p.Host, strconv.Itoa(p.Port))}
	if p.Username != "" {
		u.User = url.UserPassword(p.Username, string(p.Password))
	}
	return u
}

func canonicalAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// isLoopback reports whether plain http to host stays on this machine.
func isLoopback(host string) bool {
	if host = strings.ToLower(host); host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
