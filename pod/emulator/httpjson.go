package emulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// podError is the pod's error body, identical across pod, login and authenticator.
type podError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// writeError answers with the pod's error body. The code field is the HTTP
// status (the spec's 404 examples carry 403, a copy-paste bug we do not copy).
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, podError{Code: status, Message: message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeSuccess answers a SuccessResponse.
func writeSuccess(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusOK, map[string]string{"format": "TEXT", "message": message})
}

// decodeBody reads a JSON body into v. Real pods accept chunked bodies and
// bodies without Content-Type, so neither is checked here.
func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return err
	}
	if len(body) == 0 {
		return errors.New("request body is required")
	}
	return json.Unmarshal(body, v)
}
