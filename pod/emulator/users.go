package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// userRoutes registers the users family: session info, directory lookups and
// search (any session), and the admin user endpoints (users_admin.go).
func (e *Emulator) userRoutes() {
	e.handle("GET /pod/v2/sessioninfo", e.authed(e.handleSessionInfo))
	e.handle("POST /pod/v1/user/search", e.authed(e.handleUserSearch))
	e.handle("GET /pod/v3/users", e.authed(e.handleUsersLookup))
	e.handle("GET /pod/v2/user", e.authed(e.handleUserLookup))
	e.adminUserRoutes()
}

func (e *Emulator) handleSessionInfo(w http.ResponseWriter, r *http.Request, caller *user) {
	e.respond(w, func() reply { return replyOK(caller.toUserV2()) })
}

// userSearchQuery is UserSearchQuery, echoed back in UserSearchResults.
type userSearchQuery struct {
	Query   string            `json:"query,omitempty"`
	Filters *userSearchFilter `json:"filters,omitempty"`
}

type userSearchFilter struct {
	AccountTypes   stringOrList `json:"accountTypes,omitempty"`
	Title          string       `json:"title,omitempty"`
	Company        string       `json:"company,omitempty"`
	Location       string       `json:"location,omitempty"`
	MarketCoverage string       `json:"marketCoverage,omitempty"`
	Responsibility string       `json:"responsibility,omitempty"`
	Function       string       `json:"function,omitempty"`
	Instrument     string       `json:"instrument,omitempty"`
}

// stringOrList accepts a JSON list of strings or a single string: the spec
// types accountTypes as a list but its example is the bare string "NORMAL".
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = stringOrList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

type userSearchResults struct {
	Count       int64           `json:"count"`
	Skip        int64           `json:"skip"`
	Limit       int64           `json:"limit"`
	SearchQuery userSearchQuery `json:"searchQuery"`
	Users       []userV2        `json:"users"`
}

// handleUserSearch is POST /pod/v1/user/search: every query term must occur
// in the first, last or display name or the email (case-insensitive); filters
// compare case-insensitively. Disabled users are not in the directory.
// local=true leaves other pods' users out. 204 when nothing matches.
func (e *Emulator) handleUserSearch(w http.ResponseWriter, r *http.Request, caller *user) {
	skip, limit, ok := querySkipLimit(w, r, 50, 0)
	if !ok {
		return
	}
	local := r.URL.Query().Get("local") == "true"
	var q userSearchQuery
	if err := decodeBody(r, &q); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid search query: "+err.Error())
		return
	}
	terms, ok := searchTerms(q.Query)
	if !ok {
		writeError(w, http.StatusBadRequest, msgTooManyTerms)
		return
	}
	res := userSearchResults{Skip: int64(skip), Limit: int64(limit), SearchQuery: q, Users: []userV2{}}
	e.locked(func() {
		for _, id := range e.st.userOrder {
			u := e.st.users[id]
			if u.Status != "ENABLED" || (local && u.External) || !u.matchesTerms(terms) || !q.Filters.matches(u) {
				continue
			}
			if res.Count >= int64(skip) && len(res.Users) < limit {
				res.Users = append(res.Users, u.toUserV2())
			}
			res.Count++
		}
	})
	if res.Count == 0 {
		w.WriteHeader(http.StatusNoContent) // "No user found."
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// matchesTerms reports whether every term occurs in u's names or email.
func (u *user) matchesTerms(terms []string) bool {
	if len(terms) == 0 {
		return true
	}
	if u.searchKey == "" {
		u.searchKey = strings.ToLower(u.FirstName + "\x00" + u.LastName + "\x00" + u.DisplayName + "\x00" + u.Email)
	}
	for _, t := range terms {
		if !strings.Contains(u.searchKey, t) {
			return false
		}
	}
	return true
}

func (f *userSearchFilter) matches(u *user) bool {
	if f == nil {
		return true
	}
	eq := func(want, have string) bool { return want == "" || strings.EqualFold(want, have) }
	in := func(want string, have []string) bool {
		if want == "" {
			return true
		}
		for _, h := range have {
			if strings.EqualFold(want, h) {
				return true
			}
		}
		return false
	}
	return (len(f.AccountTypes) == 0 || in(u.AccountType, f.AccountTypes)) &&
		eq(f.Title, u.Title) && eq(f.Company, u.Company) && eq(f.Location, u.Location) &&
		in(f.MarketCoverage, u.MarketCoverage) && in(f.Responsibility, u.Responsibility) &&
		in(f.Function, u.Function) && in(f.Instrument, u.Instrument)
}

// userError is UserError: a lookup entry that was not well formed.
type userError struct {
	Error string `json:"error"`
	Email string `json:"email,omitempty"`
	ID    string `json:"id,omitempty"`
}

type v2UserList struct {
	Users  []userV2    `json:"users"`
	Errors []userError `json:"errors,omitempty"`
}

const maxLookup = 100 // "Search lists may containt up to 100 elements."

// handleUsersLookup is GET /pod/v3/users: exactly one of uid, email or
// username (comma separated, at most 100). Malformed entries are reported
// in errors as invalid.format; well-formed ones that match nobody are left
// out; 204 when there is nothing to answer. active filters on status and
// local=true leaves other pods' users out. Usernames are local to a pod.
func (e *Emulator) handleUsersLookup(w http.ResponseWriter, r *http.Request, caller *user) {
	q := r.URL.Query()
	kind, raw, ok := lookupParam(q.Get("uid"), q.Get("email"), q.Get("username"))
	if !ok {
		writeError(w, http.StatusBadRequest, "Exactly one of uid, email or username must be given")
		return
	}
	var entries []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			entries = append(entries, s)
		}
	}
	if len(entries) > maxLookup {
		writeError(w, http.StatusBadRequest, "Search lists may contain up to "+strconv.Itoa(maxLookup)+" elements")
		return
	}
	local := q.Get("local") == "true"
	active, activeSet := q.Get("active"), q.Has("active")
	if activeSet && active != "true" && active != "false" {
		writeError(w, http.StatusBadRequest, "active must be true or false")
		return
	}
	res := v2UserList{Users: []userV2{}}
	seen := map[int64]bool{}
	e.locked(func() {
		for _, entry := range entries {
			var u *user
			switch kind {
			case "uid":
				id, err := strconv.ParseInt(entry, 10, 64)
				if err != nil || id <= 0 {
					res.Errors = append(res.Errors, userError{Error: "invalid.format", ID: entry})
					continue
				}
				u = e.st.users[id]
			case "email":
				if !wellFormedEmail(entry) {
					res.Errors = append(res.Errors, userError{Error: "invalid.format", Email: entry})
					continue
				}
				u = e.st.byEmail[strings.ToLower(entry)]
			case "username":
				if u = e.st.byUsername[strings.ToLower(entry)]; u != nil && u.External {
					u = nil
				}
			}
			if u == nil || seen[u.ID] || (local && u.External) ||
				(activeSet && (u.Status == "ENABLED") != (active == "true")) {
				continue
			}
			seen[u.ID] = true
			res.Users = append(res.Users, u.toUserV2())
		}
	})
	if len(res.Users) == 0 && len(res.Errors) == 0 {
		w.WriteHeader(http.StatusNoContent) // "No user found."
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// lookupParam picks the one non-empty lookup list; ok is false unless
// exactly one is given.
func lookupParam(uid, email, username string) (kind, raw string, ok bool) {
	n := 0
	for _, p := range []struct{ k, v string }{{"uid", uid}, {"email", email}, {"username", username}} {
		if p.v != "" {
			kind, raw = p.k, p.v
			n++
		}
	}
	return kind, raw, n == 1
}

func wellFormedEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Count(s, "@") == 1 &&
		strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t\r\n<>")
}

// handleUserLookup is GET /pod/v2/user: one user by uid, email or username;
// a username lookup needs local=true (spec note). 204 when not found.
func (e *Emulator) handleUserLookup(w http.ResponseWriter, r *http.Request, caller *user) {
	q := r.URL.Query()
	kind, raw, ok := lookupParam(q.Get("uid"), q.Get("email"), q.Get("username"))
	if !ok {
		writeError(w, http.StatusBadRequest, "Exactly one of uid, email or username must be given")
		return
	}
	local := q.Get("local") == "true"
	var id int64
	switch kind {
	case "uid":
		var err error
		if id, err = strconv.ParseInt(raw, 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, "uid must be a decimal user id")
			return
		}
	case "username":
		if !local {
			writeError(w, http.StatusBadRequest, "A username search requires local=true")
			return
		}
	}
	var found bool
	var v userV2
	e.locked(func() {
		var u *user
		switch kind {
		case "uid":
			u = e.st.users[id]
		case "email":
			u = e.st.byEmail[strings.ToLower(raw)]
		case "username":
			u = e.st.byUsername[strings.ToLower(raw)]
		}
		if found = u != nil && !(local && u.External); found {
			v = u.toUserV2()
		}
	})
	if !found {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
