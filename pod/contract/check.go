package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// controlPrefix is the emulator's own control API, which no specification describes.
const controlPrefix = "/_emulator/"

// maxMessage bounds a violation message: a systematic mismatch in a 1000-row page would
// otherwise repeat once per row.
const maxMessage = 1500

// secretHeaders are never echoed, even when the validator quotes a request.
var secretHeaders = []string{"sessionToken", "keyManagerToken", "Authorization"}

// Violation is one way an exchange breaks the specification.
type Violation struct {
	Method    string // request method
	Path      string // request path, without the query
	Operation string // "METHOD /mount/template" when the route is in a specification
	Status    int    // response status; 0 for a request violation
	Message   string // what the validator found; never holds header secrets
}

func (v *Violation) Error() string {
	side := "request"
	if v.Status != 0 {
		side = fmt.Sprintf("response %d", v.Status)
	}
	return fmt.Sprintf("%s %s: %s: %s", v.Method, v.Path, side, v.Message)
}

// Check validates one exchange: the request (route, method, parameters, headers, body) and,
// when resp is not nil, the response (status declared, body matching its schema). The bodies
// are passed separately because the caller has usually consumed them. Requests under
// /_emulator/ are skipped. The error joins every *Violation found.
func (v *Validator) Check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) error {
	_, err := v.check(req, reqBody, resp, respBody)
	return err
}

// check is Check that also names the operation the request routed to ("" when none).
func (v *Validator) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) (string, error) {
	path := req.URL.Path
	if strings.HasPrefix(path, controlPrefix) {
		return "", nil
	}
	violation := func(status int, op, format string, args ...any) *Violation {
		msg := redact(fmt.Sprintf(format, args...), req.Header)
		if len(msg) > maxMessage {
			cut := maxMessage
			for !utf8.RuneStart(msg[cut]) {
				cut--
			}
			msg = msg[:cut] + " …"
		}
		return &Violation{Method: req.Method, Path: path, Operation: op, Status: status, Message: msg}
	}

	route, params, err := v.findRoute(req)
	if err != nil {
		return "", violation(0, "", "%v", err)
	}
	op := req.Method + " " + mountOf(path) + route.Path

	opts := &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
		// A body sent where none is declared is ignored by a pod: the client misread the contract.
		RejectWhenRequestBodyNotSpecified: true,
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		// Keep values out of messages: a body may carry a JWT or a session token.
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
	}
	validationReq := req.Clone(context.Background())
	validationReq.Body = io.NopCloser(bytes.NewReader(reqBody))
	validationReq.ContentLength = int64(len(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: validationReq, PathParams: params, Route: route, Options: opts}

	var errs []error
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		if err = allowed(op, 0, err); err != nil {
			errs = append(errs, violation(0, op, "%v", err))
		}
	}
	for _, name := range undeclaredQuery(route, req.URL.Query()) {
		errs = append(errs, violation(0, op, "query parameter %q is not declared", name))
	}
	if resp != nil && req.Method != http.MethodHead {
		if err := v.checkResponse(in, op, resp, respBody); err != nil {
			errs = append(errs, violation(resp.StatusCode, op, "%v", err))
		}
	}
	return op, errors.Join(errs...)
}

func (v *Validator) checkResponse(in *openapi3filter.RequestValidationInput, op string, resp *http.Response, body []byte) error {
	if resp.StatusCode == http.StatusNoContent && len(body) > 0 {
		return errors.New("204 No Content with a body")
	}
	declared := in.Route.Operation.Responses.Status(resp.StatusCode) != nil
	if extra := undeclaredSchema(op, resp.StatusCode); extra != nil && !declared {
		if len(body) == 0 || !isJSON(resp.Header) {
			return nil
		}
		return validateValue(extra, body)
	}
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                in.Options,
	})
	return allowed(op, resp.StatusCode, err)
}

// undeclaredQuery lists the query parameters the operation does not declare: a pod ignores
// them, so a client sending one has misread the contract (paging a list that has no paging).
func undeclaredQuery(route *routers.Route, query url.Values) []string {
	var names []string
	for name := range query {
		if route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil &&
			route.PathItem.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (v *Validator) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	r, ok := v.routers[mountOf(req.URL.Path)]
	if !ok {
		return nil, nil, errors.New("no specification covers this path")
	}
	route, params, err := r.FindRoute(req)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return nil, nil, errors.New("endpoint not in the specification")
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return nil, nil, errors.New("method not declared for this path in the specification")
	case err != nil:
		return nil, nil, err
	}
	return route, params, nil
}

// mountOf returns the first path segment with its slash: "/pod" for "/pod/v2/sessioninfo".
func mountOf(path string) string {
	if i := strings.IndexByte(path[min(1, len(path)):], '/'); i >= 0 {
		return path[:i+1]
	}
	return path
}

func isJSON(h http.Header) bool {
	ct := h.Get("Content-Type")
	return strings.HasPrefix(ct, "application/json") || strings.Contains(ct, "+json")
}

// redact removes the values of secret headers from a message.
func redact(msg string, h http.Header) string {
	for _, name := range secretHeaders {
		for _, val := range h.Values(name) {
			if len(val) >= 4 {
				msg = strings.ReplaceAll(msg, val, "[redacted]")
			}
		}
	}
	return msg
}
