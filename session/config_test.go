package session

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptorand "crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigInheritance(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	path := writeConfig(t, dir, "config.yaml", `
host: acme.symphony.com
port: 8443
context: sym/
connectionTimeout: 5000
readTimeout: 7000
defaultHeaders: {X-Root: root}
proxy: {host: proxy.acme.com, port: 3128, username: u, password: p}
pod:
  port: 443
agent:
  host: agent.acme.com
  scheme: HTTPS
  context: /
  proxy: {host: agent-proxy, port: 8080}
  defaultHeaders: {X-Agent: a}
  readTimeout: 9000
sessionAuth:
  host: auth.acme.com
  context: /
bot:
  username: ops-bot
  privateKey: {path: $DIR/bot.pem}
`)
	cfg := mustLoad(t, path)
	if cfg.Path != path {
		t.Errorf("Path = %q", cfg.Path)
	}
	for _, c := range []struct {
		name string
		e    Endpoint
		url  string
	}{
		{"pod", cfg.Pod, "https://acme.symphony.com:443/sym"},
		{"agent", cfg.Agent, "https://agent.acme.com:8443"},
		{"keyManager", cfg.KeyManager, "https://acme.symphony.com:8443/sym"},
		{"sessionAuth", cfg.SessionAuth, "https://auth.acme.com:8443"},
	} {
		if got := c.e.BaseURL(); got != c.url {
			t.Errorf("%s.BaseURL() = %q, want %q", c.name, got, c.url)
		}
	}
	if p := cfg.Pod.Proxy; p == nil || p.Host != "proxy.acme.com" || p.Port != 3128 || p.Username != "u" || p.Password != "p" {
		t.Errorf("pod proxy not inherited: %+v", p)
	}
	if p := cfg.Agent.Proxy; p == nil || p.Host != "agent-proxy" || p.Username != "" {
		t.Errorf("agent proxy = %+v, want its own", p)
	}
	if got := cfg.Pod.DefaultHeaders["X-Root"]; got != "root" {
		t.Errorf("pod headers = %v", cfg.Pod.DefaultHeaders)
	}
	if !reflect.DeepEqual(cfg.Agent.DefaultHeaders, map[string]string{"X-Agent": "a"}) {
		t.Errorf("agent headers = %v", cfg.Agent.DefaultHeaders)
	}
	if cfg.Pod.ConnectionTimeout != 5*time.Second || cfg.Pod.ReadTimeout != 7*time.Second || cfg.Agent.ReadTimeout != 9*time.Second || cfg.Agent.ConnectionTimeout != 5*time.Second {
		t.Errorf("timeouts: pod %v/%v agent %v/%v", cfg.Pod.ConnectionTimeout, cfg.Pod.ReadTimeout, cfg.Agent.ConnectionTimeout, cfg.Agent.ReadTimeout)
	}
	if cfg.Retry != DefaultRetry {
		t.Errorf("Retry = %+v, want the BDK defaults", cfg.Retry)
	}
}

func TestLoadConfigDefaultsAndPodFallback(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	cfg := mustLoad(t, writeConfig(t, dir, "c.yaml", `
pod: {host: pod.example.com, context: api}
bot: {username: b, privateKey: {path: bot.pem}}
`))
	// Relative key paths resolve against the config's directory when not found in the working directory.
	if want := dir + "/bot.pem"; cfg.Bot.PrivateKey.Path != want {
		t.Errorf("key path = %q, want %q", cfg.Bot.PrivateKey.Path, want)
	}
	if got := cfg.Pod.BaseURL(); got != "https://pod.example.com:443/api" {
		t.Errorf("pod = %q", got)
	}
	// Without a root host, the other services are where the pod is.
	if cfg.Agent.BaseURL() != cfg.Pod.BaseURL() || cfg.SessionAuth.BaseURL() != cfg.Pod.BaseURL() {
		t.Errorf("agent %q sessionAuth %q, want the pod's", cfg.Agent.BaseURL(), cfg.SessionAuth.BaseURL())
	}
	if cfg.ConnectionTimeout != 15*time.Second || cfg.ReadTimeout != 60*time.Second || cfg.Pod.ReadTimeout != 60*time.Second {
		t.Errorf("default timeouts %v %v", cfg.ConnectionTimeout, cfg.ReadTimeout)
	}
}

func TestNormalizeContext(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "sym": "/sym", "/sym/": "/sym", "a/b/": "/a/b", " /x ": "/x"} {
		if got := normalizeContext(in); got != want {
			t.Errorf("normalizeContext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"A": "alpha", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for in, want := range map[string]string{
		"plain":               "plain",
		"${A}":                "alpha",
		"x-${A}-y":            "x-alpha-y",
		"${UNSET:-def}":       "def",
		"${UNSET:-}":          "",
		"${A:-def}":           "alpha",
		"${EMPTY:-def}":       "def",
		"${EMPTY}":            "",
		"$${A}":               "${A}",
		"$${UNSET} and ${A}":  "${UNSET} and alpha",
		"cost $5":             "cost $5",
		"${UNSET:-a:-b}":      "a:-b",
		"${A}${A}":            "alphaalpha",
		"http://${A}:8080/ok": "http://alpha:8080/ok",
	} {
		got, err := interpolate(in, lookup)
		if err != nil || got != want {
			t.Errorf("interpolate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"${UNSET}", "${A", "${}"} {
		if _, err := interpolate(in, lookup); err == nil {
			t.Errorf("interpolate(%q): want an error", in)
		}
	}
}

func TestLoadConfigInterpolation(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	t.Setenv("SYMTUI_TEST_HOST", "env.example.com")
	t.Setenv("SYMTUI_TEST_DIR", dir)
	cfg := mustLoad(t, writeConfig(t, dir, "c.yaml", `
host: ${SYMTUI_TEST_HOST}
port: ${SYMTUI_TEST_PORT:-8443}
defaultHeaders: {X-Literal: "$${NOT_EXPANDED}"}
bot: {username: "${SYMTUI_TEST_USER:-ops-bot}", privateKey: {path: "${SYMTUI_TEST_DIR}/bot.pem"}}
`))
	if cfg.Pod.Host != "env.example.com" || cfg.Pod.Port != 8443 || cfg.Bot.Username != "ops-bot" {
		t.Errorf("got host %q port %d user %q", cfg.Pod.Host, cfg.Pod.Port, cfg.Bot.Username)
	}
	if got := cfg.DefaultHeaders["X-Literal"]; got != "${NOT_EXPANDED}" {
		t.Errorf("escape: got %q", got)
	}
}

func TestLoadConfigYAMLAndJSONAgree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	y := mustLoad(t, writeConfig(t, dir, "c.yaml", `
host: pod.example.com
agent: {host: agent.example.com, port: 7443}
bot: {username: ops-bot, privateKey: {path: $DIR/bot.pem}}
retry: {maxAttempts: -5, initialIntervalMillis: 200, multiplier: 1.5, maxIntervalMillis: 9000}
`))
	j := mustLoad(t, writeConfig(t, dir, "c.json", `{
  "host": "pod.example.com",
  "agent": {"host": "agent.example.com", "port": 7443},
  "bot": {"username": "ops-bot", "privateKey": {"path": "$DIR/bot.pem"}},
  "retry": {"maxAttempts": -5, "initialIntervalMillis": 200, "multiplier": 1.5, "maxIntervalMillis": 9000}
}`))
	j.Path = y.Path
	if !reflect.DeepEqual(y, j) {
		t.Errorf("YAML and JSON differ:\n%+v\n%+v", y, j)
	}
	want := Retry{MaxAttempts: -1, InitialInterval: 200 * time.Millisecond, Multiplier: 1.5, MaxInterval: 9 * time.Second}
	if y.Retry != want {
		t.Errorf("Retry = %+v, want %+v", y.Retry, want)
	}
}

// Every form of key the BDKs accept loads to the same key.
func TestKeyFormats(t *testing.T) {
	key := botKey(t)
	p1, p8 := pkcs1PEM(key), pkcs8PEM(t, key)
	escaped := strings.ReplaceAll(p8, "\n", `\n`)
	b64 := func(s string) string { return base64Std([]byte(s)) }
	cases := map[string]string{
		"pkcs1 file":        "privateKey: {path: $DIR/k.pem}\n#" + "\n",
		"pkcs8 file":        "privateKey: {path: $DIR/k8.pem}\n",
		"literal \\n":       "privateKey: {content: '" + escaped + "'}\n",
		"block scalar":      "privateKey:\n    content: |\n" + indent(p1, "      ") + "\n",
		"base64 of PEM":     "privateKey: {content: " + b64(p8) + "}\n",
		"base64 of DER":     "privateKey: {content: " + base64Std(pkcs8DER(t, key)) + "}\n",
		"deprecated inline": "privateKeyContent: '" + strings.ReplaceAll(p1, "\n", `\n`) + "'\n",
	}
	for name, botKeyYAML := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "k.pem", p1, 0o600)
			writeFile(t, dir, "k8.pem", p8, 0o600)
			cfg, warns, err := LoadConfig(writeConfig(t, dir, "c.yaml", "host: h\nbot:\n  username: b\n  "+botKeyYAML))
			if err != nil {
				t.Fatal(err)
			}
			if name == "deprecated inline" {
				if len(warns) != 1 || warns[0].Key != "bot.privateKeyContent" {
					t.Errorf("warnings = %v, want one deprecation", warns)
				}
			} else if len(warns) != 0 {
				t.Errorf("warnings = %v", warns)
			}
			creds, _, err := loadCredentials(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !creds.botKey.Equal(key) {
				t.Error("loaded a different key")
			}
		})
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return prefix + strings.Join(lines, "\n"+prefix)
}

func TestUnknownKeysWarnAndKnownOnesDoNot(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	path := writeConfig(t, dir, "c.yaml", `
_version: "2.0"
host: h
connectionPoolMax: 20
connectionPoolPerRoute: 20
manifest: m.json
datafeed: {version: v2, retry: {maxAttempts: -1}}
datahose: {tag: x}
commonJwt: {enabled: false}
extensions: {any: {thing: 1}}
agent:
  connectionPoolMax: 5
  loadBalancing: {mode: roundRobin}
ssl: {trustStorePassword: x}
colour: blue
pod: {hots: typo}
bot:
  username: b
  privateKey: {path: $DIR/bot.pem, passphrase: nope}
`)
	_, warns, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, w := range warns {
		if w.File != path {
			t.Errorf("warning %v does not name the file", w)
		}
		if !strings.Contains(w.String(), path+": "+w.Key+": unknown key") {
			t.Errorf("Warning.String() = %q", w.String())
		}
		keys = append(keys, w.Key)
	}
	if want := []string{"colour", "pod.hots", "bot.privateKey.passphrase"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("warned keys = %v, want %v", keys, want)
	}
}

func TestKeyFilePermissionWarning(t *testing.T) {
	for _, c := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o604, true}} {
		dir := t.TempDir()
		key := writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), c.mode)
		_, warns, err := LoadConfig(writeConfig(t, dir, "c.yaml", "host: h\nbot: {username: b, privateKey: {path: "+key+"}}"))
		if err != nil {
			t.Fatal(err)
		}
		got := len(warns) == 1 && warns[0].Key == "bot.privateKey.path" && strings.Contains(warns[0].Message, "chmod 600 "+key)
		if got != c.warn || len(warns) > 1 {
			t.Errorf("mode %04o: warnings %v, want warning=%v", c.mode, warns, c.warn)
		}
	}
}

func TestLoadConfigErrors(t *testing.T) {
	key := botKey(t)
	p1 := pkcs1PEM(key)
	encPKCS8 := "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
	encPKCS1 := strings.Replace(p1, "-----BEGIN RSA PRIVATE KEY-----\n",
		"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n", 1)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), cryptorand.Reader)
	pubPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustMarshalPub(t, &key.PublicKey)}))

	const bot = "bot: {username: b, privateKey: {path: $DIR/ok.pem}}\n"
	t.Setenv("SYMTUI_TEST_EVIL", "127.0.0.1\x1b]0;PWN\x07")
	cases := []struct {
		name, yaml, key, msg string
	}{
		{"both path and content", "host: h\nbot: {username: b, privateKey: {path: $DIR/ok.pem, content: x}}", "bot.privateKey", "set either path or content, not both"},
		{"missing host", bot, "host", "missing"},
		{"no credentials", "host: h\nbot: {username: b}", "bot.privateKey", "missing: set bot.privateKey (RSA key) or bot.certificate"},
		{"key and certificate", "host: h\nbot: {username: b, privateKey: {path: $DIR/ok.pem}, certificate: {path: $DIR/c.pem}}", "bot", "not both"},
		{"key without username", "host: h\nbot: {privateKey: {path: $DIR/ok.pem}}", "bot.username", "missing: RSA login needs the service account's username (line 2)"},
		{"app without key", "host: h\n" + bot + "app: {appId: a}", "app.privateKey", "missing"},
		{"app key without id", "host: h\n" + bot + "app: {privateKey: {path: $DIR/ok.pem}}", "app.appId", "missing"},
		{"undefined variable", "host: ${SYMTUI_SURELY_UNSET}\n" + bot, "host", "SYMTUI_SURELY_UNSET is not set"},
		{"bad port", "host: h\nport: 99999\n" + bot, "port", "between 1 and 65535"},
		{"port not a number", "host: h\npod: {port: https}\n" + bot, "pod.port", `got "https"`},
		{"bad scheme", "host: h\nagent: {scheme: ftp}\n" + bot, "agent.scheme", `"ftp"`},
		{"host with scheme", "host: https://h\n" + bot, "host", "bare host name"},
		{"proxy without port", "host: h\nproxy: {host: p}\n" + bot, "proxy.port", "missing"},
		{"negative timeout", "host: h\nreadTimeout: -1\n" + bot, "readTimeout", "must be between 1 and 3600000 milliseconds (1 h), got -1 (line 2)"},
		{"zero timeout", "host: h\npod: {readTimeout: 0}\n" + bot, "pod.readTimeout", "must be between 1 and 3600000 milliseconds (1 h), got 0"},
		{"timeout that wraps around", "host: h\nreadTimeout: 5000000000000\n" + bot, "readTimeout", "must be between 1 and 3600000 milliseconds (1 h), got 5000000000000 (line 2)"},
		{"timeout past int64", "host: h\nconnectionTimeout: 99999999999999999999\n" + bot, "connectionTimeout", "must be between 1 and 600000 milliseconds (10 min), got 99999999999999999999"},
		{"timeout not a number", "host: h\nconnectionTimeout: 5s\n" + bot, "connectionTimeout", `expected a whole number of milliseconds, got "5s"`},
		{"zero attempts", "host: h\nretry: {maxAttempts: 0}\n" + bot, "retry.maxAttempts", "at least 1, or -1 for unlimited (line 2)"},
		{"fractional timeout", "host: h\nreadTimeout: 1.5\n" + bot, "readTimeout", `expected a whole number of milliseconds, got "1.5" (line 2)`},
		{"tiny interval", "host: h\nretry: {initialIntervalMillis: 1}\n" + bot, "retry.initialIntervalMillis", "must be between 10 and 3600000 milliseconds (1 h), got 1"},
		{"huge max interval", "host: h\nretry:\n  maxIntervalMillis: 9223372036854775807\n" + bot, "retry.maxIntervalMillis", "must be between 10 and 3600000 milliseconds (1 h), got 9223372036854775807 (line 3)"},
		{"infinite multiplier", "host: h\nretry: {multiplier: Inf}\n" + bot, "retry.multiplier", "must be a number from 1 to 100, got +Inf"},
		{"NaN multiplier", "host: h\nretry: {multiplier: NaN}\n" + bot, "retry.multiplier", "must be a number from 1 to 100, got NaN"},
		{"key twice", "host: h\nreadTimeout: 5000\nport: 443\nreadTimeout: 7000\n" + bot, "readTimeout", "given twice, on lines 2 and 4; keep one"},
		{"nested key twice", "host: h\nbot:\n  username: a\n  privateKey: {path: $DIR/ok.pem}\n  username: b\n", "bot.username", "given twice, on lines 3 and 5"},
		{"header twice", "host: h\ndefaultHeaders: {X-A: 1, X-A: 2}\n" + bot, "defaultHeaders.X-A", "given twice, on lines 2 and 2"},
		{"JSON key twice", "{\"host\": \"h\",\n \"readTimeout\": 5000,\n \"readTimeout\": 7000,\n \"bot\": {\"username\": \"b\", \"privateKey\": {\"path\": \"$DIR/ok.pem\"}}}", "readTimeout", "given twice, on lines 2 and 3"},
		{"JSON-only key twice", "{\"host\": \"h\", \"context\": \"\\/sym\",\n \"bot\": {\"username\": \"b\",\n  \"username\": \"c\", \"privateKey\": {\"path\": \"$DIR/ok.pem\"}}}", "bot.username", "given twice, on lines 2 and 3"},
		{"missing key file", "host: h\nbot: {username: b, privateKey: {path: $DIR/nope.pem}}", "bot.privateKey.path", "$DIR/nope.pem"},
		{"missing key file, block style", "host: h\nbot:\n  username: b\n  privateKey:\n    path: $DIR/nope.pem\n", "bot.privateKey.path", "no such file or directory (line 5)"},
		{"control character from the environment", "host: ${SYMTUI_TEST_EVIL}\n" + bot, "host", "contains the control character U+001B (ESC) at character 10 after ${…} was expanded; remove it (line 1)"},
		{"bidi override in the context", "host: h\npod:\n  context: \"sym\u202etxt\"\n" + bot, "pod.context", "contains the invisible character U+202E at character 4; remove it (line 3)"},
		{"Hangul filler in the username", "host: h\nbot: {username: \"\u3164\", privateKey: {path: $DIR/ok.pem}}", "bot.username", "invisible character U+3164"},
		{"NUL in a key path", "host: h\nbot: {username: b, privateKey: {path: \"$DIR/ok.pem\\0\"}}", "bot.privateKey.path", "control character U+0000 (NUL)"},
		{"control character in a proxy host", "host: h\nproxy: {host: \"p\\r\", port: 8080}\n" + bot, "proxy.host", "U+000D (CR)"},
		{"control character in a header", "host: h\ndefaultHeaders: {X-A: \"1\\n2\"}\n" + bot, "defaultHeaders.X-A", "U+000A (LF)"},
		{"control character in a header name", "host: h\ndefaultHeaders:\n  X-A: 1\n  \"X\\eB\": 2\n" + bot, "defaultHeaders", "a header name contains U+001B (ESC); remove it (line 4)"},
		{"space in the host", "host: exa mple.com\n" + bot, "host", `"exa mple.com" is not a host name`},
		{"query in the context", "host: h\ncontext: /sym?x=1\n" + bot, "context", "a context holds no ? or #"},
		{"bad escape in the context", "host: h\ncontext: /s%zz\n" + bot, "context", `invalid URL escape "%zz"`},
		{"encrypted pkcs8", "host: h\nbot: {username: b, privateKey: {path: $DIR/enc8.pem}}", "bot.privateKey.path", "$DIR/enc8.pem: the private key is encrypted"},
		{"encrypted pkcs1", "host: h\nbot: {username: b, privateKey: {path: $DIR/enc1.pem}}", "bot.privateKey.path", "encrypted"},
		{"EC key", "host: h\nbot: {username: b, privateKey: {path: $DIR/ec.pem}}", "bot.privateKey.path", "ECDSA key; Symphony logins need an RSA key"},
		{"public key", "host: h\nbot: {username: b, privateKey: {path: $DIR/pub.pem}}", "bot.privateKey.path", "public key or certificate, not the private key"},
		{"garbage content", "host: h\nbot: {username: b, privateKey: {content: 'not a key!'}}", "bot.privateKey.content", "neither PEM"},
		{"p12 certificate", "host: h\nbot: {certificate: {path: $DIR/bot.p12}}", "bot.certificate.path", "openssl pkcs12"},
		{"trust store not PEM", "host: h\nssl: {trustStore: {path: $DIR/ok.pem}}\n" + bot, "ssl.trustStore.path", "no PEM certificates"},
		{"not yaml", "host: [unclosed\n", "", "not valid YAML or JSON"},
		{"not a mapping", "- a\n- b\n", "", "mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "ok.pem", p1, 0o600)
			writeFile(t, dir, "enc8.pem", encPKCS8, 0o600)
			writeFile(t, dir, "enc1.pem", encPKCS1, 0o600)
			writeFile(t, dir, "ec.pem", pkcs8PEM(t, ecKey), 0o600)
			writeFile(t, dir, "pub.pem", pubPEM, 0o600)
			writeFile(t, dir, "bot.p12", "\x30\x82\x01\x00binary", 0o600)
			path := writeConfig(t, dir, "config.yaml", c.yaml)
			_, _, err := LoadConfig(path)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ConfigError", err)
			}
			want := "config " + path + ": "
			if c.key != "" {
				want += c.key + ": "
			}
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
			if msg := strings.ReplaceAll(c.msg, "$DIR", dir); !strings.Contains(err.Error(), msg) {
				t.Errorf("error %q does not contain %q", err, msg)
			}
			assertNoKeyMaterial(t, err.Error(), p1)
		})
	}
}

// JSON that YAML parsers reject (the \/ escape) still loads.
func TestLoadConfigJSONOnlyEscapes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bot.pem", pkcs1PEM(botKey(t)), 0o600)
	cfg := mustLoad(t, writeConfig(t, dir, "c.json", `{"host": "h", "port": 8443, "context": "\/sym",
  "bot": {"username": "b\u00e9", "privateKey": {"path": "$DIR\/bot.pem"}}}`))
	if cfg.Pod.BaseURL() != "https://h:8443/sym" || cfg.Bot.Username != "bé" {
		t.Errorf("got %q %q", cfg.Pod.BaseURL(), cfg.Bot.Username)
	}
}

func TestLoadConfigMissingAndEmptyFile(t *testing.T) {
	dir := t.TempDir()
	_, _, err := LoadConfig(dir + "/absent.yaml")
	if err == nil || !strings.Contains(err.Error(), "config "+dir+"/absent.yaml: cannot read the file") {
		t.Errorf("missing file: %v", err)
	}
	_, _, err = LoadConfig(writeConfig(t, dir, "empty.yaml", " \n"))
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestDefaultConfigPath(t *testing.T) {
	t.Setenv("HOME", "/home/op")
	if got := DefaultConfigPath(); got != "/home/op/.symphony/config.yaml" {
		t.Errorf("DefaultConfigPath() = %q", got)
	}
}

// assertNoKeyMaterial fails if s contains any line of a PEM body.
func assertNoKeyMaterial(t testing.TB, s, pemText string) {
	t.Helper()
	for _, line := range strings.Split(pemText, "\n") {
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") && strings.Contains(s, line) {
			t.Fatalf("output contains key material: %q", s)
		}
	}
}

// A config built in code is held to the same addresses as a file: a URL
// that cannot be built is a config error before anything is sent, not a
// login retried until the policy gives up.
func TestNewRefusesAnAddressThatMakesNoURL(t *testing.T) {
	for _, c := range []struct {
		name string
		pod  Endpoint
		key  string
		msg  string
	}{
		{"escape in the host", Endpoint{Host: "127.0.0.1\x1b]0;PWN\x07"}, "host", "U+001B (ESC)"},
		{"space in the host", Endpoint{Host: "exa mple.com"}, "host", "not a host name"},
		{"bad escape in the context", Endpoint{Host: "h", Context: "/%zz"}, "context", "not a URL path"},
		{"unknown scheme", Endpoint{Host: "h", Scheme: "ftp"}, "scheme", `"ftp"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(&Config{Pod: c.pod, Bot: Bot{Username: "b", PrivateKey: KeySource{Content: "x"}}}, Options{})
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Key != c.key || !strings.Contains(ce.Message, c.msg) {
				t.Fatalf("err = %v, want a config error on %s saying %q", err, c.key, c.msg)
			}
		})
	}
}
