package contract

import (
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// errorSchema is the specifications' Error body: {code: int32, message: string}.
var errorSchema = openapi3.NewObjectSchema().
	WithProperty("code", openapi3.NewInt32Schema()).
	WithProperty("message", openapi3.NewStringSchema())

// undeclaredStatuses are statuses no operation declares but that clients must handle: rate
// limiting and the gateways in front of a pod answer them on any route. Their body, when JSON,
// must still be the Error shape.
var undeclaredStatuses = map[int]*openapi3.Schema{
	429: errorSchema, // rate limited; pods send it, the spec never mentions it
	502: errorSchema, // bad gateway in front of the pod
	503: errorSchema, // pod under maintenance
	504: errorSchema, // gateway timeout
}

// undeclaredOn are statuses one operation does not declare but a pod answers there all the
// same; the body must be the Error shape. Each names why.
var undeclaredOn = []struct {
	op     string
	status int
	reason string
}{
	{"GET /pod/v2/user/presence", 403, "a session obtained on behalf of a user is refused when the app lacks GET_PRESENCE"},
	{"POST /pod/v2/user/presence", 403, "a session obtained on behalf of a user is refused when the app lacks SET_PRESENCE"},
}

// undeclaredSchema is the body schema of a status the operation does not declare but that
// a pod may answer (see undeclaredStatuses and undeclaredOn); nil when there is none.
func undeclaredSchema(op string, status int) *openapi3.Schema {
	if s, ok := undeclaredStatuses[status]; ok {
		return s
	}
	for _, u := range undeclaredOn {
		if u.op == op && u.status == status {
			return errorSchema
		}
	}
	return nil
}

// quirk allows one specific schema error on one operation, where the official specification
// is wrong and a correct exchange would otherwise fail.
type quirk struct {
	op      string // "METHOD /mount/template"
	status  int    // response status; 0 for the request body
	pointer string // JSON pointer of the value; "*" matches one segment (an array index)
	reason  string // why the specification is wrong here
}

// openObjects are component schemas that accept properties they do not declare (closeObjects
// closes every other object), each with the specification's reason.
var openObjects = map[string]string{
	// agent: "The attributes may vary according to the action. There are different types of
	// action and each action could have specific attributes."
	"V1AuditTrailInitiatorResponse": "attributes vary by action",
}

// quirks is deliberately short: each entry names the operation, the field and the reason.
// None is needed so far: every exchange the tests drive matches the published schemas.
var quirks = []quirk{}

func validateValue(schema *openapi3.Schema, body []byte) error {
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return err
	}
	return schema.VisitJSON(value, openapi3.MultiErrors(), openapi3.VisitAsResponse(), openapi3.DisableSchemaErrorDetails())
}

// allowed drops the schema errors in err that a quirk covers and returns what is left.
func allowed(op string, status int, err error) error {
	return filterErrors(err, func(e *openapi3.SchemaError) bool {
		pointer := "/" + strings.Join(e.JSONPointer(), "/")
		for _, q := range quirks {
			if q.op == op && q.status == status && pointerMatches(q.pointer, pointer) {
				return false
			}
		}
		return true
	})
}

// filterErrors rebuilds err keeping only the schema errors keep accepts; nil when none is left.
func filterErrors(err error, keep func(*openapi3.SchemaError) bool) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *openapi3.SchemaError:
		if keep(e) {
			return e
		}
		return nil
	case openapi3.MultiError:
		var left openapi3.MultiError
		for _, inner := range e {
			if inner = filterErrors(inner, keep); inner != nil {
				left = append(left, inner)
			}
		}
		if len(left) == 0 {
			return nil
		}
		return left
	case *openapi3filter.RequestError:
		return filterWrapped(e, e.Err, keep, func(inner error) error {
			copied := *e
			copied.Err = inner
			return &copied
		})
	case *openapi3filter.ResponseError:
		return filterWrapped(e, e.Err, keep, func(inner error) error {
			copied := *e
			copied.Err = inner
			return &copied
		})
	}
	return err
}

// filterWrapped filters the schema errors inside a request or response error: nil when none
// is left, else a copy of the wrapper (made by rewrap) around what is left. A wrapper with no
// inner error is not a schema failure and stays as it is.
func filterWrapped(wrapper, inner error, keep func(*openapi3.SchemaError) bool, rewrap func(error) error) error {
	if inner == nil {
		return wrapper
	}
	if inner = filterErrors(inner, keep); inner == nil {
		return nil
	}
	return rewrap(inner)
}

func pointerMatches(pattern, pointer string) bool {
	ps, vs := strings.Split(pattern, "/"), strings.Split(pointer, "/")
	if len(ps) != len(vs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != vs[i] {
			return false
		}
	}
	return true
}
