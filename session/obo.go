package session

import (
	"context"
	"errors"
	"strconv"
)

// OnBehalf says for whom a session acts when it logs in through an app.
type OnBehalf struct {
	AppID    string
	UserID   int64  // set when the user was named by id
	Username string // set when the user was named by username
}

// User is the user as the operator named them: the id or the username.
func (o OnBehalf) User() string {
	if o.Username != "" {
		return o.Username
	}
	return strconv.FormatInt(o.UserID, 10)
}

// OnBehalf reports the app and the user the session acts for; false for a
// session of a service account.
func (s *Session) OnBehalf() (OnBehalf, bool) {
	if s.opts.OBOUserID == 0 && s.opts.OBOUsername == "" {
		return OnBehalf{}, false
	}
	return OnBehalf{AppID: s.cfg.App.AppID, UserID: s.opts.OBOUserID, Username: s.opts.OBOUsername}, true
}

// AuthenticateApp performs only the app's own login, the first step of an
// on-behalf-of login, with the usual retries, and forgets the app token:
// it tells an app the pod refuses from a user the app may not act for.
func (s *Session) AuthenticateApp(ctx context.Context) error {
	if _, ok := s.OnBehalf(); !ok {
		return errors.New("session: not acting on behalf of a user: there is no app login")
	}
	_, err := s.retryLogin(ctx, s.loginApp, false)
	return err
}
