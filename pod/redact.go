package pod

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"symtui/redact"
)

// Param is one parameter of a call as the observer reports it: a path
// value ("uid"), a query value, or a field of the JSON body
// ("userAttributes.displayName"). A value whose name or shape says it is
// a secret is Withheld.
type Param struct {
	Name  string
	Value string
}

// Withheld stands in for a secret: a value whose name says it is one (a
// password, a key, a token), or whose shape does (redact.Secrets).
const Withheld = redact.Withheld

// maxParamValue bounds one value reported: enough to read an id list or
// a room's description, never a whole payload.
const maxParamValue = 256

// secretNames are parts of a parameter's name that make its value a
// secret, whatever it looks like.
var secretNames = []string{"password", "passwd", "secret", "token", "jwt", "credential", "salt", "authorization", "cookie", "signature"}

// SecretName reports whether a parameter called name holds a secret: its
// name says password, secret, token, salt... or ends in "key"
// ("privateKey", "apiKey").
func SecretName(name string) bool {
	n := strings.ToLower(name)
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		n = n[i+1:]
	}
	return strings.HasSuffix(n, "key") || slices.ContainsFunc(secretNames, func(s string) bool { return strings.Contains(n, s) })
}

// paramValue is v as reported: withheld when its name or its shape says
// secret, and cut to maxParamValue bytes.
func paramValue(name, v string) string {
	if SecretName(name) {
		return Withheld
	}
	v = redact.Secrets(v)
	if len(v) > maxParamValue {
		cut := maxParamValue
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut] + "…"
	}
	return v
}

// loggedParams are the call's parameters for the observer: the path
// values by their placeholder's name, the query in key order, then the
// JSON body's fields (nested objects flattened to "a.b"; arrays and deeper
// objects as compact JSON). Secrets are withheld by name and by shape.
func (cl call) loggedParams(payload []byte) []Param {
	var out []Param
	rest, values := cl.route, cl.params
	for len(values) > 0 {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			break
		}
		name := rest[open+1 : end]
		out = append(out, Param{Name: name, Value: paramValue(name, values[0])})
		rest, values = rest[end+1:], values[1:]
	}
	keys := make([]string, 0, len(cl.query))
	for k := range cl.query {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, Param{Name: k, Value: paramValue(k, strings.Join(cl.query[k], ","))})
	}
	if len(payload) > 0 {
		out = append(out, bodyParams(payload)...)
	}
	return out
}

// bodyParams flattens a JSON body into named values (see loggedParams).
func bodyParams(payload []byte) []Param {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return []Param{{Name: "body", Value: "(not JSON)"}}
	}
	var out []Param
	var walk func(prefix string, v any, depth int)
	walk = func(prefix string, v any, depth int) {
		if obj, ok := v.(map[string]any); ok && depth < 3 {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				name := k
				if prefix != "" {
					name = prefix + "." + k
				}
				if SecretName(k) {
					out = append(out, Param{Name: name, Value: Withheld})
					continue
				}
				walk(name, obj[k], depth+1)
			}
			return
		}
		if prefix == "" {
			prefix = "body"
		}
		out = append(out, Param{Name: prefix, Value: paramValue(prefix, jsonText(withheldFields(v)))})
	}
	walk("", v, 0)
	return out
}

// withheldFields is v with the values of secret-named fields, at any
// depth, replaced by Withheld.
func withheldFields(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			if SecretName(k) {
				out[k] = Withheld
			} else {
				out[k] = withheldFields(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = withheldFields(x)
		}
		return out
	}
	return v
}

// jsonText is a decoded JSON value as text: a string bare, anything else
// as compact JSON.
func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
