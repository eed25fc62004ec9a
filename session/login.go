package session

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtLifetime is what both BDKs use: the pod accepts at most 5 minutes and
// 240 s leaves room for clock skew.
const jwtLifetime = 240 * time.Second

// chooseLogin picks the login the config and options describe.
func (s *Session) chooseLogin() error {
	cfg, o := s.cfg, s.opts
	switch {
	case o.OBOUserID != 0 || o.OBOUsername != "":
		if o.OBOUserID != 0 && o.OBOUsername != "" {
			return errors.New("session: act on behalf of a user by id or by username, not both")
		}
		if s.creds.appKey == nil || cfg.App.AppID == "" {
			return &ConfigError{File: cfg.Path, Key: "app.appId", Message: "missing: acting on behalf of a user needs app.appId and app.privateKey"}
		}
		s.login = s.loginOBO
		if o.OBOUserID != 0 {
			s.identity = fmt.Sprintf("user %d on behalf of app %q", o.OBOUserID, cfg.App.AppID)
		} else {
			s.identity = fmt.Sprintf("user %q on behalf of app %q", o.OBOUsername, cfg.App.AppID)
		}
	case s.creds.clientCert != nil:
		s.certAPI = newClient(s.creds.roots, s.creds.clientCert, cfg.SessionAuth, cfg.KeyManager)
		s.login = s.loginCert
		s.identity = "certificate " + certSubject(s.creds)
	case s.creds.botKey != nil:
		if cfg.Bot.Username == "" {
			return &ConfigError{File: cfg.Path, Key: "bot.username", Message: "missing: RSA login needs the service account's username"}
		}
		s.login = s.loginRSA
		s.identity = fmt.Sprintf("bot %q (RSA key)", cfg.Bot.Username)
	default:
		return &ConfigError{File: cfg.Path, Key: "bot.privateKey", Message: "missing: set bot.privateKey (RSA key) or bot.certificate to log in"}
	}
	return nil
}

func certSubject(c *credentials) string {
	if c.clientCert == nil || c.clientCert.Leaf == nil {
		return "(client certificate)"
	}
	return strconv.Quote(c.clientCert.Leaf.Subject.CommonName)
}

// signJWT is the login JWT: RS512 with only sub and exp, as the BDKs send.
// A fresh one is signed for every attempt.
func (s *Session) signJWT(sub string, key *rsa.PrivateKey) (string, error) {
	claims := jwt.MapClaims{"sub": sub, "exp": s.now().Add(jwtLifetime).Unix()}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodRS512, claims).SignedString(key)
	if err != nil {
		return "", fmt.Errorf("signing the login JWT: %w", err)
	}
	return tok, nil
}

func (s *Session) loginURL() string { return s.cfg.Pod.BaseURL() + "/login" }

// loginRSA: POST /login/pubkey/authenticate {"token": jwt}.
func (s *Session) loginRSA(ctx context.Context) (Secret, error) {
	who := fmt.Sprintf("service account %q", s.cfg.Bot.Username)
	jwtTok, err := s.signJWT(s.cfg.Bot.Username, s.creds.botKey)
	if err != nil {
		return "", &AuthError{Message: err.Error(), Err: err}
	}
	return s.post(ctx, s.api, s.loginURL()+"/pubkey/authenticate", jwtBody(jwtTok), "", s.cfg.Pod, refusal{
		route: "/login/pubkey/authenticate", params: []ExchangeParam{{"username", s.cfg.Bot.Username}},
		who:   who,
		check: "is the bot's public key imported in the pod for this user, is bot.username right, and is this machine's clock right?",
	})
}

// loginOBO: the app logs in with its own key, then asks for a session of
// the user. The app token is not kept: each login does both steps (as the BDK).
func (s *Session) loginOBO(ctx context.Context) (Secret, error) {
	app := s.cfg.App.AppID
	appTok, err := s.loginApp(ctx)
	if err != nil {
		return "", err
	}
	var path, user, route string
	var param ExchangeParam
	if s.opts.OBOUserID != 0 {
		path = "/pubkey/app/user/" + strconv.FormatInt(s.opts.OBOUserID, 10) + "/authenticate"
		user = fmt.Sprintf("user %d", s.opts.OBOUserID)
		route, param = "/login/pubkey/app/user/{userId}/authenticate", ExchangeParam{"userId", strconv.FormatInt(s.opts.OBOUserID, 10)}
	} else {
		path = "/pubkey/app/username/" + url.PathEscape(s.opts.OBOUsername) + "/authenticate"
		user = fmt.Sprintf("user %q", s.opts.OBOUsername)
		route, param = "/login/pubkey/app/username/{username}/authenticate", ExchangeParam{"username", s.opts.OBOUsername}
	}
	return s.post(ctx, s.api, s.loginURL()+path, nil, appTok, s.cfg.Pod, refusal{
		route: route, params: []ExchangeParam{param, {"appId", app}},
		who:   fmt.Sprintf("app %q acting on behalf of %s", app, user),
		check: "does the user exist, and has the app been installed for this user?",
	})
}

// loginApp: the app's own login, POST /login/pubkey/app/authenticate
// {"token": jwt signed with the app's key, sub = app id}.
func (s *Session) loginApp(ctx context.Context) (Secret, error) {
	app := s.cfg.App.AppID
	jwtTok, err := s.signJWT(app, s.creds.appKey)
	if err != nil {
		return "", &AuthError{Message: err.Error(), Err: err}
	}
	return s.post(ctx, s.api, s.loginURL()+"/pubkey/app/authenticate", jwtBody(jwtTok), "", s.cfg.Pod, refusal{
		route: "/login/pubkey/app/authenticate", params: []ExchangeParam{{"appId", app}},
		who:   fmt.Sprintf("app %q", app),
		check: "is app.appId right, and is the app's public key imported in the pod and the app activated?",
	})
}

// loginCert: POST {sessionAuth}/sessionauth/v1/authenticate over TLS with the
// client certificate.
func (s *Session) loginCert(ctx context.Context) (Secret, error) {
	return s.post(ctx, s.certAPI, s.cfg.SessionAuth.BaseURL()+"/sessionauth/v1/authenticate", nil, "", s.cfg.SessionAuth, refusal{
		route: "/sessionauth/v1/authenticate",
		who:   "certificate " + certSubject(s.creds),
		check: "is bot.certificate the service account's certificate, and is its CA registered in the pod?",
	})
}

func jwtBody(tok string) []byte {
	b, _ := json.Marshal(map[string]string{"token": tok})
	return b
}

// refusal is a login step: its route and non-secret parameters for the
// observer, and the words of the error when the pod answers 401/403.
type refusal struct {
	route      string
	params     []ExchangeParam
	who, check string
}

// post sends one login request and returns the "token" of the answer.
// Retries are loginWithRetry's business: it signs a fresh JWT for each.
// body nil means no body and no Content-Type: the pod's sessionauth answers
// 401/500 to an empty JSON body (seen in the wild after a 2024 release).
// Response bodies of logins hold tokens: they are never logged or quoted.
func (s *Session) post(ctx context.Context, client *http.Client, rawURL string, body []byte, sessionToken Secret, ep Endpoint, r refusal) (Secret, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, rd)
	if err != nil {
		return "", &AuthError{Endpoint: rawURL, Message: "bad login URL: " + err.Error(), Err: err}
	}
	s.decorate(req.Header, ep.DefaultHeaders, NewTraceID())
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Del("Content-Type")
	}
	if sessionToken != "" {
		req.Header.Set("sessionToken", string(sessionToken))
	}
	start := s.now()
	resp, err := client.Do(req)
	x := Exchange{Method: http.MethodPost, Route: r.route, Attempt: loginAttempt(ctx), TraceID: req.Header.Get("X-Trace-Id"), Params: r.params}
	if err != nil {
		x.Latency, x.Err = s.now().Sub(start), err
		s.observe(x)
		if !errors.Is(ctx.Err(), context.Canceled) {
			err = &NetworkError{URL: rawURL, Err: err} // a deadline here is the pod not answering in time
		}
		return "", &AuthError{Endpoint: rawURL, Message: fmt.Sprintf("login as %s failed: %v", r.who, err), Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	x.Status, x.Latency, x.Err = resp.StatusCode, s.now().Sub(start), err
	s.observe(x) // the status only: a login's answer is never quoted

	if resp.StatusCode != http.StatusOK {
		ae := &AuthError{Endpoint: rawURL, Status: resp.StatusCode, Message: loginStatusMessage(rawURL, resp.StatusCode, r)}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			ae.retryAfter, ae.hasRetryAfter = ParseRetryAfter(resp.Header, s.now())
		}
		return "", ae
	}
	if err != nil {
		err = &NetworkError{URL: rawURL, Err: err}
		return "", &AuthError{Endpoint: rawURL, Status: resp.StatusCode, Message: fmt.Sprintf("login as %s: reading the answer failed: %v", r.who, err), Err: err}
	}
	var answer struct {
		Token        string `json:"token"`
		SessionToken string `json:"sessionToken"` // OboAuthResponse spells it this way
	}
	if json.Unmarshal(data, &answer) != nil || answer.Token+answer.SessionToken == "" {
		return "", &AuthError{Endpoint: rawURL, Status: resp.StatusCode, Message: fmt.Sprintf(
			"login as %s: %s answered 200 without a token; is this URL really the pod's login service?", r.who, rawURL)}
	}
	if answer.Token != "" {
		return Secret(answer.Token), nil
	}
	return Secret(answer.SessionToken), nil
}

func loginStatusMessage(rawURL string, status int, r refusal) string {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Sprintf("authentication was refused for %s (HTTP %d from %s): %s", r.who, status, rawURL, r.check)
	case status == http.StatusProxyAuthRequired:
		return fmt.Sprintf("login as %s: the proxy refused our credentials (HTTP 407): check proxy.username and proxy.password", r.who)
	case status == http.StatusNotFound:
		return fmt.Sprintf("login as %s: %s does not exist (HTTP 404): check host, port and context in the config", r.who, rawURL)
	case status == http.StatusTooManyRequests:
		return fmt.Sprintf("login as %s: the pod is limiting logins (HTTP 429 from %s); wait a little", r.who, rawURL)
	case status >= 500:
		return fmt.Sprintf("login as %s: the pod's login service failed (HTTP %d from %s); try again later", r.who, status, rawURL)
	}
	return fmt.Sprintf("login as %s failed with HTTP %d from %s", r.who, status, rawURL)
}
