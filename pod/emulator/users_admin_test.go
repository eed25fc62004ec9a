package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestAdminUserDetailAndNotFound(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	local, external, _ := someUsers(t, e)
	r := call(t, c, e, "GET", fmt.Sprintf("/pod/v2/admin/user/%d", local.ID), bot, nil)
	wantStatus(t, r, http.StatusOK)
	var d v2UserDetail
	r.decode(t, &d)
	if d.UserSystemInfo.ID != local.ID || *d.UserAttributes.UserName != local.Username || *d.UserAttributes.CompanyName != local.Company {
		t.Fatalf("detail = %s", r.Body)
	}
	if !strings.Contains(string(r.Body), `"userName":`) || !strings.Contains(string(r.Body), `"companyName":`) {
		t.Fatalf("admin record must spell userName/companyName: %s", r.Body)
	}
	for _, p := range []string{
		fmt.Sprintf("/pod/v2/admin/user/%d", external.ID), // another pod's user is not ours to administer
		"/pod/v2/admin/user/42",
		"/pod/v1/admin/user/42/features",
		"/pod/v1/admin/user/42/status",
	} {
		// The spec declares 404 for roles/remove only; elsewhere an unknown user is a client error.
		wantError(t, call(t, c, e, "GET", p, bot, nil), http.StatusBadRequest, "User cannot be found")
	}
	wantError(t, call(t, c, e, "POST", "/pod/v1/admin/user/42/roles/add", bot, `{"id":"INDIVIDUAL"}`), http.StatusBadRequest, "User cannot be found")
	wantError(t, call(t, c, e, "POST", "/pod/v1/admin/user/42/roles/remove", bot, `{"id":"INDIVIDUAL"}`), http.StatusNotFound, "User cannot be found")
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/admin/user/abc", bot, nil), http.StatusBadRequest)
}

func TestAdminCreateUpdateAndServiceAccountLogin(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	create := map[string]any{
		"userAttributes": map[string]any{
			"userName": "ci-bot", "displayName": "CI Bot", "emailAddress": "ci-bot@meridiancapital.example",
			"accountType": "SYSTEM", "currentKey": map[string]any{"key": pub, "action": "SAVE"},
		},
		"roles": []string{"INDIVIDUAL"},
	}
	r := call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, create)
	wantStatus(t, r, http.StatusOK)
	var d v2UserDetail
	r.decode(t, &d)
	id := d.UserSystemInfo.ID
	if id == 0 || tenantOf(id) != localCompany.PodID || d.UserSystemInfo.Status != "ENABLED" || d.UserSystemInfo.CreatedBy != fmt.Sprint(e.Credentials.BotUserID) {
		t.Fatalf("created = %s", r.Body)
	}
	// The new service account logs in with its key.
	priv, _ := x509.MarshalPKCS8PrivateKey(key)
	tok := login(t, c, e, "ci-bot", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv}))
	var me userV2
	call(t, c, e, "GET", "/pod/v2/sessioninfo", tok, nil).decode(t, &me)
	if me.ID != id {
		t.Fatalf("new account's session is %d, want %d", me.ID, id)
	}

	wantError(t, call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, create), http.StatusBadRequest, "already taken")
	wantStatus(t, call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, map[string]any{"userAttributes": map[string]any{"userName": "n", "displayName": "N"}}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, map[string]any{"userAttributes": map[string]any{"userName": "n", "displayName": "N", "emailAddress": "n@x.example"}, "roles": []string{"KING"}}), http.StatusBadRequest)

	r = call(t, c, e, "POST", fmt.Sprintf("/pod/v2/admin/user/%d/update", id), bot, map[string]any{"title": "Release Manager", "userName": "ci-bot-2"})
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &d)
	if *d.UserAttributes.Title != "Release Manager" || *d.UserAttributes.UserName != "ci-bot-2" || *d.UserAttributes.DisplayName != "CI Bot" {
		t.Fatalf("updated = %s", r.Body)
	}
	// Renamed: the key now belongs to the new username, and lookups follow.
	login(t, c, e, "ci-bot-2", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv}))
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?username=ci-bot&local=true", bot, nil), http.StatusNoContent)
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/user?username=ci-bot-2&local=true", bot, nil), http.StatusOK)
	wantError(t, call(t, c, e, "POST", fmt.Sprintf("/pod/v2/admin/user/%d/update", id), bot, map[string]any{"userName": PlainUsername}), http.StatusBadRequest, "already taken")
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/pod/v2/admin/user/%d/update", id), bot, map[string]any{"accountType": "ROBOT"}), http.StatusBadRequest)
}

func TestAdminFeatures(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	local, _, _ := someUsers(t, e)
	path := fmt.Sprintf("/pod/v1/admin/user/%d/features", local.ID)
	r := call(t, c, e, "GET", path, bot, nil)
	if !strings.Contains(string(r.Body), `{"entitlment":"isExternalRoomEnabled","enabled":`) {
		t.Fatalf("features must use the spec's entitlment key: %s", r.Body)
	}
	r = call(t, c, e, "POST", path+"/update", bot, []feature{{"isExternalRoomEnabled", true}, {"mustBeRecorded", false}})
	wantStatus(t, r, http.StatusOK)
	if got := strings.TrimSpace(string(r.Body)); got != `{"format":"TEXT","message":"OK"}` {
		t.Fatalf("features update = %s", got)
	}
	call(t, c, e, "POST", path+"/update", bot, []feature{{"isExternalRoomEnabled", false}}) // then off again
	var list []feature
	call(t, c, e, "GET", path, bot, nil).decode(t, &list)
	if !slices.Contains(list, feature{"isExternalRoomEnabled", false}) || !slices.Contains(list, feature{"mustBeRecorded", false}) {
		t.Fatalf("features after update: %+v", list)
	}
	// An unknown name refuses the whole list and changes nothing.
	wantStatus(t, call(t, c, e, "POST", path+"/update", bot, []feature{{"isExternalRoomEnabled", true}, {"teleport", true}}), http.StatusBadRequest)
	call(t, c, e, "GET", path, bot, nil).decode(t, &list)
	if !slices.Contains(list, feature{"isExternalRoomEnabled", false}) {
		t.Fatal("a refused update changed a feature")
	}
	var names []string
	call(t, c, e, "GET", "/pod/v1/admin/system/features/list", bot, nil).decode(t, &names)
	if len(names) != len(systemFeatures) || !slices.Contains(names, "canCreatePublicRoom") {
		t.Fatalf("system features = %v", names)
	}
	var roles []roleDetail
	call(t, c, e, "GET", "/pod/v1/admin/system/roles/list", bot, nil).decode(t, &roles)
	if len(roles) < 5 || roles[0].ID == "" || roles[0].Name == "" || len(roles[0].UserTypes) == 0 {
		t.Fatalf("roles = %+v", roles)
	}
}

func TestAdminRoles(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	local, _, _ := someUsers(t, e)
	roles := func() []string {
		var d v2UserDetail
		call(t, c, e, "GET", fmt.Sprintf("/pod/v2/admin/user/%d", local.ID), bot, nil).decode(t, &d)
		return d.Roles
	}
	add := fmt.Sprintf("/pod/v1/admin/user/%d/roles/add", local.ID)
	remove := fmt.Sprintf("/pod/v1/admin/user/%d/roles/remove", local.ID)
	r := call(t, c, e, "POST", add, bot, map[string]string{"id": "COMPLIANCE_OFFICER"})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), "Role added") || !slices.Contains(roles(), "COMPLIANCE_OFFICER") {
		t.Fatalf("role add: %s, roles %v", r.Body, roles())
	}
	wantStatus(t, call(t, c, e, "POST", add, bot, map[string]string{"id": "COMPLIANCE_OFFICER"}), http.StatusOK)
	if n := len(slices.DeleteFunc(roles(), func(s string) bool { return s != "COMPLIANCE_OFFICER" })); n != 1 {
		t.Fatalf("role added twice: %d", n)
	}
	r = call(t, c, e, "POST", remove, bot, map[string]string{"id": "COMPLIANCE_OFFICER"})
	if !strings.Contains(string(r.Body), "Role removed") || slices.Contains(roles(), "COMPLIANCE_OFFICER") {
		t.Fatalf("role remove: %s, roles %v", r.Body, roles())
	}
	wantStatus(t, call(t, c, e, "POST", add, bot, map[string]string{"id": "EMPEROR"}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "POST", add, bot, `{}`), http.StatusBadRequest)

	// A user-provisioning admin may not grant super administrator.
	prov := newProvisioner(t, e, c, bot)
	wantStatus(t, call(t, c, e, "POST", add, prov, map[string]string{"id": "L1_SUPPORT"}), http.StatusOK)
	wantError(t, call(t, c, e, "POST", add, prov, map[string]string{"id": "SUPER_ADMINISTRATOR"}), http.StatusForbidden, "entitlement")

	// Role changes are in the audit trail.
	e.mu.Lock()
	var actions []string
	for _, ev := range e.st.audit {
		actions = append(actions, ev.Action)
	}
	e.mu.Unlock()
	if !slices.Contains(actions, "userRoleAdded") || !slices.Contains(actions, "userRoleRemoved") {
		t.Fatalf("audit actions = %v", actions)
	}
}

// newProvisioner creates a SYSTEM account with USER_PROVISIONING only and
// returns a session for it.
func newProvisioner(t *testing.T, e *Emulator, c *http.Client, bot string) string {
	t.Helper()
	key := parseKey(t, e.Credentials.PlainPrivateKeyPEM) // reuse a key: accounts may share one
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	r := call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, map[string]any{
		"userAttributes": map[string]any{"userName": "provisioner", "displayName": "Provisioner", "accountType": "SYSTEM",
			"currentKey": map[string]any{"key": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}},
		"roles": []string{"USER_PROVISIONING"},
	})
	wantStatus(t, r, http.StatusOK)
	tok := signJWT(t, key, nil, jwt.MapClaims{"sub": "provisioner", "exp": e.now().Add(time.Minute).Unix()}, nil)
	r = call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": tok})
	wantStatus(t, r, http.StatusOK)
	var tr tokenResponse
	r.decode(t, &tr)
	return tr.Token
}

func TestAdminStatusAndSuspension(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)

	// Use the plain account as the target so its session shows the effect.
	uid := e.Credentials.PlainUserID
	plain := plainToken(t, c, e)
	status := func() userStatus {
		var s userStatus
		call(t, c, e, "GET", fmt.Sprintf("/pod/v1/admin/user/%d/status", uid), bot, nil).decode(t, &s)
		return s
	}
	if s := status(); s.Status != "ENABLED" || s.Suspended == nil || *s.Suspended {
		t.Fatalf("status = %+v", s)
	}
	r := call(t, c, e, "POST", fmt.Sprintf("/pod/v1/admin/user/%d/status/update", uid), bot, map[string]string{"status": "DISABLED"})
	wantStatus(t, r, http.StatusOK)
	if s := status(); s.Status != "DISABLED" {
		t.Fatalf("after disable: %+v", s)
	}
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", plain, nil), http.StatusUnauthorized)
	r = call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": botJWT(t, e, PlainUsername, e.Credentials.PlainPrivateKeyPEM)})
	wantError(t, r, http.StatusUnauthorized, "disabled")
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/pod/v1/admin/user/%d/status/update", uid), bot, map[string]string{"status": "ENABLED"}), http.StatusOK)
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/pod/v1/admin/user/%d/status/update", uid), bot, map[string]string{"status": "SLEEPING"}), http.StatusBadRequest)
	plain = plainToken(t, c, e)

	until := e.now().Add(48 * time.Hour).Unix()
	r = call(t, c, e, "PUT", fmt.Sprintf("/pod/v1/admin/user/%d/suspension/update", uid), bot,
		map[string]any{"suspended": true, "suspendedUntil": until, "suspensionReason": "Leave"})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), "User suspended with success") {
		t.Fatalf("suspension = %s", r.Body)
	}
	if s := status(); s.Suspended == nil || !*s.Suspended || s.SuspendedUntil == nil || *s.SuspendedUntil != until || s.SuspensionReason != "Leave" {
		t.Fatalf("after suspension: %+v", s)
	}
	wantStatus(t, call(t, c, e, "GET", "/pod/v2/sessioninfo", plain, nil), http.StatusUnauthorized)
	r = call(t, c, e, "POST", "/login/pubkey/authenticate", "", map[string]string{"token": botJWT(t, e, PlainUsername, e.Credentials.PlainPrivateKeyPEM)})
	wantError(t, r, http.StatusUnauthorized, "suspended")
	wantStatus(t, call(t, c, e, "PUT", fmt.Sprintf("/pod/v1/admin/user/%d/suspension/update", uid), bot, map[string]any{"suspended": false}), http.StatusOK)
	if s := status(); *s.Suspended || s.SuspendedUntil != nil {
		t.Fatalf("after lifting: %+v", s)
	}
	plainToken(t, c, e)
	wantStatus(t, call(t, c, e, "PUT", fmt.Sprintf("/pod/v1/admin/user/%d/suspension/update", uid), bot, map[string]any{}), http.StatusBadRequest)
	wantStatus(t, call(t, c, e, "PUT", "/pod/v1/admin/user/42/suspension/update", bot, map[string]any{"suspended": true}), http.StatusBadRequest)
}

func TestAdminUserStreams(t *testing.T) {
	e := startPod(t, Options{Users: 300, Rooms: 40})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	// The bot is in seeded rooms; a fresh user is in none.
	r := call(t, c, e, "POST", fmt.Sprintf("/pod/v1/admin/user/%d/streams/list", e.Credentials.BotUserID), bot, `{}`)
	e.mu.Lock()
	member := 0
	for _, s := range e.st.streams {
		if s.members[e.Credentials.BotUserID] != nil && s.Active {
			member++
		}
	}
	e.mu.Unlock()
	if member == 0 {
		t.Fatal("the seed put the bot in no active stream")
	}
	wantStatus(t, r, http.StatusOK)
	var list []map[string]any
	r.decode(t, &list)
	if len(list) != min(member, 50) {
		t.Fatalf("%d streams listed, bot is in %d", len(list), member)
	}
	var d v2UserDetail
	call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, map[string]any{"userAttributes": map[string]any{"userName": "fresh", "displayName": "Fresh", "emailAddress": "fresh@meridiancapital.example"}}).decode(t, &d)
	wantStatus(t, call(t, c, e, "POST", fmt.Sprintf("/pod/v1/admin/user/%d/streams/list", d.UserSystemInfo.ID), bot, nil), http.StatusNoContent)
	wantStatus(t, call(t, c, e, "POST", "/pod/v1/admin/user/42/streams/list", bot, nil), http.StatusBadRequest)
}

// Logins, reads and admin writes at once, with presence churning: the race
// detector checks the locking.
func TestConcurrentIdentityTraffic(t *testing.T) {
	e := startPod(t, Options{Users: 300, PresenceChurn: 200})
	c := client(t, e, false)
	local, _, _ := someUsers(t, e)
	jwts := make([]string, 8)
	for g := range jwts {
		jwts[g] = botJWT(t, e, BotUsername, e.Credentials.BotPrivateKeyPEM)
	}
	// send must not call t.Fatal: it runs off the test goroutine.
	send := func(method, path, token, body string) (int, string) {
		req, err := http.NewRequest(method, e.URL+path, strings.NewReader(body))
		if err != nil {
			return 0, ""
		}
		req.Header.Set("sessionToken", token)
		resp, err := c.Do(req)
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		var tok tokenResponse
		_ = json.NewDecoder(resp.Body).Decode(&tok)
		return resp.StatusCode, tok.Token
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			status, tok := send("POST", "/login/pubkey/authenticate", "", `{"token":"`+jwts[g]+`"}`)
			if status != http.StatusOK {
				errs <- fmt.Errorf("login %d: status %d", g, status)
				return
			}
			for i := range 10 {
				var status int
				switch (g + i) % 5 {
				case 0:
					status, _ = send("POST", "/pod/v1/user/search", tok, `{"query":"a"}`)
				case 1:
					status, _ = send("POST", fmt.Sprintf("/pod/v1/admin/user/%d/roles/add", local.ID), tok, `{"id":"L1_SUPPORT"}`)
				case 2:
					status, _ = send("POST", fmt.Sprintf("/pod/v1/admin/user/%d/features/update", local.ID), tok, fmt.Sprintf(`[{"entitlment":"sendFilesEnabled","enabled":%t}]`, i%2 == 0))
				case 3:
					status, _ = send("GET", "/pod/v2/admin/user/list?limit=50", tok, "")
				case 4:
					status, _ = send("GET", fmt.Sprintf("/pod/v3/users?uid=%d", local.ID), tok, "")
				}
				if status != http.StatusOK {
					errs <- fmt.Errorf("worker %d step %d: status %d", g, i, status)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got := e.Stats().Auth["POST /login/pubkey/authenticate"]; got != 8 {
		t.Fatalf("%d logins counted, want 8", got)
	}
}

// companyName is one of the attributes create and update apply, like the
// others: a change the pod acknowledged must read back.
func TestAdminCreateAndUpdateApplyCompanyName(t *testing.T) {
	e := startPod(t, Options{})
	c := client(t, e, false)
	bot := botToken(t, c, e)
	create := `{"userAttributes":{"userName":"c.name","displayName":"C Name","emailAddress":"c.name@meridiancapital.example","companyName":"Acme Desk"}}`
	r := call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, create)
	wantStatus(t, r, http.StatusOK)
	var d v2UserDetail
	r.decode(t, &d)
	if d.UserAttributes.CompanyName == nil || *d.UserAttributes.CompanyName != "Acme Desk" {
		t.Fatalf("created with companyName Acme Desk, got %s", r.Body)
	}
	path := fmt.Sprintf("/pod/v2/admin/user/%d", d.UserSystemInfo.ID)
	wantStatus(t, call(t, c, e, "POST", path+"/update", bot, `{"companyName":"Other Co"}`), http.StatusOK)
	r = call(t, c, e, "GET", path, bot, nil)
	r.decode(t, &d)
	if d.UserAttributes.CompanyName == nil || *d.UserAttributes.CompanyName != "Other Co" {
		t.Fatalf("after updating companyName to Other Co: %s", r.Body)
	}
	// Without companyName a new user belongs to the pod's company.
	r = call(t, c, e, "POST", "/pod/v2/admin/user/create", bot, `{"userAttributes":{"userName":"d.name","displayName":"D Name","emailAddress":"d.name@meridiancapital.example"}}`)
	r.decode(t, &d)
	if d.UserAttributes.CompanyName == nil || *d.UserAttributes.CompanyName != e.st.podCompany {
		t.Fatalf("default company: %s", r.Body)
	}
}
