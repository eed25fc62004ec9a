package emulator

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestStats(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil)
	call(t, c, e, "GET", "/pod/v2/sessioninfo", "bogus", nil)
	call(t, c, e, "GET", "/pod/v2/admin/user/list?limit=2", tok, nil)

	var st Stats
	r := call(t, c, e, "GET", "/_emulator/stats", "", nil)
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &st)
	si := st.Routes["GET /pod/v2/sessioninfo"]
	if si.Requests != 2 || si.ByStatus["200"] != 1 || si.ByStatus["401"] != 1 {
		t.Fatalf("sessioninfo stats = %+v", si)
	}
	if st.Routes["GET /pod/v2/admin/user/list"].Requests != 1 || st.Requests != 4 || st.ByStatus["200"] != 3 {
		t.Fatalf("stats = %s", r.Body)
	}
	if st.Auth["POST /login/pubkey/authenticate"] != 1 || st.Auth["POST /sessionauth/v1/authenticate"] != 0 || len(st.Auth) != len(authRoutePatterns) {
		t.Fatalf("auth section = %v", st.Auth)
	}
	if _, counted := st.Routes["GET /_emulator/stats"]; counted {
		t.Fatal("the control API counts itself")
	}
	if got := e.Stats(); got.Requests != st.Requests || got.Auth["POST /login/pubkey/authenticate"] != 1 {
		t.Fatalf("Stats() = %+v, HTTP said %+v", got, st)
	}

	wantStatus(t, call(t, c, e, "POST", "/_emulator/stats/reset", "", nil), http.StatusOK)
	if got := e.Stats(); got.Requests != 0 || len(got.Routes) != 0 || got.Auth["POST /login/pubkey/authenticate"] != 0 {
		t.Fatalf("after reset: %+v", got)
	}
}

func TestChurnControl(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	wantStatus(t, call(t, c, e, "POST", "/_emulator/churn", "", `{"rate":0,"burst":10}`), http.StatusOK)
	wantStatus(t, call(t, c, e, "POST", "/_emulator/churn", "", `{"burst":-1}`), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", "/_emulator/expire-feeds", "", nil), http.StatusOK)
}

func TestWriteConfig(t *testing.T) {
	for _, tls := range []bool{false, true} {
		t.Run("tls="+strconv.FormatBool(tls), func(t *testing.T) {
			e := startPod(t, Options{Users: 20, TLS: tls})
			dir := filepath.Join(t.TempDir(), "cfg dir") // a space survives quoting
			if err := e.WriteConfig(dir); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			cfg := string(raw)
			u, _ := url.Parse(e.URL)
			keyPath := filepath.Join(dir, "bot-privatekey.pem")
			for _, line := range []string{
				"scheme: " + u.Scheme,
				"host: \"" + u.Hostname() + "\"",
				"port: " + u.Port(),
				"bot:\n  username: \"" + BotUsername + "\"\n  privateKey:\n    path: " + strconv.Quote(keyPath),
				"app:\n  appId: \"" + AppID + "\"",
			} {
				if !strings.Contains(cfg, line) {
					t.Fatalf("config lacks %q:\n%s", line, cfg)
				}
			}
			if strings.Contains(cfg, "PRIVATE KEY") {
				t.Fatal("the key is inlined in config.yaml")
			}
			for _, f := range []string{"bot-privatekey.pem", "app-privatekey.pem", "config.yaml"} {
				info, err := os.Stat(filepath.Join(dir, f))
				if err != nil || info.Mode().Perm() != 0o600 {
					t.Fatalf("%s: mode %v, err %v; want 0600", f, info.Mode().Perm(), err)
				}
			}
			key, _ := os.ReadFile(keyPath)
			if !bytes.Equal(key, e.Credentials.BotPrivateKeyPEM) {
				t.Fatal("bot-privatekey.pem is not the bot's key")
			}
			ca := filepath.Join(dir, "ca.pem")
			if tls {
				if !strings.Contains(cfg, "ssl:\n  trustStore:\n    path: "+strconv.Quote(ca)) {
					t.Fatalf("TLS config lacks the trust store:\n%s", cfg)
				}
				if pem, _ := os.ReadFile(ca); !bytes.Equal(pem, e.CAPEM) {
					t.Fatal("ca.pem is not the emulator's CA")
				}
			} else if strings.Contains(cfg, "ssl:") {
				t.Fatalf("plain HTTP config has a trust store:\n%s", cfg)
			}
			// The written key logs in.
			login(t, client(t, e, false), e, BotUsername, key)
		})
	}
}
