package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// LoadConfig reads a BDK configuration file (YAML or JSON; "" means
// DefaultConfigPath). Keys the console does not know are returned as
// warnings; a missing or contradictory required key is a *ConfigError naming
// the key and the file. Key files are read and parsed here so a bad key is
// reported before anything touches the network.
func LoadConfig(path string) (*Config, []Warning, error) {
	if path == "" {
		path = DefaultConfigPath()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &ConfigError{File: path, Message: fmt.Sprintf("cannot read the file: %v", err)}
	}
	cfg, warnings, err := parseConfig(data, path, lookupEnv)
	if err != nil {
		return nil, warnings, err
	}
	cfg.Path = path
	more, err := checkCredentials(cfg)
	if err != nil {
		return nil, append(warnings, more...), cfg.locate(err)
	}
	return cfg, append(warnings, more...), nil
}

// parseConfig decodes and resolves a config without touching key files.
func parseConfig(data []byte, file string, lookup func(string) (string, bool)) (*Config, []Warning, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &ConfigError{File: file, Message: "the file is empty"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// Valid JSON that YAML rejects (the "\/" escape): decode it as JSON.
		var v any
		if json.Unmarshal(data, &v) != nil || doc.Encode(v) != nil {
			return nil, nil, &ConfigError{File: file, Message: "not valid YAML or JSON: " + err.Error()}
		}
		if err := duplicateJSONKey(data, file); err != nil {
			return nil, nil, err
		}
	}
	root := resolve(&doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, nil, &ConfigError{File: file, Message: "expected a mapping of keys at the top level"}
	}
	d := &decoder{file: file, lookup: lookup, lines: map[string]int{}}
	r := d.root(root)
	if d.err != nil {
		placeKey(d.err, d.lines)
		return nil, d.warnings, d.err
	}
	cfg := r.resolve(d)
	if d.err != nil {
		placeKey(d.err, d.lines)
		return nil, d.warnings, d.err
	}
	cfg.Path = file
	cfg.keyLines = d.lines
	return cfg, d.warnings, nil
}

// rawServer holds what one section set; nil means "inherit".
type rawServer struct {
	scheme, host, context    *string
	port                     *int
	proxy                    *Proxy
	headers                  map[string]string
	connTimeout, readTimeout *time.Duration
}

type rawConfig struct {
	root                          rawServer
	pod, agent, keyManager, sauth rawServer
	bot                           Bot
	app                           App
	trustPath, trustPEM           string
	retry                         Retry
}

// Known BDK keys the console accepts and does not use.
var (
	ignoredRootKeys   = []string{"datafeed", "datahose", "commonJwt", "extensions", "_version", "connectionPoolMax", "connectionPoolPerRoute", "manifest"}
	ignoredServerKeys = []string{"connectionPoolMax", "connectionPoolPerRoute"}
)

func (d *decoder) serverFields(s *rawServer, fields map[string]fieldFunc) map[string]fieldFunc {
	fields["scheme"] = func(v *yaml.Node, k string) { x := strings.ToLower(d.str(v, k)); s.scheme = &x }
	fields["host"] = func(v *yaml.Node, k string) { x := d.str(v, k); s.host = &x }
	fields["port"] = func(v *yaml.Node, k string) { x := d.port(v, k); s.port = &x }
	fields["context"] = func(v *yaml.Node, k string) { x := d.str(v, k); s.context = &x }
	fields["proxy"] = func(v *yaml.Node, k string) { s.proxy = d.proxy(v, k) }
	fields["defaultHeaders"] = func(v *yaml.Node, k string) { s.headers = d.headers(v, k) }
	fields["connectionTimeout"] = func(v *yaml.Node, k string) {
		x, _ := d.millis(v, k, 1, maxConnectionTimeoutMs)
		s.connTimeout = &x
	}
	fields["readTimeout"] = func(v *yaml.Node, k string) { x, _ := d.millis(v, k, 1, maxReadTimeoutMs); s.readTimeout = &x }
	return fields
}

func (d *decoder) section(s *rawServer, ignored ...string) fieldFunc {
	return func(v *yaml.Node, k string) {
		d.mapping(v, k, d.serverFields(s, map[string]fieldFunc{}), append(ignored, ignoredServerKeys...)...)
	}
}

func (d *decoder) root(n *yaml.Node) *rawConfig {
	r := &rawConfig{retry: DefaultRetry}
	fields := d.serverFields(&r.root, map[string]fieldFunc{
		"pod":         d.section(&r.pod),
		"agent":       d.section(&r.agent, "loadBalancing"),
		"keyManager":  d.section(&r.keyManager),
		"sessionAuth": d.section(&r.sauth),
		"bot":         func(v *yaml.Node, k string) { d.bot(v, k, &r.bot) },
		"app":         func(v *yaml.Node, k string) { d.app(v, k, &r.app) },
		"ssl":         func(v *yaml.Node, k string) { d.ssl(v, k, r) },
		"retry":       func(v *yaml.Node, k string) { d.retry(v, k, &r.retry) },
	})
	d.mapping(n, "", fields, ignoredRootKeys...)
	return r
}

func (d *decoder) proxy(n *yaml.Node, key string) *Proxy {
	p := &Proxy{}
	d.mapping(n, key, map[string]fieldFunc{
		"host":     func(v *yaml.Node, k string) { p.Host = d.str(v, k) },
		"port":     func(v *yaml.Node, k string) { p.Port = d.port(v, k) },
		"username": func(v *yaml.Node, k string) { p.Username = d.str(v, k) },
		"password": func(v *yaml.Node, k string) { p.Password = Secret(d.secret(v, k)) },
	})
	switch {
	case d.err != nil:
	case p.Host == "":
		d.fail(key+".host", "missing: a proxy needs host and port")
	case p.Port == 0:
		d.fail(key+".port", "missing: a proxy needs host and port")
	}
	return p
}

// keySource reads {path, content}; both set is a contradiction.
func (d *decoder) keySource(n *yaml.Node, key string, ks *KeySource) {
	d.mapping(n, key, map[string]fieldFunc{
		"path":    func(v *yaml.Node, k string) { ks.Path = d.str(v, k) },
		"content": func(v *yaml.Node, k string) { ks.Content = Secret(d.secret(v, k)) },
	})
	if ks.Path != "" && ks.Content != "" {
		d.fail(key, "set either path or content, not both")
	}
}

func (d *decoder) deprecated(replacement string, set func(string)) fieldFunc {
	return func(v *yaml.Node, k string) {
		d.warn(k, "deprecated spelling; use %s", replacement)
		if strings.HasSuffix(k, "Content") || strings.HasSuffix(k, "Password") {
			set(d.secret(v, k))
		} else {
			set(d.str(v, k))
		}
	}
}

func (d *decoder) bot(n *yaml.Node, key string, b *Bot) {
	d.mapping(n, key, map[string]fieldFunc{
		"username":   func(v *yaml.Node, k string) { b.Username = d.str(v, k) },
		"privateKey": func(v *yaml.Node, k string) { d.keySource(v, k, &b.PrivateKey) },
		"certificate": func(v *yaml.Node, k string) {
			c := &b.Certificate
			d.mapping(v, k, map[string]fieldFunc{
				"path":     func(v *yaml.Node, k string) { c.Path = d.str(v, k) },
				"content":  func(v *yaml.Node, k string) { c.Content = Secret(d.secret(v, k)) },
				"password": func(v *yaml.Node, k string) { c.Password = Secret(d.secret(v, k)) },
			})
			if c.Path != "" && c.Content != "" {
				d.fail(k, "set either path or content, not both")
			}
		},
		"privateKeyPath":      d.deprecated("bot.privateKey.path", func(s string) { b.PrivateKey.Path = s }),
		"privateKeyContent":   d.deprecated("bot.privateKey.content", func(s string) { b.PrivateKey.Content = Secret(s) }),
		"certificatePath":     d.deprecated("bot.certificate.path", func(s string) { b.Certificate.Path = s }),
		"certificateContent":  d.deprecated("bot.certificate.content", func(s string) { b.Certificate.Content = Secret(s) }),
		"certificatePassword": d.deprecated("bot.certificate.password", func(s string) { b.Certificate.Password = Secret(s) }),
	})
}

func (d *decoder) app(n *yaml.Node, key string, a *App) {
	d.mapping(n, key, map[string]fieldFunc{
		"appId":      func(v *yaml.Node, k string) { a.AppID = d.str(v, k) },
		"privateKey": func(v *yaml.Node, k string) { d.keySource(v, k, &a.PrivateKey) },
		"certificate": func(v *yaml.Node, k string) {
			d.warn(k, "certificate on-behalf-of login is not supported; ignored (use app.privateKey)")
		},
		"privateKeyPath": d.deprecated("app.privateKey.path", func(s string) { a.PrivateKey.Path = s }),
	})
}

func (d *decoder) ssl(n *yaml.Node, key string, r *rawConfig) {
	d.mapping(n, key, map[string]fieldFunc{
		"trustStore": func(v *yaml.Node, k string) {
			d.mapping(v, k, map[string]fieldFunc{
				"path":    func(v *yaml.Node, k string) { r.trustPath = d.str(v, k) },
				"content": func(v *yaml.Node, k string) { r.trustPEM = d.secret(v, k) },
			}, "password") // a PEM bundle has no password; JKS stores need one in Java
			if r.trustPath != "" && r.trustPEM != "" {
				d.fail(k, "set either path or content, not both")
			}
		},
		"trustStorePath": d.deprecated("ssl.trustStore.path", func(s string) { r.trustPath = s }),
	}, "trustStorePassword")
}

func (d *decoder) retry(n *yaml.Node, key string, r *Retry) {
	d.mapping(n, key, map[string]fieldFunc{
		"maxAttempts": func(v *yaml.Node, k string) {
			if x, ok := d.integer(v, k); ok {
				if x < 0 {
					x = -1 // the BDK treats any negative value as unlimited
				}
				if x == 0 {
					d.fail(k, "must be at least 1, or -1 for unlimited")
				}
				r.MaxAttempts = x
			}
		},
		"initialIntervalMillis": func(v *yaml.Node, k string) {
			if x, ok := d.millis(v, k, minRetryIntervalMs, maxRetryIntervalMs); ok {
				r.InitialInterval = x
			}
		},
		"multiplier": func(v *yaml.Node, k string) {
			x, ok := d.float(v, k)
			switch {
			case !ok:
			case math.IsNaN(x) || math.IsInf(x, 0) || x > maxMultiplier:
				d.fail(k, "must be a number from 1 to %d, got %v", maxMultiplier, x)
			case x < 1:
				r.Multiplier = 2 // the BDK falls back to 2 below 1
			default:
				r.Multiplier = x
			}
		},
		"maxIntervalMillis": func(v *yaml.Node, k string) {
			if x, ok := d.millis(v, k, minRetryIntervalMs, maxRetryIntervalMs); ok {
				r.MaxInterval = x
			}
		},
	})
	if r.MaxInterval < r.InitialInterval && d.err == nil {
		d.fail(key+".maxIntervalMillis", "must not be smaller than initialIntervalMillis")
	}
}

// resolvePath expands "~/" and resolves a relative path against the
// working directory if the file is there (what the BDK does), else against
// the config file's directory.
func resolvePath(p, configFile string) string {
	if p == "" {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[1:])
		}
	}
	if filepath.IsAbs(p) || configFile == "" {
		return p
	}
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return filepath.Join(filepath.Dir(configFile), p)
}
