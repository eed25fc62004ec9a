package emulator

import "net/http"

// authedHandler is a pod handler that runs for a valid session. caller is the
// session's user; the handler runs WITHOUT e.mu held.
type authedHandler func(w http.ResponseWriter, r *http.Request, caller *user)

// authed checks the sessionToken header: a missing, unknown or expired token
// gets 401 {"code":401,"message":"Invalid session"} as the spec's example.
// A session obtained by an app on behalf of a user reaches only the
// endpoints enabled for that (see OBOEndpoints), each only with the app
// permissions it needs; anything else is 403 naming what is missing. Its
// handler sees the request marked with the app (see viaApp).
func (e *Emulator) authed(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("sessionToken")
		var caller *user
		var app string
		status, msg := 0, ""
		e.locked(func() {
			s := e.st.sessions[token]
			// App sessions (OBO step one) and key manager tokens do not open the pod.
			if s != nil && s.ExpiresAt > e.now().UnixMilli() && s.UserID != 0 && !s.KeyManager {
				caller = e.st.users[s.UserID]
				app = s.AppID
			}
			if caller != nil && app != "" {
				status, msg = e.oboGate(r, app)
			}
		})
		if caller == nil {
			writeError(w, http.StatusUnauthorized, "Invalid session")
			return
		}
		if status != 0 {
			writeError(w, status, msg)
			return
		}
		if app != "" {
			r = withApp(r, app)
		}
		h(w, r, caller)
	}
}

// hasRole reports whether u holds any of roles. Call with e.mu held.
func (u *user) hasRole(roles ...string) bool {
	for _, have := range u.Roles {
		for _, want := range roles {
			if have == want {
				return true
			}
		}
	}
	return false
}
