package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestRSALoginAndSessionInfo(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	tok := botToken(t, c, e)

	r := call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil)
	wantStatus(t, r, http.StatusOK)
	var me userV2
	r.decode(t, &me)
	if me.ID != e.Credentials.BotUserID || me.Username != BotUsername || me.AccountType != "SYSTEM" {
		t.Fatalf("sessioninfo = %s", r.Body)
	}
	for _, role := range []string{"SUPER_ADMINISTRATOR", "USER_PROVISIONING", "INDIVIDUAL"} {
		if !strings.Contains(string(r.Body), role) {
			t.Errorf("bot roles lack %s: %s", role, r.Body)
		}
	}
	if got := e.Stats().Auth["POST /login/pubkey/authenticate"]; got != 1 {
		t.Errorf("auth count = %d, want 1", got)
	}
}

func TestRSALoginRefusals(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	key := parseKey(t, e.Credentials.BotPrivateKeyPEM)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := e.now()
	sub := BotUsername
	cases := []struct {
		name   string
		token  string
		reason string
	}{
		{"expired", signJWT(t, key, nil, jwt.MapClaims{"sub": sub, "exp": now.Add(-time.Minute).Unix()}, nil), "expired"},
		{"too far ahead", signJWT(t, key, nil, jwt.MapClaims{"sub": sub, "exp": now.Add(6 * time.Minute).Unix()}, nil), "5 minutes"},
		{"no exp", signJWT(t, key, nil, jwt.MapClaims{"sub": sub}, nil), "expiration"},
		{"wrong key", signJWT(t, other, nil, jwt.MapClaims{"sub": sub, "exp": now.Add(time.Minute).Unix()}, nil), "signature"},
		{"unknown user", signJWT(t, key, nil, jwt.MapClaims{"sub": "nobody", "exp": now.Add(time.Minute).Unix()}, nil), "unknown user"},
		{"app on the bot endpoint", signJWT(t, parseKey(t, e.Credentials.AppPrivateKeyPEM), nil, jwt.MapClaims{"sub": AppID, "exp": now.Add(time.Minute).Unix()}, nil), "unknown user"},
		{"RS256", signJWT(t, key, jwt.SigningMethodRS256, jwt.MapClaims{"sub": sub, "exp": now.Add(time.Minute).Unix()}, nil), "RS512"},
		{"PS512", signJWT(t, key, jwt.SigningMethodPS512, jwt.MapClaims{"sub": sub, "exp": now.Add(time.Minute).Unix()}, nil), "RS512"},
		{"alg none", noneJWT(sub, now.Add(time.Minute).Unix()), "RS512"},
		{"garbage", "not.a.jwt", "malformed"},
		{"empty", "", "missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": tc.token})
			wantError(t, r, http.StatusUnauthorized, tc.reason)
			if tc.token != "" && strings.Contains(string(r.Body), tc.token) {
				t.Fatal("the error echoes the JWT")
			}
		})
	}
	wantError(t, call(t, c, e, "POST", "/login/pubkey/authenticate", "", "{not json"), http.StatusUnauthorized, "body")
}

func noneJWT(sub string, exp int64) string {
	s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": sub, "exp": exp}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	return s
}

// Tokens from older clients: typ header, iat claim, exp 3 minutes ahead, and
// exp a few seconds past 5 minutes (clock skew).
func TestRSALoginAcceptsClientsInTheWild(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	key := parseKey(t, e.Credentials.BotPrivateKeyPEM)
	now := e.now()
	for name, tok := range map[string]string{
		"typ and iat": signJWT(t, key, nil, jwt.MapClaims{"sub": BotUsername, "iat": now.Unix(), "exp": now.Add(180 * time.Second).Unix()}, map[string]any{"typ": "JWT"}),
		"skew":        signJWT(t, key, nil, jwt.MapClaims{"sub": BotUsername, "exp": now.Add(5*time.Minute + 3*time.Second).Unix()}, nil),
	} {
		r := call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": tok})
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
}

func TestRelayAnswersKeyManagerToken(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	r := call(t, c, e, "POST", "/relay/pubkey/authenticate", "", map[string]string{"token": botJWT(t, e, BotUsername, e.Credentials.BotPrivateKeyPEM)})
	wantStatus(t, r, http.StatusOK)
	var tok tokenResponse
	r.decode(t, &tok)
	if tok.Name != "keyManagerToken" || tok.Token == "" {
		t.Fatalf("relay answered %s", r.Body)
	}
	// A key manager token is no pod session.
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok.Token, nil), http.StatusUnauthorized, "Invalid session")
}

func TestOBO(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	r := call(t, c, e, "POST", "/login/pubkey/app/authenticate", "", map[string]string{"token": botJWT(t, e, AppID, e.Credentials.AppPrivateKeyPEM)})
	wantStatus(t, r, http.StatusOK)
	var app tokenResponse
	r.decode(t, &app)

	// The app session itself does not open the pod.
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", app.Token, nil), http.StatusUnauthorized, "Invalid session")

	e.mu.Lock()
	var target *user
	for _, id := range e.st.userOrder {
		if u := e.st.users[id]; !u.External && u.mayLogIn(e.now()) && u.AccountType == "NORMAL" {
			target = u
			break
		}
	}
	uid, uname := target.ID, target.Username
	e.mu.Unlock()

	for _, path := range []string{
		fmt.Sprintf("/login/pubkey/app/user/%d/authenticate", uid),
		"/login/pubkey/app/username/" + uname + "/authenticate",
	} {
		r := call(t, c, e, "POST", path, app.Token, nil)
		wantStatus(t, r, http.StatusOK)
		var obo tokenResponse
		r.decode(t, &obo)
		r = call(t, c, e, "GET", "/pod/v2/sessioninfo", obo.Token, nil)
		wantStatus(t, r, http.StatusOK)
		var me userV2
		r.decode(t, &me)
		if me.ID != uid {
			t.Fatalf("%s: OBO session is user %d, want %d", path, me.ID, uid)
		}
	}
	// The login spec declares 401 for every refusal.
	wantError(t, call(t, c, e, "POST", "/login/pubkey/app/user/190/authenticate", app.Token, nil), http.StatusUnauthorized, "User id not found")
	wantError(t, call(t, c, e, "POST", "/login/pubkey/app/username/nobody.at.all/authenticate", app.Token, nil), http.StatusUnauthorized, "Username not found")
	wantError(t, call(t, c, e, "POST", "/login/pubkey/app/user/abc/authenticate", app.Token, nil), http.StatusUnauthorized, "User id not found")
	bot := botToken(t, c, e)
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/login/pubkey/app/user/%d/authenticate", uid), bot, nil), http.StatusUnauthorized)
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/login/pubkey/app/user/%d/authenticate", uid), "", nil), http.StatusUnauthorized)
	// The bot's JWT is no app JWT.
	wantStatus(t, call(t, c, e, "POST", "/login/pubkey/app/authenticate", "", map[string]string{"token": botJWT(t, e, BotUsername, e.Credentials.BotPrivateKeyPEM)}), http.StatusUnauthorized)
}

func TestCertificateAuthentication(t *testing.T) {
	e := startPod(t, Options{TLS: true})
	if len(e.CAPEM) == 0 || len(e.Credentials.BotCertPEM) == 0 || !strings.HasPrefix(e.URL, "https://") {
		t.Fatalf("TLS emulator without CA or client certificate: %s", e.URL)
	}
	withCert := client(t, e, true)
	for _, path := range []string{"/sessionauth/v1/authenticate", "/keyauth/v1/authenticate"} {
		for _, body := range []any{nil, "", "{}"} {
			r := call(t, withCert, e, "POST", path, "", body)
			wantStatus(t, r, http.StatusOK)
			var tok tokenResponse
			r.decode(t, &tok)
			want := "sessionToken"
			if strings.HasPrefix(path, "/keyauth") {
				want = "keyManagerToken"
			}
			if tok.Name != want || tok.Token == "" {
				t.Fatalf("%s answered %s", path, r.Body)
			}
			if want == "sessionToken" {
				r = call(t, withCert, e, "GET", "/pod/v2/sessioninfo", tok.Token, nil)
				wantStatus(t, r, http.StatusOK)
				if !strings.Contains(string(r.Body), `"username":"`+BotUsername+`"`) {
					t.Fatalf("certificate session is not the bot: %s", r.Body)
				}
			}
		}
	}
	without := client(t, e, false)
	// The authenticator spec declares 400 and 403, no 401.
	wantError(t, call(t, without, e, "POST", "/sessionauth/v1/authenticate", "", nil), http.StatusForbidden, "certificate")
	wantError(t, call(t, without, e, "POST", "/keyauth/v1/authenticate", "", nil), http.StatusForbidden, "certificate")
	// RSA login works on the same TLS listener.
	botToken(t, without, e)
}

func TestSessionTTLAndExpireSessions(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	e := startPod(t, Options{SessionTTL: time.Hour, Now: clock.Now})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusOK)
	clock.Advance(59 * time.Minute)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusOK)
	clock.Advance(2 * time.Minute)
	r := call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil)
	wantStatus(t, r, http.StatusUnauthorized)
	if got := strings.TrimSpace(string(r.Body)); got != `{"code":401,"message":"Invalid session"}` {
		t.Fatalf("expired session body %s", got)
	}

	tok = botToken(t, c, e)
	e.ExpireSessions()
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusUnauthorized, "Invalid session")

	tok = botToken(t, c, e)
	wantStatus(t, call(t, c, e, "POST", "/_emulator/expire-sessions", "", nil), http.StatusOK)
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusUnauthorized, "Invalid session")
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", "", nil), http.StatusUnauthorized, "Invalid session")
}

func TestCredentialsNeverPrintKeys(t *testing.T) {
	e := startPod(t, Options{TLS: true})
	for _, s := range []string{fmt.Sprint(e.Credentials), fmt.Sprintf("%v %+v %#v %s", e.Credentials, e.Credentials, e.Credentials, e.Credentials)} {
		if strings.Contains(s, "PRIVATE KEY") || strings.Contains(s, "CERTIFICATE") {
			t.Fatalf("credentials print secrets: %s", s)
		}
	}
}

func TestLogout(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	tok := botToken(t, c, e)
	wantStatus(t, call(t, c, e, "POST", "/sessionauth/v1/logout", tok, nil), http.StatusOK)
	wantError(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil), http.StatusUnauthorized, "Invalid session")
	wantStatus(t, call(t, c, e, "POST", "/sessionauth/v1/logout", tok, nil), http.StatusBadRequest)
}
