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

// TestChurnControlChangesPresence shows what POST /_emulator/churn promises: a
// burst changes presence at once (as GET /_emulator/presence reports it) and a
// rate is taken as the churn rate.
func TestChurnControlChangesPresence(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	e.SetChurn(0)
	truth := func() map[int64]string {
		var all []v2Presence
		call(t, c, e, "GET", "/_emulator/presence", "", nil).decode(t, &all)
		out := make(map[int64]string, len(all))
		for _, p := range all {
			out[p.UserID] = p.Category
		}
		return out
	}
	before := truth()
	wantStatus(t, call(t, c, e, "POST", "/_emulator/churn", "", `{"burst":10}`), http.StatusOK)
	changed := 0
	for id, cat := range truth() {
		if before[id] != cat {
			changed++
		}
	}
	if changed == 0 || changed > 10 {
		t.Fatalf("a burst of 10 changed %d users' presence", changed)
	}

	wantStatus(t, call(t, c, e, "POST", "/_emulator/churn", "", `{"rate":2.5}`), http.StatusOK)
	e.mu.Lock()
	rate := e.st.churnRate
	e.mu.Unlock()
	e.SetChurn(0)
	if rate != 2.5 {
		t.Fatalf("churn rate after {\"rate\":2.5} = %v", rate)
	}
}

// TestExpireFeedsControl shows that POST /_emulator/expire-feeds ends a live
// feed: its next read is the pod's 400.
func TestExpireFeedsControl(t *testing.T) {
	e := startPod(t, Options{Users: 50})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	var feed struct{ ID string }
	call(t, c, e, "POST", "/pod/v1/presence/feed/create", tok, nil).decode(t, &feed)
	read := "/pod/v1/presence/feed/" + feed.ID + "/read"
	wantStatus(t, call(t, c, e, "GET", read, tok, nil), http.StatusOK)
	wantStatus(t, call(t, c, e, "POST", "/_emulator/expire-feeds", "", nil), http.StatusOK)
	wantError(t, call(t, c, e, "GET", read, tok, nil), http.StatusBadRequest, "expired")
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
