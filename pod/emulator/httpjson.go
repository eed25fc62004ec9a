package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
// bodies without Content-Type, so neither is checked here. The root handler
// has already read the body within MaxBodyBytes (a larger one is a 413).
func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(body) == 0 {
		return errors.New("request body is required")
	}
	return json.Unmarshal(body, v)
}

// decodeStrict is decodeBody refusing fields v does not have, fields in
// another case than v spells them (encoding/json would take "droprate" for
// "dropRate") and anything after the value: the control API says what is
// wrong rather than ignore a misspelt field.
func decodeStrict(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(body) == 0 {
		return errors.New("request body is required")
	}
	return unmarshalStrict(body, v)
}

func unmarshalStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) != nil {
		return nil // not an object: Decode accepted it (null)
	}
	known := jsonFieldNames(reflect.TypeOf(v).Elem())
	for name := range fields {
		if !slices.Contains(known, name) {
			return fmt.Errorf("unknown field %q", name)
		}
	}
	return nil
}

// jsonFieldNames lists the JSON names of a struct type's fields.
func jsonFieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

// locked runs fn with the pod's lock held and releases it even when fn
// panics, so a failing handler never leaves the pod wedged.
func (e *Emulator) locked(fn func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn()
}

// maxSearchTerms bounds the distinct words of a search query: each is
// matched against every user or room with the pod's lock held, and a 2 MB
// query of "a a a ..." held it for seconds.
const maxSearchTerms = 64

// searchTerms splits a query into its distinct lower-cased words; false
// when there are more than maxSearchTerms.
func searchTerms(query string) ([]string, bool) {
	var terms []string
	seen := map[string]bool{}
	for t := range strings.FieldsSeq(strings.ToLower(query)) {
		if seen[t] {
			continue
		}
		if len(terms) == maxSearchTerms {
			return nil, false
		}
		seen[t] = true
		terms = append(terms, t)
	}
	return terms, true
}

var msgTooManyTerms = "The query has more than " + strconv.Itoa(maxSearchTerms) + " distinct words"
