package emulator

import "net/http"

func (e *Emulator) systemRoutes() {
	e.handle("GET /pod/v1/files/allowedTypes", e.authed(e.handleAllowedTypes))
	e.handle("GET /pod/v1/admin/system/protocols/list", e.authed(e.handleProtocols))
}

// allowedFileTypes are the attachment types of the emulated pod (the
// spec's example and a few more).
var allowedFileTypes = []string{".bmp", ".csv", ".doc", ".docx", ".gif", ".jpg", ".mp4", ".pdf", ".png", ".txt", ".xlsx", ".zip"}

// uriProtocols are the URI schemes the emulated pod turns into links.
var uriProtocols = []string{"http", "https", "ftp", "mailto", "tel"}

// handleAllowedTypes is GET /pod/v1/files/allowedTypes, open to any session.
func (e *Emulator) handleAllowedTypes(w http.ResponseWriter, r *http.Request, caller *user) {
	writeJSON(w, http.StatusOK, allowedFileTypes)
}

// handleProtocols is GET /pod/v1/admin/system/protocols/list. Despite its
// path it is open to any session: the documentation enables it for apps
// acting on behalf of a user, who need it to render messages.
func (e *Emulator) handleProtocols(w http.ResponseWriter, r *http.Request, caller *user) {
	writeJSON(w, http.StatusOK, uriProtocols)
}
