package session

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"symtui/inert"
)

// resolve applies inheritance and defaults. Each endpoint takes what it did
// not set from the root (BdkClientConfig.thisOrParent); agent, keyManager
// and sessionAuth without any host of their own fall back to the pod, which
// is what a pod-only setup means.
func (r *rawConfig) resolve(d *decoder) *Config {
	cfg := &Config{
		Bot:               r.bot,
		App:               r.app,
		TrustStorePath:    resolvePath(r.trustPath, d.file),
		TrustStorePEM:     r.trustPEM,
		Retry:             r.retry,
		ConnectionTimeout: orDuration(r.root.connTimeout, DefaultConnectionTimeout),
		ReadTimeout:       orDuration(r.root.readTimeout, DefaultReadTimeout),
		DefaultHeaders:    r.root.headers,
		Proxy:             r.root.proxy,
	}
	cfg.Bot.PrivateKey.Path = resolvePath(cfg.Bot.PrivateKey.Path, d.file)
	cfg.Bot.Certificate.Path = resolvePath(cfg.Bot.Certificate.Path, d.file)
	cfg.App.PrivateKey.Path = resolvePath(cfg.App.PrivateKey.Path, d.file)

	cfg.Pod = r.endpoint(d, "pod", &r.pod, nil)
	if cfg.Pod.Host == "" {
		d.fail("host", "missing: set host (or pod.host) to the pod's address, e.g. acme.symphony.com")
	}
	cfg.Agent = r.endpoint(d, "agent", &r.agent, &cfg.Pod)
	cfg.KeyManager = r.endpoint(d, "keyManager", &r.keyManager, &cfg.Pod)
	cfg.SessionAuth = r.endpoint(d, "sessionAuth", &r.sauth, &cfg.Pod)
	validateCredentials(d, cfg)
	return cfg
}

func (r *rawConfig) endpoint(d *decoder, name string, s *rawServer, pod *Endpoint) Endpoint {
	root := r.root
	if pod != nil && s.host == nil && root.host == nil {
		e := *pod // nothing says where this service lives: it is the pod's host
		e.section = pod.section
		overrideTimeouts(&e, s)
		return e
	}
	e := Endpoint{
		Scheme:            pick(s.scheme, root.scheme, DefaultScheme),
		Host:              pick(s.host, root.host, ""),
		Port:              pickInt(s.port, root.port, DefaultPort),
		Context:           normalizeContext(pick(s.context, root.context, "")),
		Proxy:             s.proxy,
		DefaultHeaders:    s.headers,
		ConnectionTimeout: orDuration(root.connTimeout, DefaultConnectionTimeout),
		ReadTimeout:       orDuration(root.readTimeout, DefaultReadTimeout),
	}
	if e.Proxy == nil {
		e.Proxy = root.proxy
	}
	if e.DefaultHeaders == nil {
		e.DefaultHeaders = root.headers
	}
	overrideTimeouts(&e, s)
	if s.scheme != nil {
		e.section = name
	}
	if e.Scheme != "https" && e.Scheme != "http" {
		d.fail(e.schemeKey(), "must be https or http, got %q", e.Scheme)
	}
	e.Host = strings.TrimSuffix(strings.TrimPrefix(e.Host, "["), "]") // an IPv6 literal may come bracketed
	hostKey, contextKey := "host", "context"
	if s.host != nil {
		hostKey = name + ".host"
	}
	if s.context != nil {
		contextKey = name + ".context"
	}
	if msg, inHost := e.addressProblem(); msg != "" {
		if inHost {
			d.fail(hostKey, "%s", msg)
		} else {
			d.fail(contextKey, "%s", msg)
		}
	}
	return e
}

// addressProblem says what keeps e from making the URLs of its requests
// ("" when nothing does), and whether it lies in the host (else the
// context). A URL that cannot be built fails the same way on every try:
// it is a config error, found before anything is sent.
func (e Endpoint) addressProblem() (msg string, inHost bool) {
	if r, _, bad := inert.First(e.Host); bad {
		return "contains the character " + inert.Name(r) + "; remove it", true
	}
	if r, _, bad := inert.First(e.Context); bad {
		return "contains the character " + inert.Name(r) + "; remove it", false
	}
	h := e.Host
	if strings.Contains(h, "/") || (strings.Contains(h, ":") && net.ParseIP(h) == nil) {
		return fmt.Sprintf("expected a bare host name like acme.symphony.com, got %q (put the port in port and the path in context)", h), true
	}
	if _, err := url.Parse(e.Scheme + "://" + net.JoinHostPort(h, strconv.Itoa(e.Port))); err != nil {
		return fmt.Sprintf("%q is not a host name: %v", h, withoutURL(err)), true
	}
	if strings.ContainsAny(e.Context, "?#") {
		return fmt.Sprintf("expected a path like /symphony, got %q (a context holds no ? or #)", e.Context), false
	}
	if _, err := url.Parse(e.BaseURL()); err != nil {
		return fmt.Sprintf("%q is not a URL path: %v", e.Context, withoutURL(err)), false
	}
	return "", false
}

func overrideTimeouts(e *Endpoint, s *rawServer) {
	if s.connTimeout != nil {
		e.ConnectionTimeout = *s.connTimeout
	}
	if s.readTimeout != nil {
		e.ReadTimeout = *s.readTimeout
	}
	if e.ConnectionTimeout == 0 {
		e.ConnectionTimeout = DefaultConnectionTimeout
	}
	if e.ReadTimeout == 0 {
		e.ReadTimeout = DefaultReadTimeout
	}
}

func pick(own, parent *string, def string) string {
	switch {
	case own != nil && *own != "":
		return *own
	case parent != nil && *parent != "":
		return *parent
	}
	return def
}

func pickInt(own, parent *int, def int) int {
	switch {
	case own != nil:
		return *own
	case parent != nil:
		return *parent
	}
	return def
}

func orDuration(d *time.Duration, def time.Duration) time.Duration {
	if d == nil || *d == 0 {
		return def
	}
	return *d
}

// normalizeContext turns "", "/", "sym", "/sym/" into "", "", "/sym", "/sym".
func normalizeContext(c string) string {
	c = strings.Trim(strings.TrimSpace(c), "/")
	if c == "" {
		return ""
	}
	return "/" + c
}

// validateCredentials checks which login the file describes, without
// reading key files (checkCredentials does that).
func validateCredentials(d *decoder, cfg *Config) {
	b, a := cfg.Bot, cfg.App
	// Again here: a deprecated flat key can pair with the nested one.
	for key, both := range map[string]bool{
		"bot.privateKey":  b.PrivateKey.Path != "" && b.PrivateKey.Content != "",
		"bot.certificate": b.Certificate.Path != "" && b.Certificate.Content != "",
		"app.privateKey":  a.PrivateKey.Path != "" && a.PrivateKey.Content != "",
	} {
		if both {
			d.fail(key, "set either path or content, not both")
		}
	}
	switch {
	case b.PrivateKey.IsSet() && b.Certificate.IsSet():
		d.fail("bot", "set either bot.privateKey (RSA) or bot.certificate, not both")
	case b.PrivateKey.IsSet() && b.Username == "":
		d.fail("bot.username", "missing: RSA login needs the service account's username")
	case !b.PrivateKey.IsSet() && !b.Certificate.IsSet() && a.AppID == "":
		d.fail("bot.privateKey", "missing: set bot.privateKey (RSA key) or bot.certificate to log in")
	}
	switch {
	case a.AppID != "" && !a.PrivateKey.IsSet():
		d.fail("app.privateKey", "missing: app.appId is set but the app has no private key")
	case a.AppID == "" && a.PrivateKey.IsSet():
		d.fail("app.appId", "missing: app.privateKey is set but app.appId is not")
	}
}

// withDefaults returns a copy of a Config (possibly built in code rather
// than loaded) with the defaults LoadConfig would have applied.
func (c Config) withDefaults() (*Config, error) {
	if c.ConnectionTimeout == 0 {
		c.ConnectionTimeout = DefaultConnectionTimeout
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	c.Retry = c.Retry.WithDefaults()
	fill := func(e *Endpoint) {
		e.Scheme = strings.ToLower(e.Scheme)
		if e.Scheme == "" {
			e.Scheme = DefaultScheme
		}
		if e.Port == 0 {
			e.Port = DefaultPort
		}
		if e.ConnectionTimeout == 0 {
			e.ConnectionTimeout = c.ConnectionTimeout
		}
		if e.ReadTimeout == 0 {
			e.ReadTimeout = c.ReadTimeout
		}
		e.Context = normalizeContext(e.Context)
	}
	fill(&c.Pod)
	if c.Pod.Host == "" {
		return nil, &ConfigError{File: c.Path, Key: "host", Message: "missing: set host (or pod.host) to the pod's address"}
	}
	for _, e := range []*Endpoint{&c.Agent, &c.KeyManager, &c.SessionAuth} {
		if e.Host == "" {
			*e = c.Pod
		} else {
			fill(e)
		}
	}
	for _, e := range []Endpoint{c.Pod, c.Agent, c.KeyManager, c.SessionAuth} {
		if e.Scheme != "https" && e.Scheme != "http" {
			return nil, &ConfigError{File: c.Path, Key: e.schemeKey(), Message: fmt.Sprintf("must be https or http, got %q", e.Scheme)}
		}
		if msg, inHost := e.addressProblem(); msg != "" {
			key := "context"
			if inHost {
				key = "host"
			}
			return nil, &ConfigError{File: c.Path, Key: key, Message: msg}
		}
	}
	if err := c.checkBounds(); err != nil {
		return nil, err
	}
	return &c, nil
}

// checkBounds holds a Config built in code to the bounds LoadConfig
// enforces, so no timeout or backoff arithmetic can overflow.
func (c *Config) checkBounds() error {
	ms := time.Millisecond
	type bound struct {
		key    string
		v      time.Duration
		lo, hi int64
	}
	bounds := []bound{
		{"retry.initialIntervalMillis", c.Retry.InitialInterval, minRetryIntervalMs, maxRetryIntervalMs},
		{"retry.maxIntervalMillis", c.Retry.MaxInterval, minRetryIntervalMs, maxRetryIntervalMs},
	}
	for _, e := range []Endpoint{c.Pod, c.Agent, c.KeyManager, c.SessionAuth} {
		bounds = append(bounds,
			bound{"connectionTimeout", e.ConnectionTimeout, 1, maxConnectionTimeoutMs},
			bound{"readTimeout", e.ReadTimeout, 1, maxReadTimeoutMs})
	}
	for _, b := range bounds {
		if b.v < time.Duration(b.lo)*ms || b.v > time.Duration(b.hi)*ms {
			return &ConfigError{File: c.Path, Key: b.key, Message: fmt.Sprintf(
				"must be between %d and %d milliseconds (%s), got %v", b.lo, b.hi, humanMillis(b.hi), b.v)}
		}
	}
	if m := c.Retry.Multiplier; math.IsNaN(m) || math.IsInf(m, 0) || m > maxMultiplier {
		return &ConfigError{File: c.Path, Key: "retry.multiplier", Message: fmt.Sprintf("must be a number from 1 to %d, got %v", maxMultiplier, m)}
	}
	return nil
}
