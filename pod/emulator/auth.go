package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	// jwtMaxAhead is how far in the future a login JWT may expire (developer
	// docs: "between the current time and five minutes from the current time").
	jwtMaxAhead = 5 * time.Minute
	// jwtSkew tolerates clocks a little apart, on both bounds.
	jwtSkew = 10 * time.Second
	// unauthorizedLogin is the login spec's 401 description.
	unauthorizedLogin = "Client is unauthorized to access this resource"
)

// authRoutes registers the login (RSA), relay (key manager), sessionauth and
// keyauth (certificate) endpoints.
func (e *Emulator) authRoutes() {
	e.handle("POST /login/pubkey/authenticate", e.handleJWTLogin(false))
	e.handle("POST /relay/pubkey/authenticate", e.handleJWTLogin(true))
	e.handle("POST /login/pubkey/app/authenticate", e.handleAppLogin)
	e.handle("POST /login/pubkey/app/user/{userId}/authenticate", e.handleOBOByID)
	e.handle("POST /login/pubkey/app/username/{username}/authenticate", e.handleOBOByUsername)
	e.handle("POST /sessionauth/v1/authenticate", e.handleCertLogin(false))
	e.handle("POST /keyauth/v1/authenticate", e.handleCertLogin(true))
	e.handle("POST /sessionauth/v1/logout", e.handleLogout)
}

// tokenResponse is the login spec's Token.
type tokenResponse struct {
	Name  string `json:"name"`
	Token string `json:"token"`
}

func writeToken(w http.ResponseWriter, keyManager bool, token string) {
	name := "sessionToken"
	if keyManager {
		name = "keyManagerToken"
	}
	writeJSON(w, http.StatusOK, tokenResponse{Name: name, Token: token})
}

// handleJWTLogin is RSA authentication of a service account: on the pod it
// answers a session token, on the key manager (/relay) a key manager token.
func (e *Emulator) handleJWTLogin(keyManager bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		acc, status, msg := e.verifyLoginJWT(r, false)
		if acc == nil {
			writeError(w, status, msg)
			return
		}
		var ok bool
		e.locked(func() {
			u := e.st.users[acc.UserID]
			ok = u != nil && u.mayLogIn(e.now())
			if ok && !keyManager {
				u.LastLoginDate = e.now().UnixMilli()
			}
		})
		if !ok {
			writeError(w, http.StatusUnauthorized, unauthorizedLogin+": the account is disabled or suspended")
			return
		}
		writeToken(w, keyManager, e.issueSession(session{UserID: acc.UserID, KeyManager: keyManager}))
	}
}

// handleAppLogin is RSA authentication of an app (JWT sub = app id); the token
// it answers only opens the OBO endpoints.
func (e *Emulator) handleAppLogin(w http.ResponseWriter, r *http.Request) {
	acc, status, msg := e.verifyLoginJWT(r, true)
	if acc == nil {
		writeError(w, status, msg)
		return
	}
	writeToken(w, false, e.issueSession(session{AppID: acc.Subject}))
}

func (e *Emulator) handleOBOByID(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("userId"), 10, 64)
	if err != nil {
		id = 0 // matches nobody: answered like an unknown user
	}
	e.obo(w, r, func() *user { return e.st.users[id] }, "User id not found")
}

func (e *Emulator) handleOBOByUsername(w http.ResponseWriter, r *http.Request) {
	name := strings.ToLower(r.PathValue("username"))
	e.obo(w, r, func() *user { return e.st.byUsername[name] }, "Username not found")
}

// obo issues a session for a local user to the app whose session token is in
// the sessionToken header. find runs with e.mu held. Every refusal is a 401:
// the login spec declares no 400 or 404 here (the deprecated certificate
// variant's 404 "User id not found" keeps its message).
func (e *Emulator) obo(w http.ResponseWriter, r *http.Request, find func() *user, notFound string) {
	token := r.Header.Get("sessionToken")
	now := e.now().UnixMilli()
	var app *account
	var uid int64
	status, msg := 0, ""
	e.locked(func() {
		s := e.st.sessions[token]
		if s != nil && s.AppID != "" && s.UserID == 0 && s.ExpiresAt > now {
			app = e.st.accounts[strings.ToLower(s.AppID)]
		}
		u := find()
		switch {
		case app == nil:
			status, msg = http.StatusUnauthorized, "Invalid app session"
		case u == nil || u.External:
			status, msg = http.StatusUnauthorized, unauthorizedLogin+": "+notFound
		case !u.mayLogIn(e.now()):
			status, msg = http.StatusUnauthorized, unauthorizedLogin+": the user is disabled or suspended"
		case app.AuthorizedUsers != nil && !app.AuthorizedUsers[u.ID]:
			status, msg = http.StatusUnauthorized, unauthorizedLogin+": the user has not installed the app"
		default:
			uid = u.ID
		}
	})
	if status != 0 {
		writeError(w, status, msg)
		return
	}
	writeToken(w, false, e.issueSession(session{UserID: uid, AppID: app.Subject}))
}

// handleCertLogin authenticates the holder of a client certificate signed by
// the emulator's CA; the certificate's CN names the service account. Any body
// (none, empty, "{}") is accepted and ignored.
func (e *Emulator) handleCertLogin(keyManager bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		// The authenticator spec declares 400 and 403 only; both refusals are 403.
		if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
			writeError(w, http.StatusForbidden, "Forbidden: no client certificate was presented")
			return
		}
		cn := strings.ToLower(r.TLS.PeerCertificates[0].Subject.CommonName)
		var uid int64
		e.locked(func() {
			acc := e.st.accounts[cn]
			if acc == nil || acc.IsApp {
				return
			}
			if u := e.st.users[acc.UserID]; u != nil && u.mayLogIn(e.now()) {
				uid = u.ID
				if !keyManager {
					u.LastLoginDate = e.now().UnixMilli()
				}
			}
		})
		if uid == 0 {
			writeError(w, http.StatusForbidden, "Forbidden: Certificate authentication is not allowed for the requested user.")
			return
		}
		writeToken(w, keyManager, e.issueSession(session{UserID: uid, KeyManager: keyManager}))
	}
}

// handleLogout ends the session named in the sessionToken header.
func (e *Emulator) handleLogout(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("sessionToken")
	var ok bool
	e.locked(func() {
		_, ok = e.st.sessions[token]
		delete(e.st.sessions, token)
	})
	if !ok {
		writeError(w, http.StatusBadRequest, "Invalid session") // the spec declares no 401 here
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Logout successful"})
}

// verifyLoginJWT reads {"token": jwt} and checks it the way the pod documents:
// RS512, a known subject of the right kind (service account or app), a valid
// signature for that subject's key, and an expiry in the future but at most
// five minutes ahead. A "typ" header and extra claims such as "iat" are fine.
// On failure it answers the status and message to send.
func (e *Emulator) verifyLoginJWT(r *http.Request, wantApp bool) (*account, int, string) {
	var body struct {
		Token string `json:"token"`
	}
	if err := decodeBody(r, &body); err != nil {
		// The login spec declares 401 for every failure, a malformed request included.
		return nil, http.StatusUnauthorized, unauthorizedLogin + ": the body must be {\"token\": \"<signed JWT>\"}"
	}
	if body.Token == "" {
		return nil, http.StatusUnauthorized, unauthorizedLogin + ": missing token"
	}
	var acc *account
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(body.Token, &claims, func(t *jwt.Token) (any, error) {
		// Checked here rather than with jwt.WithValidMethods, whose refusal
		// reads like a bad signature.
		if t.Method.Alg() != "RS512" {
			return nil, errWrongAlg
		}
		sub, _ := t.Claims.GetSubject()
		var a *account
		e.locked(func() { a = e.st.accounts[strings.ToLower(sub)] })
		if a == nil || a.IsApp != wantApp {
			return nil, errUnknownSubject
		}
		acc = a
		return a.PublicKey, nil
	},
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(jwtSkew),
		jwt.WithTimeFunc(e.now),
	)
	if err != nil {
		return nil, http.StatusUnauthorized, unauthorizedLogin + ": " + jwtFailure(err, wantApp)
	}
	if claims.ExpiresAt.After(e.now().Add(jwtMaxAhead + jwtSkew)) {
		return nil, http.StatusUnauthorized, unauthorizedLogin + ": the token expires more than 5 minutes from now"
	}
	return acc, 0, ""
}

var (
	errUnknownSubject = errors.New("unknown subject")
	errWrongAlg       = errors.New("wrong algorithm")
)

// jwtFailure says why a JWT was refused, without echoing any of it.
func jwtFailure(err error, wantApp bool) string {
	switch {
	case errors.Is(err, errWrongAlg):
		return "the token must be signed with RS512"
	case errors.Is(err, errUnknownSubject):
		if wantApp {
			return "unknown app"
		}
		return "unknown user"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "the token has expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "the token has no expiration"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid token signature"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed token"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "the token must be signed with RS512" // an algorithm the parser does not know
	default:
		return "invalid token"
	}
}

// mayLogIn: disabled users and users under a running suspension cannot
// authenticate. Call with e.mu held.
func (u *user) mayLogIn(now time.Time) bool {
	if u.Status != "ENABLED" {
		return false
	}
	return !u.Suspended || (u.SuspendedUntil != 0 && u.SuspendedUntil <= now.Unix())
}

// issueSession stores s under a new random token and returns the token.
func (e *Emulator) issueSession(s session) string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	s.Token = base64.RawURLEncoding.EncodeToString(b[:])
	now := e.now()
	s.ExpiresAt = now.Add(e.opts.SessionTTL).UnixMilli()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.st.sessions) >= 4096 && len(e.st.sessions)%1024 == 0 {
		e.pruneSessions(now.UnixMilli())
	}
	e.st.sessions[s.Token] = &s
	return s.Token
}

// pruneSessions forgets expired sessions so long runs stay small. Call with e.mu held.
func (e *Emulator) pruneSessions(nowMs int64) {
	for k, s := range e.st.sessions {
		if s.ExpiresAt <= nowMs {
			delete(e.st.sessions, k)
		}
	}
}

// ExpireSessions ends every session: the next request with any token gets
// 401 "Invalid session", as when a pod's sessions time out.
func (e *Emulator) ExpireSessions() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.st.sessions)
}

// endUserSessions ends the sessions of one user (it was disabled). Call with e.mu held.
func (e *Emulator) endUserSessions(uid int64) {
	for k, s := range e.st.sessions {
		if s.UserID == uid {
			delete(e.st.sessions, k)
		}
	}
}
