package emulator

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// viaAppKey marks the context of a request made with a session obtained on
// behalf of a user; its value is the app id.
type viaAppKey struct{}

// viaApp is the app acting for the caller, "" for a session of the user's own.
func viaApp(r *http.Request) string {
	app, _ := r.Context().Value(viaAppKey{}).(string)
	return app
}

// actsAsAdmin: an administrator's session may act on rooms it is not a
// member of. A session obtained through an app never does: the app can do
// no more than the user could in the rooms themselves, whatever roles the
// user holds. Call with e.mu held.
func actsAsAdmin(r *http.Request, u *user) bool {
	return isAdmin(u) && viaApp(r) == ""
}

// oboGate checks a request made on behalf of a user against the table and
// the app's permissions, with e.mu held. It answers 0 when the request may
// go on, else the status and the message of the refusal.
func (e *Emulator) oboGate(r *http.Request, appID string) (int, string) {
	route := r.Pattern
	ep := oboByRoute[routeKey(route)]
	if ep == nil {
		return http.StatusForbidden, route + " is not available on behalf of a user: it needs the user's own session or an administrator's"
	}
	app := e.st.accounts[strings.ToLower(appID)]
	if app == nil {
		return http.StatusForbidden, fmt.Sprintf("The app %s is no longer registered", appID)
	}
	var missing []string
	for _, p := range ep.Permissions {
		if !app.Permissions[p] {
			missing = append(missing, p)
		}
	}
	switch {
	case len(missing) == 0, ep.AnyOf && len(missing) < len(ep.Permissions):
		return 0, ""
	case ep.AnyOf:
		return http.StatusForbidden, fmt.Sprintf("The app %s lacks the permission %s (or %s) needed to call %s on behalf of a user",
			appID, missing[0], strings.Join(missing[1:], " or "), route)
	default:
		return http.StatusForbidden, fmt.Sprintf("The app %s lacks the permission %s needed to call %s on behalf of a user",
			appID, strings.Join(missing, " and "), route)
	}
}

// withApp returns r marked as made through app.
func withApp(r *http.Request, app string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), viaAppKey{}, app))
}

// grantAppPermissions gives each app the permissions Options.AppPermissions
// names for it, and every permission to an app it does not name.
func (e *Emulator) grantAppPermissions() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, acc := range e.st.accounts {
		if !acc.IsApp {
			continue
		}
		names, ok := e.opts.AppPermissions[acc.Subject]
		if !ok {
			names = appPermissions
		}
		acc.Permissions = permissionSet(names)
	}
}

func permissionSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// maxPermissionNames bounds a permission list given to the control API or
// the options (duplicates included).
const maxPermissionNames = 64

// checkPermissions says what is wrong with a list of permission names for
// app, "" when nothing is.
func (e *Emulator) checkAppPermissions(app string, names []string) string {
	if !strings.EqualFold(app, AppID) {
		return fmt.Sprintf("unknown app %q: the emulator registers the app %q", clip(app, 100), AppID)
	}
	return checkPermissionNames(names)
}

func checkPermissionNames(names []string) string {
	if len(names) > maxPermissionNames {
		return fmt.Sprintf("%d permissions: want at most %d names", len(names), maxPermissionNames)
	}
	for _, n := range names {
		if !isPermission(n) {
			return fmt.Sprintf("unknown permission %q: want some of %s", clip(n, 100), strings.Join(appPermissions, ", "))
		}
	}
	return ""
}

// SetAppPermissions replaces the permissions granted to an app (by id);
// sessions already issued are judged by the new set from their next call.
func (e *Emulator) SetAppPermissions(app string, names []string) error {
	if msg := e.checkAppPermissions(app, names); msg != "" {
		return fmt.Errorf("emulator: %s", msg)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.accounts[strings.ToLower(app)].Permissions = permissionSet(names)
	return nil
}

// GrantedPermissions lists the permissions an app holds, in the table's
// order; false when there is no such app.
func (e *Emulator) GrantedPermissions(app string) ([]string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	acc := e.st.accounts[strings.ToLower(app)]
	if acc == nil || !acc.IsApp {
		return nil, false
	}
	out := []string{}
	for _, p := range appPermissions {
		if acc.Permissions[p] {
			out = append(out, p)
		}
	}
	return out, true
}

// appControl is the body and the answer of the control API's app routes.
type appControl struct {
	Permissions []string `json:"permissions"`
}

// handleAppPermissions answers GET /_emulator/apps/{appId}/permissions.
func (e *Emulator) handleAppPermissions(w http.ResponseWriter, r *http.Request) {
	granted, ok := e.GrantedPermissions(r.PathValue("appId"))
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("unknown app %q: the emulator registers the app %q", clip(r.PathValue("appId"), 100), AppID))
		return
	}
	writeJSON(w, http.StatusOK, appControl{Permissions: granted})
}

// handleSetAppPermissions is POST /_emulator/apps/{appId}/permissions
// {"permissions": [...]}: the app's whole grant, replaced ([] grants none).
func (e *Emulator) handleSetAppPermissions(w http.ResponseWriter, r *http.Request) {
	app := r.PathValue("appId")
	if _, ok := e.GrantedPermissions(app); !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("unknown app %q: the emulator registers the app %q", clip(app, 100), AppID))
		return
	}
	var body struct {
		Permissions *[]string `json:"permissions"`
	}
	if err := decodeStrict(r, &body); err != nil || body.Permissions == nil {
		why := "permissions is required"
		if err != nil {
			why = err.Error()
		}
		writeError(w, http.StatusBadRequest, `The body must be {"permissions": ["GET_PRESENCE", ...]}: `+why)
		return
	}
	if err := e.SetAppPermissions(app, *body.Permissions); err != nil {
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "emulator: "))
		return
	}
	granted, _ := e.GrantedPermissions(app)
	writeJSON(w, http.StatusOK, appControl{Permissions: granted})
}

// validateAppPermissions checks Options.AppPermissions.
func validateAppPermissions(m map[string][]string) error {
	for app, names := range m {
		if app != AppID {
			return fmt.Errorf("app permissions: unknown app %q: the emulator registers the app %q", clip(app, 100), AppID)
		}
		if msg := checkPermissionNames(names); msg != "" {
			return fmt.Errorf("app permissions of %s: %s", app, msg)
		}
	}
	return nil
}
