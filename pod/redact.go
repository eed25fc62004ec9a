package pod

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Param is one parameter of a call as the observer reports it: a path
// value ("uid"), a query value, or a field of the JSON body
// ("userAttributes.displayName"). A value whose name or shape says it is
// a secret is Withheld.
type Param struct {
	Name  string
	Value string
}

// Withheld stands in for a secret: a value named like one (a password,
// a key, a token), or a string shaped like one (a JWT, a PEM block, a
// long opaque token).
const Withheld = "[redacted]"

// maxParamValue bounds one value reported: enough to read an id list or
// a room's description, never a whole payload.
const maxParamValue = 256

var (
	// pemBlock matches a PEM block, whole or cut off.
	pemBlock = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]+-----(?s:.*?)(?:-----END [A-Z0-9 ]+-----|$)`)
	// opaqueToken matches a run of 40 or more characters of the base64
	// or hex alphabets: a session token, a key's body, a signature (when
	// it mixes letters and digits, see opaque). No id of the pod is that
	// long (stream ids are 22 to 28).
	opaqueToken = regexp.MustCompile(`[A-Za-z0-9+/_=-]{40,}`)
)

// WithholdSecrets replaces what is shaped like a secret in free text (a
// JWT, a PEM block, a long opaque token) with Withheld. It is for text
// that leaves the client's hands for an operator to read: the log of
// calls, the pod's messages quoted there.
func WithholdSecrets(s string) string {
	if len(s) < 40 && !strings.Contains(s, "eyJ") && !strings.Contains(s, "-----BEGIN") {
		return s
	}
	s = pemBlock.ReplaceAllString(s, Withheld)
	s = jwtLike.ReplaceAllString(s, Withheld)
	return opaqueToken.ReplaceAllStringFunc(s, opaque)
}

// opaque withholds a long run of the token alphabets that mixes letters
// and digits, as random bytes encoded do. A long word of letters and
// dashes ("a-very-long-room-name-without-any-space") is text, and so is a
// path, told by its words ("/pod/v3/room/AbC…/info"): base64 has '/' too,
// but almost never two lowercase words between them.
func opaque(run string) string {
	if !strings.ContainsAny(run, "0123456789") || strings.IndexFunc(run, isASCIILetter) < 0 {
		return run
	}
	words := 0
	for _, seg := range strings.Split(run, "/") {
		if len(seg) >= 3 && strings.Trim(seg, "abcdefghijklmnopqrstuvwxyz") == "" {
			words++
		}
	}
	if words >= 2 {
		return run
	}
	return Withheld
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

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
	v = WithholdSecrets(v)
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
