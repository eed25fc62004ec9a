package emulator

import "net/http"

// authedHandler is a pod handler that runs for a valid session. caller is the
// session's user; the handler runs WITHOUT e.mu held.
type authedHandler func(w http.ResponseWriter, r *http.Request, caller *user)

// authed checks the sessionToken header: a missing, unknown or expired token
// gets 401 {"code":401,"message":"Invalid session"} as the spec's example.
func (e *Emulator) authed(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("sessionToken")
		var caller *user
		e.locked(func() {
			s := e.st.sessions[token]
			// App sessions (OBO step one) and key manager tokens do not open the pod.
			if s != nil && s.ExpiresAt > e.now().UnixMilli() && s.UserID != 0 && !s.KeyManager {
				caller = e.st.users[s.UserID]
			}
		})
		if caller == nil {
			writeError(w, http.StatusUnauthorized, "Invalid session")
			return
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
