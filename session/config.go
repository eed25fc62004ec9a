// Package session knows who the console is and how it proves it to a pod:
// it reads the BDK configuration file, loads keys, logs in (RSA bot,
// client certificate or on-behalf-of) and keeps one session token for the
// whole run, re-authenticating exactly once when the pod says 401.
package session

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultConfigRel is where BDK bots keep their configuration, under $HOME.
const DefaultConfigRel = ".symphony/config.yaml"

// DefaultConfigPath is $HOME/.symphony/config.yaml (or the relative path if
// there is no home directory).
func DefaultConfigPath() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return DefaultConfigRel
	}
	return filepath.Join(home, DefaultConfigRel)
}

// BDK defaults (BdkRetryConfig, ApiClientBuilder).
const (
	DefaultPort              = 443
	DefaultScheme            = "https"
	DefaultConnectionTimeout = 15 * time.Second
	DefaultReadTimeout       = 60 * time.Second
)

// DefaultRetry is the BDK retry policy: 10 attempts, 500 ms doubling up to 5 min.
var DefaultRetry = Retry{MaxAttempts: 10, InitialInterval: 500 * time.Millisecond, Multiplier: 2, MaxInterval: 5 * time.Minute}

// Config is a BDK configuration file, resolved: every endpoint has inherited
// what it did not set from the root, interpolation is done, defaults applied.
type Config struct {
	Path string // the file it came from ("" when built in code)

	Pod, Agent, KeyManager, SessionAuth Endpoint

	Bot Bot
	App App

	TrustStorePath string // PEM bundle added to the system roots
	// TrustStorePEM is ssl.trustStore.content, when given inline.
	TrustStorePEM string

	Retry Retry

	ConnectionTimeout, ReadTimeout time.Duration
	DefaultHeaders                 map[string]string
	Proxy                          *Proxy // the root proxy (endpoints already inherit it)

	keyLines map[string]int // the line of each dotted key in the file, for errors
}

// Endpoint is one server the console talks to.
type Endpoint struct {
	Scheme         string
	Host           string
	Port           int
	Context        string // "" or "/ctx", never a trailing slash
	Proxy          *Proxy
	DefaultHeaders map[string]string

	ConnectionTimeout, ReadTimeout time.Duration

	// section is the config section that set the scheme ("pod", "agent"...,
	// or "" for the root), so errors can name the key the operator wrote.
	section string
}

// BaseURL is "scheme://host:port/ctx" with no trailing slash; the port is
// always present, as in the BDK.
func (e Endpoint) BaseURL() string {
	return e.Scheme + "://" + net.JoinHostPort(e.Host, strconv.Itoa(e.Port)) + e.Context
}

// schemeKey is the dotted config key that decided this endpoint's scheme.
func (e Endpoint) schemeKey() string {
	if e.section == "" {
		return "scheme"
	}
	return e.section + ".scheme"
}

// Proxy is an HTTP proxy, optionally with basic authentication.
type Proxy struct {
	Host     string
	Port     int
	Username string
	Password Secret
}

// Bot is the service account the console logs in as.
type Bot struct {
	Username    string
	PrivateKey  KeySource
	Certificate CertSource
}

// App is the extension application used for on-behalf-of logins.
type App struct {
	AppID      string
	PrivateKey KeySource
}

// KeySource is an RSA private key given by file path or inline content
// (PEM, PEM with literal "\n" escapes, or base64 of a PEM/DER key).
type KeySource struct {
	Path    string
	Content Secret
}

// IsSet reports whether a key was configured at all.
func (k KeySource) IsSet() bool { return k.Path != "" || k.Content != "" }

// CertSource is a client certificate: a PEM file (or inline PEM) holding the
// certificate chain and its unencrypted private key.
type CertSource struct {
	Path     string
	Content  Secret
	Password Secret // only used for a legacy-encrypted ("Proc-Type: 4,ENCRYPTED") PEM key
}

// IsSet reports whether a certificate was configured at all.
func (c CertSource) IsSet() bool { return c.Path != "" || c.Content != "" }

// Warning is something odd in the configuration that does not stop the
// console: an unknown key, a deprecated spelling, a key file others can read.
type Warning struct{ File, Key, Message string }

func (w Warning) String() string { return fmt.Sprintf("%s: %s: %s", w.File, w.Key, w.Message) }

// ConfigError is a configuration problem that stops the console; it names
// the file, the dotted key and, when the file has it, the key's line (or
// the line of the section that should hold a missing key), so the operator
// knows where to look.
type ConfigError struct {
	File, Key, Message string
	Line               int

	placed bool // the message says where already (a key given twice)
}

func (e *ConfigError) Error() string { return "config " + e.Detail() }

// Detail is the error without its leading "config": "FILE: KEY: MESSAGE
// (line N)", for a line that already says it is about the config.
func (e *ConfigError) Detail() string {
	file := e.File
	if file == "" {
		file = "(in code)"
	}
	s := file + ": " + e.Message
	if e.Key != "" {
		s = file + ": " + e.Key + ": " + e.Message
	}
	if e.Line > 0 {
		s += fmt.Sprintf(" (line %d)", e.Line)
	}
	return s
}

// locate gives a *ConfigError about a key of this file the key's line: a
// check after the file was read (a key file, plain http) knows the key
// but not where it was written.
func (c *Config) locate(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) && c != nil {
		placeKey(ce, c.keyLines)
	}
	return err
}

// placeKey sets e.Line from lines: the key's own line, or for a missing
// key the line of the nearest section above it that the file has.
func placeKey(e *ConfigError, lines map[string]int) {
	if e.placed || e.Line > 0 || e.Key == "" {
		return
	}
	e.placed = true
	for key := e.Key; key != ""; {
		if line, ok := lines[key]; ok {
			e.Line = line
			return
		}
		if !strings.HasPrefix(e.Message, "missing") {
			return
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			return
		}
		key = key[:i]
	}
}

// Format prints the proxy without its password, for every verb (fmt does
// not consult Secret's methods when it prints a pointer under a wrong verb).
func (p Proxy) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "proxy{%s user=%q password=%s}", net.JoinHostPort(p.Host, strconv.Itoa(p.Port)), p.Username, p.Password)
}
