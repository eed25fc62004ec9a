package emulator

import (
	"net/http"
	"slices"
	"strconv"
)

func (e *Emulator) followRoutes() {
	e.handle("POST /pod/v1/user/{uid}/follow", e.authed(e.handleFollow(true)))
	e.handle("POST /pod/v1/user/{uid}/unfollow", e.authed(e.handleFollow(false)))
}

// followersList is FollowersList.
type followersList struct {
	Followers []int64 `json:"followers"`
}

// maxFollowers bounds one request's list, as the other user id lists are.
const maxFollowers = 1000

// handleFollow makes the listed users follow (or stop following) the user
// in the path. The spec does not say who may: here anyone may make
// themselves follow a user, and only an administrator (never through an
// app) may make others. Following twice, or unfollowing someone not
// followed, changes nothing.
func (e *Emulator) handleFollow(follow bool) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, caller *user) {
		uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "uid must be a decimal user id")
			return
		}
		var body followersList
		if err := decodeBody(r, &body); err != nil || len(body.Followers) == 0 || len(body.Followers) > maxFollowers {
			writeError(w, http.StatusBadRequest, `The body must be {"followers": [<user id>, ...]} with 1 to 1000 ids`)
			return
		}
		e.respond(w, func() reply {
			if e.st.users[uid] == nil {
				return replyError(http.StatusBadRequest, "User cannot be found: "+itoa(uid))
			}
			for _, f := range body.Followers {
				if e.st.users[f] == nil {
					return replyError(http.StatusBadRequest, "User cannot be found: "+itoa(f))
				}
				if f != caller.ID && !actsAsAdmin(r, caller) {
					return replyError(http.StatusForbidden, "Only an administrator can make other users follow a user")
				}
				if f == uid {
					return replyError(http.StatusBadRequest, "A user cannot follow themselves")
				}
			}
			if e.st.following == nil {
				e.st.following = map[int64]map[int64]bool{}
			}
			for _, f := range body.Followers {
				if follow {
					if e.st.following[f] == nil {
						e.st.following[f] = map[int64]bool{}
					}
					e.st.following[f][uid] = true
				} else {
					delete(e.st.following[f], uid)
				}
			}
			msg := "User(s) successfully added in the list of followers" // the spec's examples
			if !follow {
				msg = "User(s) successfully removed from the list of followers"
			}
			return replyOK(map[string]string{"format": "TEXT", "message": msg})
		})
	}
}

// Followers lists, by id, the users who follow uid.
func (e *Emulator) Followers(uid int64) []int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []int64
	for f, set := range e.st.following {
		if set[uid] {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}
